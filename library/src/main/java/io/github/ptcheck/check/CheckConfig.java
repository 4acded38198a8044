package io.github.ptcheck.check;

import io.github.ptcheck.op.Bounds;
import io.vavr.control.Option;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Runner} checks a cell. Immutable; start from {@link #defaults()} and change what
 * you need with the {@code with...} methods.
 *
 * <p>The defaults are chosen so that checking every built-in strategy on every preset it serves
 * takes a few seconds in one JVM, and so that the known-broken strategies are found with every
 * seed.
 *
 * @param seed            the seed of try 0; the same seed and bounds give the same report
 * @param tries           sequences to try at the most (>= 1); default {@value #DEFAULT_TRIES}
 * @param maxLength       operations per sequence at the most (>= 1), the teardown on top;
 *                        default {@value #DEFAULT_MAX_LENGTH}
 * @param bounds          CPUs, mms, tables and operation kinds; default {@link Bounds#DEFAULT}
 * @param timeBudget      stop trying after this much wall-clock time, if set (a report cut
 *                        short says so); none by default
 * @param shrinkTimeLimit time the shrinker may take on one cell, its findings together (the first
 *                        gets all of it, each later one what is left); a result cut short by it says
 *                        {@link Minimality#PARTIAL}; default {@value #DEFAULT_SHRINK_SECONDS} s
 * @param callTimeout     how long one call of a strategy routine may take before the check ends
 *                        with a {@link StrategyFailure} naming it ({@link Watchdog}); default
 *                        {@value #DEFAULT_CALL_TIMEOUT_SECONDS} s
 * @param preemptions     interleavings: 0 (the default) runs every operation whole; 1 or 2 also
 *                        runs each try's sequence with two neighbouring operations overlapped on
 *                        two CPUs under PCT schedules of that many preemptions
 *                        ({@link io.github.ptcheck.sched.Pct}); {@link #withInterleavings()} turns
 *                        them on at the bound of {@value #DEFAULT_PREEMPTIONS}
 */
public record CheckConfig(long seed, int tries, int maxLength, Bounds bounds, Option<Duration> timeBudget,
                          Duration shrinkTimeLimit, Duration callTimeout, int preemptions) {

    public static final long DEFAULT_SEED = 0L;
    public static final int DEFAULT_TRIES = 200;
    public static final int DEFAULT_MAX_LENGTH = 40;
    public static final int DEFAULT_SHRINK_SECONDS = 30;
    public static final int DEFAULT_CALL_TIMEOUT_SECONDS = 10;
    /** The preemption bound when interleavings are on and no other is given: CHESS's, which finds most races. */
    public static final int DEFAULT_PREEMPTIONS = 2;

    /** The most tries: about eight minutes at 20,000 tries a second; for longer runs set a time budget. */
    public static final int MAX_TRIES = 10_000_000;
    /**
     * The most operations per sequence: a violation is shrunk from the whole sequence, and a
     * partially shrunk one is written whole into a counterexample file
     * ({@link io.github.ptcheck.cex.CounterexampleFile#MAX_OPERATIONS}).
     */
    public static final int MAX_LENGTH = 10_000;

    public CheckConfig {
        Bounds.requireRange("tries", tries, 1, MAX_TRIES, "at about 20,000 tries a second that runs for hours;"
                + " set a time budget for a long run");
        Bounds.requireRange("maxLength", maxLength, 1, MAX_LENGTH, "operations per sequence; a longer sequence takes"
                + " longer to shrink than the shrink time limit, and its trace runs to megabytes");
        Objects.requireNonNull(bounds, "bounds must not be null (Bounds.DEFAULT is 2 CPUs, 2 mms, 40 tables)");
        Objects.requireNonNull(timeBudget, "timeBudget must not be null (Option.none() for no budget)");
        Objects.requireNonNull(shrinkTimeLimit, "shrinkTimeLimit must not be null");
        if (timeBudget.isDefined() && (timeBudget.get().isNegative() || timeBudget.get().isZero())) {
            throw new IllegalArgumentException("timeBudget must be positive, was " + timeBudget.get()
                    + " (leave it unset to run every try)");
        }
        if (shrinkTimeLimit.isNegative()) {
            throw new IllegalArgumentException("shrinkTimeLimit must be >= 0, was " + shrinkTimeLimit);
        }
        Objects.requireNonNull(callTimeout, "callTimeout must not be null");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, was "
                    + Watchdog.seconds(callTimeout.toNanos())
                    + " (the default is " + DEFAULT_CALL_TIMEOUT_SECONDS + " s)");
        }
        if (preemptions < 0 || preemptions > 2) {
            throw new IllegalArgumentException("preemptions must be 0 (no interleavings), 1 or 2, was " + preemptions
                    + " (two operations overlap at most; CHESS finds most races within 2)");
        }
    }

    public static CheckConfig defaults() {
        return new CheckConfig(DEFAULT_SEED, DEFAULT_TRIES, DEFAULT_MAX_LENGTH, Bounds.DEFAULT, Option.none(),
                Duration.ofSeconds(DEFAULT_SHRINK_SECONDS), Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS), 0);
    }

    public CheckConfig withSeed(long s) {
        return new CheckConfig(s, tries, maxLength, bounds, timeBudget, shrinkTimeLimit, callTimeout, preemptions);
    }

    public CheckConfig withTries(int n) {
        return new CheckConfig(seed, n, maxLength, bounds, timeBudget, shrinkTimeLimit, callTimeout, preemptions);
    }

    public CheckConfig withMaxLength(int n) {
        return new CheckConfig(seed, tries, n, bounds, timeBudget, shrinkTimeLimit, callTimeout, preemptions);
    }

    public CheckConfig withBounds(Bounds b) {
        return new CheckConfig(seed, tries, maxLength, b, timeBudget, shrinkTimeLimit, callTimeout, preemptions);
    }

    public CheckConfig withTimeBudget(Duration d) {
        return new CheckConfig(seed, tries, maxLength, bounds, Option.of(Objects.requireNonNull(d,
                "timeBudget must not be null (use withoutTimeBudget())")), shrinkTimeLimit, callTimeout, preemptions);
    }

    public CheckConfig withoutTimeBudget() {
        return new CheckConfig(seed, tries, maxLength, bounds, Option.none(), shrinkTimeLimit, callTimeout, preemptions);
    }

    public CheckConfig withShrinkTimeLimit(Duration d) {
        return new CheckConfig(seed, tries, maxLength, bounds, timeBudget, d, callTimeout, preemptions);
    }

    public CheckConfig withCallTimeout(Duration d) {
        return new CheckConfig(seed, tries, maxLength, bounds, timeBudget, shrinkTimeLimit, d, preemptions);
    }

    /** The same configuration with interleavings of at most {@code n} preemptions (0: off). */
    public CheckConfig withPreemptions(int n) {
        return new CheckConfig(seed, tries, maxLength, bounds, timeBudget, shrinkTimeLimit, callTimeout, n);
    }

    /** Interleavings on, at the default bound of {@value #DEFAULT_PREEMPTIONS} preemptions. */
    public CheckConfig withInterleavings() {
        return withPreemptions(DEFAULT_PREEMPTIONS);
    }

    /** Whether tries also run interleaved. */
    public boolean interleavings() {
        return preemptions > 0;
    }
}
