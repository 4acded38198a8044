package io.github.ptcheck.junit;

import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Metric;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The passing examples of docs/junit.md, as they stand there, run by Surefire like any test:
 * {@code @PtcheckProperty} is a test on its own.
 */
class DocExamplesTest {

    @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-refcount-v2", tries = 500)
    void refcountKeepsTheInvariants(CellReport report) {
        // The tries reached what matters: a table deferred while a reader held it, and a
        // callback that queued the page's rcu_head again for deferrals that came meanwhile.
        assertTrue(report.coverage().get(Metric.DEFERRALS_OF_HELD_TABLES) > 0);
        assertTrue(report.coverage().get(Metric.CALLBACKS_QUEUED_BY_CALLBACKS) > 0);
    }

    @PtcheckProperty(presets = {"x86_64", "arm64-4k"}, strategy = "generic-v6.6")
    void aBarrierLeavesNoPageWithoutAnAttachedTable(Outcome run) {
        for (Step step : run.steps()) {
            if (step.op() instanceof Op.RcuBarrier && !step.wasSkipped()) {
                Machine m = step.after();
                for (Page page : m.pages().values()) {
                    assertTrue(m.tablesOf(page.pfn()).exists(Table::attached),
                            () -> "after step " + step.number() + " page " + page.pfn() + " holds no attached table");
                }
            }
        }
    }
}
