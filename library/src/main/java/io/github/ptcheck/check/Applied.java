package io.github.ptcheck.check;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;

/**
 * What one operation did to a machine: the machine after it, or the violation it hit, or
 * why it was skipped. Exactly one of {@code violation} and {@code skipped} may be non-null.
 *
 * @param machine   the machine after the operation; the machine before it if it was skipped
 *                  or violated
 * @param violation the violation, placed at the step, or null
 * @param skipped   the precondition that did not hold, or null
 */
public record Applied(Machine machine, Violation violation, String skipped) {

    static Applied ran(Machine m) {
        return new Applied(m, null, null);
    }

    static Applied skip(Machine m, String why) {
        return new Applied(m, null, why);
    }

    public boolean violated() {
        return violation != null;
    }

    public boolean wasSkipped() {
        return skipped != null;
    }
}
