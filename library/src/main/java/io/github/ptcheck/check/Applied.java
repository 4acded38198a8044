package io.github.ptcheck.check;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

/**
 * What one operation did to a machine: the machine after it, or the violation it hit, or
 * why it was skipped. Exactly one of {@code violation} and {@code skipped} may be non-null.
 *
 * @param machine   the machine after the operation; the machine before it if it was skipped
 *                  or violated
 * @param violation the violation, placed at the step, or null
 * @param skipped   the precondition that did not hold, or null
 * @param plain     for a {@code fill} or {@code freeTlbSiblings} that ran, the plain operations it
 *                  ran (up to the one that broke an invariant); null for any other operation
 */
public record Applied(Machine machine, Violation violation, String skipped, Vector<Op> plain) {

    public Applied(Machine machine, Violation violation, String skipped) {
        this(machine, violation, skipped, null);
    }

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
