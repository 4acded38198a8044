package io.github.ptcheck.explore;

import io.github.ptcheck.check.StrategyFailure;

import java.lang.invoke.VarHandle;

/**
 * Where one thread of a search is making a strategy call: a state (its number, or its position
 * in a level or batch) and the operation out of it ({@link #TEARDOWN} for the teardown from
 * it), or nowhere between calls. Read when the call is given up on, to name its operations.
 *
 * <p>The watcher reads it in {@link #freeze}, on its own thread, at the moment it gives up and
 * before it interrupts the thread: a call that returns then lets its thread run on to the next
 * operation, and a place read later (once every thread has stopped) named that one, or none.
 * The mark is one word, stored after a release fence: a mark the watcher sees that was made
 * after the call returned implies that it also sees the call's end, and the watchdog then does
 * not give up on it ({@code Watchdog}'s check of the call count after the locator ran).
 */
final class Place {

    /** The operation of a teardown (not a transition out of the state). */
    static final int TEARDOWN = -1;
    private static final long NOWHERE = -1L;

    /**
     * Written by the searching thread only, each time after a release fence (see above); one
     * word, which a 64-bit JVM stores whole.
     */
    private long mark = NOWHERE;
    /** The mark when the watcher gave up (or a throw went through {@link #freeze}). */
    private volatile long frozen = NOWHERE;

    /** The calls that follow are made for operation {@code op} of state {@code state} (or its teardown). */
    void at(int state, int op) {
        // A fence and a plain store rather than a VarHandle access: the same order (what was
        // stored before, the end of the last call among it, is seen first), and nothing for the
        // JIT to inline in the search's innermost loop.
        VarHandle.releaseFence();
        mark = ((long) state << 32) | (op & 0xFFFF_FFFFL);
    }

    /** Between calls. */
    void clear() {
        VarHandle.releaseFence();
        mark = NOWHERE;
    }

    /** A locator (see {@code Watchdog.locating}): keeps where the thread is now, and leaves {@code f} as it is. */
    StrategyFailure freeze(StrategyFailure f) {
        long m = mark;
        VarHandle.acquireFence();
        frozen = m;
        return f;
    }

    /** Whether {@link #freeze} found the thread inside a call of some state. */
    boolean frozenInside() {
        return frozen != NOWHERE;
    }

    int frozenState() {
        return (int) (frozen >> 32);
    }

    int frozenOp() {
        return (int) frozen;
    }
}
