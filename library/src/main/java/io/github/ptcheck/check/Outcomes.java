package io.github.ptcheck.check;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/** Words for what a run gave, for the messages that compare two runs of one sequence. */
public final class Outcomes {

    /** Operations a message lists before it says how many more there are. */
    private static final int LISTED = 50;

    private Outcomes() {
    }

    /** {@code USE_AFTER_FREE at step 5}, or {@code passed}. */
    public static String describe(Option<Violation> v) {
        return v.map(x -> x.invariant() + " at step " + x.step()).getOrElse("passed");
    }

    /**
     * The sequence as a counterexample file's lines read, joined by commas: {@code alloc mm0,
     * freeDeferred t0}; after 50 operations, how many more there are.
     */
    public static String sequence(Seq<Op> ops) {
        String shown = ops.take(LISTED).mkString(", ");
        return ops.size() <= LISTED ? shown : shown + ", ... (" + (ops.size() - LISTED) + " more, "
                + ops.size() + " in all)";
    }

    /** {@link #sequence(Seq)}, and {@code under the schedule 2:0 3} when its operations overlapped. */
    public static String sequence(Seq<Op> ops, Schedule schedule) {
        return schedule.sequential() ? sequence(ops) : sequence(ops) + " under the schedule " + schedule;
    }
}
