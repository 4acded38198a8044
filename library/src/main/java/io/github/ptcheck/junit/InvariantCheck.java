package io.github.ptcheck.junit;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

import java.util.function.Supplier;

/**
 * The invariants are the property: checks one cell with the {@link Runner} and fails with its
 * findings (the Runner goes on after the first failing try, as in every other mode, so a test
 * names each invariant broken); after a passing check, calls the body once (with the report, if
 * it takes one).
 */
final class InvariantCheck {

    private final Property prop;
    private final Cell cell;
    private final Body body;

    InvariantCheck(Property prop, Cell cell, Body body) {
        this.prop = prop;
        this.cell = cell;
        this.body = body;
    }

    void run(ExtensionContext context) {
        CellReport report = check();
        context.publishReportEntry("ptcheck", cell.name() + " passed " + report.triesRun() + " tries ("
                + report.opsExecuted() + " operations) with seed " + report.seed() + ", " + prop.seedOrigin());
        body.call(null, null, report);
    }

    /**
     * Checks the cell with the Runner (with interleavings, if the property asks for them).
     *
     * <p>A {@link StrategyFailure} is reported as the Runner located it: the try, the operations
     * as run and the schedule, whether it came in a try's run, under a PCT schedule, in the runs
     * before a shrink, while shrinking, or in a call the Runner gave up on. No try runs again to
     * look for it: a run of each try whole would not meet one that came under a schedule or while
     * shrinking, would call a strategy that loops into a second call timeout, and could meet a
     * strategy that keeps state elsewhere than the Runner did.
     *
     * @return the report of a passing check
     * @throws AssertionFailedError the finding, or the strategy's failure, as the test's failure
     */
    CellReport check() {
        CellReport report = reportingStrategyFailure(() -> new Runner(prop.config()).check(cell));
        failOn(report.finding().toVector().appendAll(report.otherFindings()));
        return report;
    }

    /**
     * Judges the interleavings of the tries a property over sequences ran whole for its body
     * ({@code passed}: every try's sequence, in order) with the Runner, as {@link #check} judges
     * those of its own tries, and fails as it fails; the tries do not run whole again.
     *
     * @throws AssertionFailedError the finding, or the strategy's failure, as the test's failure
     */
    void checkInterleavings(Vector<Vector<Op>> passed) {
        failOn(reportingStrategyFailure(() -> new Runner(prop.config()).checkInterleavings(cell, passed)));
    }

    /** What {@code check} gives; a {@link StrategyFailure} in it as the test's failure. */
    private <T> T reportingStrategyFailure(Supplier<T> check) {
        try {
            return check.get();
        } catch (StrategyFailure sf) {
            throw Failures.strategyFailure(prop, cell, sf);
        }
    }

    /** Fails with {@code findings}, the first the primary one, if there are any. */
    private void failOn(Vector<Finding> findings) {
        if (!findings.isEmpty()) {
            throw Failures.finding(prop, cell, findings.head(), findings.tail());
        }
    }
}
