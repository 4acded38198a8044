package io.github.ptcheck.cex;

import io.github.ptcheck.op.Op;

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

    /** {@code line 7: freeDeferred t3 skipped (t3 was never allocated)}. */
    @Override
    public String toString() {
        return (line > 0 ? "line " + line : "step " + (index + 1)) + ": " + op + " skipped (" + reason + ")";
    }
}
