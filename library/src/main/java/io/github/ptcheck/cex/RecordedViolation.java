package io.github.ptcheck.cex;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;

import java.util.Objects;

/**
 * The violation a counterexample file says its sequence breaks: the {@code violation:} header,
 * e.g. {@code violation: RCU_HEAD_REUSE step=4 page=0}. A replay reproduces it when it breaks
 * the same invariant at the same step.
 *
 * @param invariant the invariant broken
 * @param step      the 1-based step (teardown steps continue the count)
 * @param page      the page involved, or -1 when the violation names none
 */
public record RecordedViolation(Invariant invariant, int step, int page) {

    public RecordedViolation {
        Objects.requireNonNull(invariant, "invariant");
        if (step < 1) {
            throw new IllegalArgumentException("a recorded violation's step must be >= 1, was " + step);
        }
        if (page < -1) {
            throw new IllegalArgumentException("a recorded violation's page must be >= 0 (or -1 for none), was " + page);
        }
    }

    /** What a file records of a violation the engine found. */
    public static RecordedViolation of(Violation v) {
        return new RecordedViolation(v.invariant(), v.step(), v.pfn());
    }

    /** The same invariant at the same step: what "reproduced" means. */
    public boolean matches(Violation v) {
        return v.invariant() == invariant && v.step() == step;
    }

    /** The header value, e.g. {@code RCU_HEAD_REUSE step=4 page=0}. */
    @Override
    public String toString() {
        return invariant.name() + " step=" + step + (page >= 0 ? " page=" + page : "");
    }
}
