package com.example.srmmu;

import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.junit.PtcheckProperty;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A property of the scheme with {@code @PtcheckProperty} (ptcheck's JUnit 5 extension,
 * {@code docs/junit.md}): ptcheck generates the sequences, as {@link SrmmuWholePageDeferTest}
 * does by hand, runs each on the model, calls the method with its traced run, and on a failure
 * shrinks the sequence, writes a counterexample file under {@code target/ptcheck/junit/} and
 * says how to run it again. The invariants (no early free, no {@code rcu_head} queued twice, no
 * leak at the end, ...) are checked on every run too: a run that breaks one fails the try.
 */
class SrmmuWholePageDeferPropertyTest {

    /** The POM's {@code <presets>}, as the annotation defines a preset in full (sizes in bytes). */
    static final String SRMMU_THP = "sparc32-srmmu-thp arch=sparc page=4096 table=256";
    static final String SRMMU_64K = "sparc-srmmu-64k arch=sparc page=65536 table=256";

    /**
     * Whole-page deferral strands no page: once {@code rcu_barrier()} has run every callback,
     * each page-table page still allocated holds a table in use, or is the page an mm's
     * {@code pte_frag} cursor still hands fragments out of: page-table memory is what the tables
     * in use need plus at most one partly handed-out page per mm. A page kept for neither is
     * memory held until the mm exits; a scheme that kept emptied pages for later (a per-mm cache)
     * would break no invariant, since the exit gives them back, and fail this. It must hold at
     * every {@code rcuBarrier} of a run, not only at the end.
     */
    @PtcheckProperty(strategyClass = SrmmuWholePageDefer.class, presets = {SRMMU_THP, SRMMU_64K}, tries = 300)
    void aBarrierLeavesNoPageKeptForNothing(Outcome run) {
        for (Step step : run.steps()) {
            if (step.op() instanceof Op.RcuBarrier && !step.wasSkipped()) {
                Machine m = step.after();
                for (Page page : m.pages().values()) {
                    int pfn = page.pfn();
                    boolean inUse = m.tablesOf(pfn).exists(Table::attached);
                    boolean cursor = m.mms().values().exists(mm -> mm.hasPteFrag() && mm.pteFragPfn() == pfn);
                    assertTrue(inUse || cursor, () -> "after step " + step.number() + " (rcuBarrier) page " + pfn
                            + " is still allocated, pt_frag_refcount " + page.ptFragRefcount() + ", with no table in"
                            + " use and no mm's cursor on it");
                }
            }
        }
    }
}
