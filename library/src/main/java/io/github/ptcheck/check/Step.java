package io.github.ptcheck.check;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Event;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * One step of a traced run.
 *
 * @param number    1-based; teardown steps continue the count
 * @param op        the operation
 * @param teardown  part of the teardown every run ends with
 * @param skipped   why it was skipped (its precondition did not hold), or empty when it ran
 * @param events    what the kernel did, in kernel words
 * @param after     the machine after the step (before it, if it was skipped or violated)
 * @param violation the invariant it broke, if any
 */
public record Step(int number, Op op, boolean teardown, Option<String> skipped, List<Event> events,
                   Machine after, Option<Violation> violation) {

    public boolean wasSkipped() {
        return skipped.isDefined();
    }
}
