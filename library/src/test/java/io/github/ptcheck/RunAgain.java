package io.github.ptcheck;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How a test strategy misbehaves on its calls after the first: as a strategy that keeps state
 * (here a count in a static field) can, it behaves on the search's run, then throws or loops
 * only when the search runs the same operations again to build its finding; or it does what the
 * machine asks after the first, so that only the search's run broke an invariant.
 */
public enum RunAgain {
    THROWS,
    /** Parked, taking no core, until {@link #release}. */
    LOOPS,
    /** Neither: from the second call on the strategy acts as it should ({@link #first} is false). */
    PASSES;

    private static int calls;
    private static volatile boolean released;

    /** Before a test: the next call is the first again. */
    public static void reset() {
        calls = 0;
        released = false;
    }

    /** After a test: ends the loop of the thread the watchdog gave up on. */
    public static void release() {
        released = true;
    }

    /** Counts a call, and misbehaves on every one after the first. */
    public void unlessFirst() {
        first();
    }

    /**
     * Counts a call: true for the first; on every one after, throws or loops, or ({@link
     * #PASSES}) is false, for the strategy to act as it should.
     */
    public boolean first() {
        if (calls++ == 0) {
            return true;
        }
        if (this == THROWS) {
            throw new IllegalStateException("called again");
        }
        while (this == LOOPS && !released) {
            LockSupport.parkNanos(1_000_000);
        }
        return false;
    }

    /** A strategy's name: {@code what}, then how it misbehaves (e.g. {@code queues-twice-then-throws}). */
    public String named(String what) {
        return what + "-then-" + name().toLowerCase(Locale.ROOT);
    }
}
