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
 * @param shrinkTimeLimit time the shrinker may take; a result cut short by it says
 *                        {@link Minimality#PARTIAL}; default {@value #DEFAULT_SHRINK_SECONDS} s
 * @param preemptions     interleavings: 0 (the default) runs every operation whole; 1 or 2 also
 *                        runs each try's sequence with two neighbouring operations overlapped on
 *                        two CPUs under a PCT schedule of that many preemptions
 *                        ({@link io.github.ptcheck.sched.Pct})
 */
public record CheckConfig(long seed, int tries, int maxLength, Bounds bounds, Option<Duration> timeBudget,
                          Duration shrinkTimeLimit, int preemptions) {

    public static final long DEFAULT_SEED = 0L;
    public static final int DEFAULT_TRIES = 200;
    public static final int DEFAULT_MAX_LENGTH = 40;
    public static final int DEFAULT_SHRINK_SECONDS = 30;

    public CheckConfig {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be >= 1, was " + tries);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1 (operations per sequence), was " + maxLength);
        }
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
        if (preemptions < 0 || preemptions > 2) {
            throw new IllegalArgumentException("preemptions must be 0 (no interleavings), 1 or 2, was " + preemptions
                    + " (two operations overlap at most; CHESS finds most races within 2)");
        }
    }

    /** Compatible constructor: no interleavings. */
    public CheckConfig(long seed, int tries, int maxLength, Bounds bounds, Option<Duration> timeBudget,
                       Duration shrinkTimeLimit) {
        this(seed, tries, maxLength, bounds, timeBudget, shrinkTimeLimit, 0);
    }

    /** The same configuration with interleavings of at most {@code n} preemptions (0: off). */
    public CheckConfig withPreemptions(int n) {
        return new CheckConfig(seed, tries, maxLength, bounds, timeBudget, shrinkTimeLimit, n);
    }

    public static CheckConfig defaults() {
        return new CheckConfig(DEFAULT_SEED, DEFAULT_TRIES, DEFAULT_MAX_LENGTH, Bounds.DEFAULT, Option.none(),
                Duration.ofSeconds(DEFAULT_SHRINK_SECONDS));
    }

    public CheckConfig withSeed(long s) {
        return new CheckConfig(s, tries, maxLength, bounds, timeBudget, shrinkTimeLimit, preemptions);
    }

    public CheckConfig withTries(int n) {
        return new CheckConfig(seed, n, maxLength, bounds, timeBudget, shrinkTimeLimit, preemptions);
    }

    public CheckConfig withMaxLength(int n) {
        return new CheckConfig(seed, tries, n, bounds, timeBudget, shrinkTimeLimit, preemptions);
    }

    public CheckConfig withBounds(Bounds b) {
        return new CheckConfig(seed, tries, maxLength, b, timeBudget, shrinkTimeLimit, preemptions);
    }

    public CheckConfig withTimeBudget(Duration d) {
        return new CheckConfig(seed, tries, maxLength, bounds, Option.of(Objects.requireNonNull(d,
                "timeBudget must not be null (use withoutTimeBudget())")), shrinkTimeLimit, preemptions);
    }

    public CheckConfig withoutTimeBudget() {
        return new CheckConfig(seed, tries, maxLength, bounds, Option.none(), shrinkTimeLimit, preemptions);
    }

    public CheckConfig withShrinkTimeLimit(Duration d) {
        return new CheckConfig(seed, tries, maxLength, bounds, timeBudget, d, preemptions);
    }
}
