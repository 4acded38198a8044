package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The result of running one sequence: passed, or the first violation; with the trace when
 * the run was traced.
 *
 * @param preset    the preset it ran on
 * @param strategy  the strategy's name
 * @param ops       the sequence as given (without the teardown)
 * @param violation the first violation, if any
 * @param steps     every step, teardown included, when traced; empty otherwise
 * @param executed  operations that ran (teardown included)
 * @param skipped   operations skipped because their precondition did not hold
 * @param schedule  the schedule the operations ran under ({@link Schedule#SEQUENTIAL}: each
 *                  whole, in order)
 * @param turns     in an interleaved traced run, its turns in time order; empty otherwise
 */
public record Outcome(Preset preset, String strategy, Vector<Op> ops, Option<Violation> violation,
                      Vector<Step> steps, int executed, int skipped, Schedule schedule, Vector<Turn> turns) {

    /** A sequential run. */
    public Outcome(Preset preset, String strategy, Vector<Op> ops, Option<Violation> violation,
                   Vector<Step> steps, int executed, int skipped) {
        this(preset, strategy, ops, violation, steps, executed, skipped, Schedule.SEQUENTIAL, Vector.empty());
    }

    /** Whether the operations overlapped (a schedule other than the sequential one). */
    public boolean interleaved() {
        return !schedule.sequential();
    }

    public boolean passed() {
        return violation.isEmpty();
    }

    /** Whether the violation came during the teardown rather than during the sequence itself. */
    public boolean failedInTeardown() {
        return violation.map(v -> v.step() > ops.size()).getOrElse(false);
    }
}
