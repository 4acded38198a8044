package io.github.ptcheck.shrink;

import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Option;

import java.util.function.Supplier;

/**
 * What both shrinkers ({@link Shrinker}, and {@code sched.ScheduleShrinker} with a schedule)
 * check of a strategy at both ends of a shrink: that the input still breaks the invariant when
 * the shrinker runs it, and that the traced run of the result breaks it as its untraced runs
 * did. A strategy that is no function of the machine (state in a field, a counter, the clock)
 * fails one of them, and no verdict on it holds: it is told so
 * ({@link StrategyFailure#nondeterministic}), not left to a wrong counterexample.
 */
public final class Deterministic {

    private Deterministic() {
    }

    /**
     * @param ops       the input, as a message spells it ({@link Outcomes#sequence})
     * @param invariant what the caller saw it break
     * @param got       what it broke when the shrinker ran it, or null
     * @throws StrategyFailure if {@code got} is not {@code invariant}
     */
    public static void requireBrokenAgain(Executor executor, String ops, Invariant invariant, Invariant got) {
        if (got != invariant) {
            // The caller ran the sequence and saw it break the invariant; run here, it does
            // not: the strategy is no function of the machine (state kept in its object).
            throw StrategyFailure.nondeterministic(executor.name(), ops, invariant + " before it was shrunk",
                    (got == null ? "passed" : got.toString()) + " when the shrinker ran it");
        }
    }

    /**
     * The traced run of a shrink's result must break the invariant its untraced runs broke; if it
     * does not, the strategy gives different results for the same sequence (or when traced).
     *
     * @param ops       the result, as a message spells it
     * @param traced    its traced run
     * @param untraced  runs it untraced again, for the message
     * @throws StrategyFailure saying so, with the sequence and both results
     */
    public static void requireTracedAlike(Executor executor, String ops, Invariant invariant, Outcome traced,
                                          Supplier<Outcome> untraced) {
        Option<Violation> t = traced.violation();
        if (t.isDefined() && t.get().invariant() == invariant) {
            return;
        }
        String u = Outcomes.describe(untraced.get().violation());
        throw StrategyFailure.nondeterministic(executor.name(), ops, u.equals("passed")
                ? invariant + " when the shrinker ran it" : u, Outcomes.describe(t) + " when traced");
    }
}
