package io.github.ptcheck.check;

import io.vavr.control.Option;

/**
 * The result of checking one cell with random sequences. Holds no wall-clock time, so that
 * the same seed gives byte-identical reports.
 *
 * @param cell        what was checked
 * @param seed        the seed; with the same bounds it reproduces this report
 * @param tries       tries asked for
 * @param triesRun    tries run (fewer when a violation stopped the check, or a time budget)
 * @param opsExecuted operations executed over all tries (teardown included)
 * @param coverage    what the tries reached
 * @param finding     the first violation, shrunk
 * @param cutByBudget whether a time budget stopped the check before its tries
 */
public record CellReport(Cell cell, long seed, int tries, int triesRun, long opsExecuted, Coverage coverage,
                         Option<Finding> finding, boolean cutByBudget) {

    public boolean passed() {
        return finding.isEmpty();
    }
}
