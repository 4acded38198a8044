package io.github.ptcheck.cex;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Outcome;
import io.vavr.collection.Vector;

/**
 * What replaying a counterexample gave: the traced run, and whether it reproduced what the
 * file records.
 *
 * @param counterexample what was replayed
 * @param cell           the preset and strategy it ran on, resolved by name
 * @param outcome        the traced run (render it with {@code TextTrace})
 * @param verdict        how the run compares with the recorded violation
 * @param skipped        operations of the sequence that did not run, with their lines
 * @param explanation    one paragraph saying what happened, for a person
 */
public record ReplayResult(Counterexample counterexample, Cell cell, Outcome outcome, Verdict verdict,
                           Vector<SkippedOp> skipped, String explanation) {

    /** How a replay compares with what the file records. */
    public enum Verdict {
        /** The same invariant at the same step (or, with {@code violation: none}, a pass). */
        REPRODUCED,
        /** The file records a violation and the replay passed: the strategy is fixed, or the model changed. */
        NOT_REPRODUCED,
        /** The replay broke another invariant, or the same one at another step, or one where none was recorded. */
        DIFFERENT_VIOLATION
    }

    public boolean reproduced() {
        return verdict == Verdict.REPRODUCED;
    }
}
