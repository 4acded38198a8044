package io.github.ptcheck.plan;

import io.github.ptcheck.invariant.Invariant;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.Set;

import java.util.Objects;

/**
 * What a cell is expected to do instead of passing: break an invariant, one of
 * {@code invariants} (any, if empty).
 *
 * @param invariants the invariants any of which is expected; empty: any invariant
 * @param why        where the expectation comes from, for a person: {@code known verdict,
 *                   docs/strategies.md#...} or {@code <expectedViolations>}
 */
public record Expected(Set<Invariant> invariants, String why) {

    public Expected {
        Objects.requireNonNull(invariants, "invariants");
        Objects.requireNonNull(why, "why");
    }

    /** Any violation, as the user's list of expected violations says. */
    public static Expected anyViolation(String why) {
        return new Expected(LinkedHashSet.empty(), why);
    }

    public boolean accepts(Invariant found) {
        return invariants.isEmpty() || invariants.contains(found);
    }

    /** {@code a violation}, {@code RCU_HEAD_REUSE}, or {@code UNION_CLOBBER or RCU_HEAD_REUSE}. */
    public String describe() {
        return invariants.isEmpty() ? "a violation" : invariants.map(Invariant::name).mkString(" or ");
    }
}
