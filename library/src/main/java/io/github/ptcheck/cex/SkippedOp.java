package io.github.ptcheck.cex;

import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.util.function.IntUnaryOperator;

/**
 * An operation of a replayed sequence that did not run because its precondition did not hold
 * when it came up (its table was never allocated or is already freed, its CPU holds no lock, ...).
 *
 * @param index  its index in the sequence (0-based)
 * @param line   its line in the file, or 0 when the counterexample did not come from a file
 * @param op     the operation
 * @param reason why it did not run, e.g. {@code t3 was never allocated}
 */
public record SkippedOp(int index, int line, Op op, String reason) {

    /** How many of a run's skipped operations {@link #listed} names; the rest it counts. */
    private static final int LISTED = 10;

    /** {@code line 7: freeDeferred t3 skipped (t3 was never allocated)}. */
    @Override
    public String toString() {
        return (line > 0 ? "line " + line : "step " + (index + 1)) + ": " + op + " skipped (" + reason + ")";
    }

    /**
     * The operations of a run that did not run, the teardown's aside.
     *
     * @param lineOf the line of the operation at an index, or 0 where there is no file
     */
    public static Vector<SkippedOp> of(Outcome o, IntUnaryOperator lineOf) {
        return o.steps().filter(s -> !s.teardown() && s.wasSkipped())
                .map(s -> new SkippedOp(s.number() - 1, lineOf.applyAsInt(s.number() - 1), s.op(), s.skipped().get()));
    }

    /** {@code 1 operation was skipped: line 5: freeDeferred t3 skipped (...)}, the first ten named. */
    public static String listed(Vector<SkippedOp> skipped) {
        return skipped.size() + " operation" + (skipped.size() == 1 ? " was" : "s were") + " skipped: "
                + skipped.take(LISTED).mkString("; ")
                + (skipped.size() > LISTED ? "; and " + (skipped.size() - LISTED) + " more" : "");
    }
}
