package io.github.ptcheck.junit;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.gen.Generator;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.gen.Walk;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

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
     * @return the report of a passing check
     * @throws AssertionFailedError the finding, or the strategy's failure, as the test's failure
     */
    CellReport check() {
        CellReport report;
        try {
            report = new Runner(prop.config()).check(cell);
        } catch (StrategyFailure sf) {
            throw locate(sf);
        }
        if (report.finding().isDefined()) {
            throw Failures.finding(prop, cell, report.finding().get(), report.otherFindings());
        }
        return report;
    }

    /**
     * The Runner does not say which try the strategy failed on; the tries are deterministic, so
     * run them again, as the Runner does, until one fails the same way.
     */
    private AssertionFailedError locate(StrategyFailure sf) {
        Generator gen = Sequences.of(cell.preset(), cell.strategy()).bounds(prop.config().bounds())
                .maxLength(prop.config().maxLength());
        for (int i = 0; i < prop.config().tries(); i++) {
            Walk w = gen.walk(prop.config().seed(), i);
            try {
                while (!w.done()) {
                    w.step();
                }
                cell.executor().run(w.ops());
            } catch (StrategyFailure again) {
                return Failures.strategyFailure(prop, cell, again, i, w.ops());
            }
        }
        // It failed while shrinking a violation, on a sequence no try generated.
        return Failures.strategyFailure(prop, cell, sf, -1, null);
    }
}
