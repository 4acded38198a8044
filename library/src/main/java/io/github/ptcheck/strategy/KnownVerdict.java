package io.github.ptcheck.strategy;

import io.github.ptcheck.invariant.Invariant;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.Set;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * What ptcheck says of one built-in strategy on one preset it serves: it passes, or it breaks
 * one of some invariants. The whole list is {@link KnownVerdicts}; docs/strategies.md tells the
 * story behind each. A check of the built-ins holds them to these verdicts: a known-broken cell
 * that fails with one of its invariants is as known, one that passes or fails otherwise means
 * the verdict changed (a model change, a strategy change, or a bug ptcheck lost).
 *
 * @param strategy the built-in strategy's name
 * @param preset   the built-in preset's name
 * @param kind     passes, a patch kept because it is broken, or a finding in merged code
 * @param breaks   the invariants it breaks, any of which is the known verdict (which one a
 *                 check shrinks to depends on the sequence that first broke it); empty when it passes
 * @param shortest the length of a shortest counterexample (operations before the teardown, as
 *                 exhaustive exploration finds it with the default bounds); 0 when it passes
 * @param reason   why, in a kernel developer's words, one line
 * @param anchor   the section of docs/strategies.md that tells more
 */
public record KnownVerdict(String strategy, String preset, Kind kind, Set<Invariant> breaks, int shortest,
                           String reason, String anchor) {

    /** Which kind of verdict. */
    public enum Kind {
        /** Breaks no invariant. */
        PASSES,
        /** A posted patch kept in ptcheck because it is broken: ptcheck must go on finding it. */
        BROKEN,
        /** A bug ptcheck found in code the kernel merged. */
        FINDING
    }

    public KnownVerdict {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(breaks, "breaks");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(anchor, "anchor");
        if ((kind == Kind.PASSES) != breaks.isEmpty() || (kind == Kind.PASSES) != (shortest == 0)) {
            throw new IllegalArgumentException(strategy + "@" + preset + ": a verdict " + kind + " must "
                    + (kind == Kind.PASSES ? "name no invariant and no length"
                    : "name the invariants it breaks and the length of a shortest counterexample"));
        }
    }

    static KnownVerdict passes(String strategy, String preset, String reason, String anchor) {
        return new KnownVerdict(strategy, preset, Kind.PASSES, LinkedHashSet.empty(), 0, reason, anchor);
    }

    static KnownVerdict breaks(String strategy, String preset, Kind kind, int shortest, String reason, String anchor,
                               Invariant... invariants) {
        return new KnownVerdict(strategy, preset, kind, LinkedHashSet.of(invariants), shortest, reason, anchor);
    }

    /** {@code strategy@preset}, as cells are named. */
    public String cell() {
        return strategy + "@" + preset;
    }

    public boolean passes() {
        return kind == Kind.PASSES;
    }

    /** Whether a check that found {@code violation} (none: it passed) agrees with this verdict. */
    public boolean heldBy(Option<Invariant> violation) {
        return violation.isEmpty() ? passes() : breaks.contains(violation.get());
    }

    /** {@code passes}, {@code RCU_HEAD_REUSE}, or {@code UNION_CLOBBER or RCU_HEAD_REUSE}. */
    public String expected() {
        return passes() ? "passes" : breaks.map(Invariant::name).mkString(" or ");
    }

    /** Where the story is: {@code docs/strategies.md#<anchor>}. */
    public String docs() {
        return "docs/strategies.md#" + anchor;
    }
}
