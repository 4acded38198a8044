package com.example.srmmu;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.gen.Generator;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plain JUnit 5 tests of the strategy, beside the plugin's check: sampled sequences from
 * ptcheck's generator run through the {@link Executor}, and one sequence traced step by step.
 */
class SrmmuWholePageDeferTest {

    /**
     * sparc32-srmmu's geometry with a {@code pte_free_defer()}, as the POM's {@code <presets>} has
     * it: the built-in {@code sparc32-srmmu} has none (no THP), so no sequence on it defers a table.
     */
    static final Preset SRMMU_THP = Preset.of("sparc32-srmmu-thp", "sparc", 4096, 256);

    private final SrmmuWholePageDefer strategy = new SrmmuWholePageDefer();
    private final Executor executor = new Executor(SRMMU_THP, strategy);

    @Test
    void sampledSequencesBreakNoInvariantAndManyDeferTwoTablesOfAPage() {
        Generator gen = Sequences.of(SRMMU_THP, strategy).cpus(2).mms(2).maxLength(40);
        int sharing = 0;
        for (Vector<Op> ops : gen.samples(2024L, 300)) {
            Outcome o = executor.run(ops);
            assertTrue(o.passed(), () -> ops.mkString(", ") + "\n" + new TextTrace(strategy).render(executor.trace(ops)));
            assertEquals(0, o.skipped(), "generated sequences only hold operations that can run");
            if (ops.count(op -> op instanceof Op.FreeDeferred) >= 2 && ops.count(op -> op instanceof Op.Alloc) >= 2) {
                sharing++;
            }
        }
        // Not a vacuous pass: a good part of the samples allocate tables that share a page and defer several.
        assertTrue(sharing > 100, "samples deferring two or more tables: " + sharing);
    }

    @Test
    void atMmExitADeferredPageWaitsForItsGracePeriodWherePowerpc66FreesItAtOnce() {
        Vector<Op> ops = Vector.of(new Op.ReadLock(0), new Op.Alloc(0), new Op.Lookup(0, 0), new Op.FreeDeferred(0),
                new Op.ExitMm(0), new Op.ReadUnlock(0));
        Outcome o = executor.trace(ops);
        assertTrue(o.passed(), () -> new TextTrace(strategy).render(o));
        Step exit = o.steps().get(4);
        assertEquals(new Op.ExitMm(0), exit.op());
        assertTrue(exit.after().pageAllocated(0), "cpu0 still holds t0: page 0 must outlive the exit");
        assertFalse(exit.after().page(0).active(), "PG_active is cleared before the page is queued");
        assertEquals(1, exit.after().callbacks().size(), "the page's rcu_head is queued, once");
        assertFalse(o.steps().last().after().pageAllocated(0), "the teardown's rcu_barrier() freed it");

        // The merged powerpc scheme, run on the same geometry, frees the page under the reader.
        Outcome powerpc = new Executor(SRMMU_THP, Strategies.named("powerpc-pageactive-v6.6")).run(ops);
        assertEquals(Invariant.USE_AFTER_FREE, powerpc.violation().get().invariant());
        assertEquals(5, powerpc.violation().get().step());
    }
}
