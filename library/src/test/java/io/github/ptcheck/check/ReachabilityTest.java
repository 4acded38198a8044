package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.RcuHead;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who can still reach a table on each free path (docs/model.md): walkers under
 * {@code rcu_read_lock()} find tables through their VMA, GUP-fast with interrupts off through the
 * pmd; the IPI of {@code tlb_remove_table_sync_one()} waits only for the second kind.
 */
class ReachabilityTest {

    private static final Executor GENERIC = new Executor(Presets.X86_64, Strategies.named("generic-v6.6"));
    private static final Executor X86_614 = new Executor(Presets.X86_64, Strategies.named("x86-v6.14"));

    private static Machine after(Executor ex, Vector<Op> ops) {
        Outcome o = ex.trace(ops);
        assertTrue(o.passed(), () -> new TextTrace(ex.strategy()).render(o));
        assertTrue(o.steps().take(ops.size()).forAll(s -> !s.wasSkipped()),
                () -> new TextTrace(ex.strategy()).render(o));
        return o.steps().get(ops.size() - 1).after();
    }

    @Test
    void aDeferredTableWaitsForWalkersOfBothKinds() {
        Machine m = after(GENERIC, seq(alloc(0), alloc(0), lock(0), irqOff(1), defer(0)));
        assertEquals(TreeSet.of(0, 1), m.table(0).waitFor());
    }

    @Test
    void munmapsTableWaitsOnlyForGupFast() {
        Machine m = after(GENERIC, seq(alloc(0), lock(0), irqOff(1), tlb(0)));
        assertEquals(TreeSet.of(1), m.table(0).waitFor(), "cpu0 walks through VMAs, and t0's is unlinked");
        RcuCallback batch = m.callbacks().single();
        assertEquals(new RcuHead.OfBatch(0), batch.head());
        assertEquals(TreeSet.of(0, 1), batch.waitFor(), "the grace period itself waits for both");
    }

    @Test
    void anRcuWalkerHoldingATableBlocksMunmapAndExitButNotReclaim() {
        Vector<Op> held = seq(alloc(0), lock(0), lookup(0, 0));
        for (Op free : new Op[]{tlb(0), tlbOne(0), exit(0)}) {
            Outcome o = X86_614.trace(held.append(free));
            assertTrue(o.steps().get(3).wasSkipped(), free::toString);
            assertTrue(o.steps().get(3).skipped().get().contains("unlinks the VMA first"), free::toString);
        }
        Machine m = after(X86_614, held.append(reclaim(0)));
        assertEquals(TreeSet.of(0), m.table(0).waitFor(), "PT_RECLAIM frees with the VMA linked");
        assertTrue(m.page(0).pageTable(), "6.14 runs the destructor after the grace period");
    }

    @Test
    void gupFastTakesNoPtlockSoTheDestructorMayRunBeforeTheGracePeriod() {
        Machine m = after(GENERIC, seq(alloc(0), irqOff(0), lookup(0, 0), tlb(0)));
        assertFalse(m.page(0).pageTable(), "___pte_free_tlb() ran pagetable_pte_dtor() at once");
        assertFalse(m.page(0).ptl());
        assertTrue(m.pageAllocated(0), "the page waits for cpu0");
    }

    @Test
    void theIpiWaitsForGupFastButNotForRcuWalkers() {
        Outcome o = GENERIC.trace(seq(alloc(0), alloc(0), irqOff(1), lookup(1, 0), lock(0), tlbOne(0)));
        assertTrue(o.passed());
        Machine m = o.steps().get(5).after();
        assertFalse(m.pageAllocated(0), "freed at once after the IPI");
        assertFalse(m.inReadSection(1), "cpu1 finished gup_fast to take the IPI");
        assertTrue(m.inReadSection(0), "the IPI does not wait for rcu_read_lock()");
        String text = new TextTrace(GENERIC.strategy()).render(o);
        assertTrue(text.contains("tlb_remove_table_sync_one(): IPI to every CPU"), text);
        assertTrue(text.contains("cpu1 finishes gup_fast and takes the IPI"), text);
    }

    @Test
    void withPtReclaimTheFallbackQueuesThePagesOwnRcuHead() {
        Machine m = after(X86_614, seq(alloc(0), lock(0), reclaimOne(0)));
        RcuCallback cb = m.callbacks().single();
        assertEquals(new RcuHead.OfPage(0), cb.head());
        assertEquals("__tlb_remove_table_one_rcu", cb.func());
        assertEquals(0, cb.table());
        assertEquals(TreeSet.of(0), cb.waitFor());
        assertEquals("rcu_head", m.page(0).words().field());
        assertTrue(after(X86_614, seq(alloc(0), lock(0), reclaimOne(0), unlock(0), run(0))).pages().isEmpty());
    }

    @Test
    void reclaimIsOfferedOnlyWherePtReclaimIs() {
        Bounds b = Bounds.DEFAULT.withCpus(1).withMms(1).withMaxTables(2);
        Machine generic = after(GENERIC, seq(alloc(0)));
        Machine x86 = after(X86_614, seq(alloc(0)));
        assertEquals(MmConfig.V6_6, generic.config());
        assertFalse(Alphabet.enabled(generic, b).exists(op -> op instanceof Op.Reclaim || op instanceof Op.ReclaimOne));
        assertTrue(Alphabet.enabled(x86, b).contains(reclaim(0)));
        assertTrue(Alphabet.enabled(x86, b).contains(reclaimOne(0)));
        Outcome o = GENERIC.trace(seq(alloc(0), reclaim(0)));
        assertTrue(o.steps().get(1).skipped().get().startsWith("PT_RECLAIM is not in this kernel"));
    }

    @Test
    void theAlphabetOffersNoMunmapOfATableAnRcuWalkerHolds() {
        Bounds b = Bounds.DEFAULT.withCpus(1).withMms(1).withMaxTables(2);
        Vector<Op> enabled = Alphabet.enabled(after(GENERIC, seq(alloc(0), lock(0), lookup(0, 0))), b);
        assertFalse(enabled.contains(tlb(0)));
        assertFalse(enabled.contains(tlbOne(0)));
        assertFalse(enabled.contains(exit(0)));
        assertTrue(enabled.contains(defer(0)));
        Vector<Op> gup = Alphabet.enabled(after(GENERIC, seq(alloc(0), irqOff(0), lookup(0, 0))), b);
        assertTrue(gup.contains(tlb(0)) && gup.contains(irqOn(0)), "another thread of mm0 may munmap");
        assertFalse(gup.contains(exit(0)), "the GUP-fast walker is a thread of mm0: mm0 cannot exit");
        assertFalse(gup.contains(unlock(0)));
    }

    @Test
    void aGupFastWalkerHoldingATableOfTheMmKeepsItFromExiting() {
        for (Vector<Op> held : Vector.of(seq(alloc(0), irqOff(0), lookup(0, 0)),
                seq(alloc(0), irqOff(0), lookup(0, 0), defer(0)))) {
            Outcome o = GENERIC.trace(held.append(exit(0)));
            Step exit = o.steps().get(held.size());
            assertTrue(exit.wasSkipped(), held::toString);
            assertTrue(exit.skipped().get().contains("cpu0 is in gup_fast on mm0 (it holds t0)"), exit.skipped()::get);
        }
        // A GUP-fast walker of another mm does not keep mm0 alive.
        Machine m = after(GENERIC, seq(alloc(0), alloc(1), irqOff(0), lookup(0, 1), exit(0)));
        assertTrue(m.mm(0).exited());
    }

    @Test
    void atExitNoTableOfTheMmWaitsForGupFast() {
        // cpu1 had interrupts off when t0 was deferred: a GUP-fast walker of mm0 then, or of
        // another mm. At exit_mmap() no thread of mm0 is left, so it is the other kind: t0 waits
        // only for the rmap walker on cpu0, and t1, freed by the exit, for nobody.
        Machine m = after(GENERIC, seq(alloc(0), alloc(0), lock(0), irqOff(1), defer(0), exit(0)));
        assertEquals(TreeSet.of(0), m.table(0).waitFor());
        assertEquals(TreeSet.empty(), m.table(1).waitFor());
        assertTrue(m.callbacks().forAll(cb -> cb.waitFor().equals(TreeSet.of(0, 1))),
                "the grace periods still wait for both CPUs");
        // Before the exit t0 waited for both.
        assertEquals(TreeSet.of(0, 1), after(GENERIC, seq(alloc(0), alloc(0), lock(0), irqOff(1), defer(0)))
                .table(0).waitFor());
    }

    @Test
    void fda4d71651f7sExitIsEarlyOnlyWithAnRcuWalker() {
        Executor fix = new Executor(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-pageactive-fda4d71651f7"));
        Outcome gup = fix.trace(seq(alloc(0), irqOff(0), defer(0), exit(0)));
        assertFalse(gup.steps().get(3).violation().isDefined(), () -> new TextTrace(fix.strategy()).render(gup));
        Outcome rmap = fix.trace(seq(alloc(0), lock(0), defer(0), exit(0)));
        assertEquals(io.github.ptcheck.invariant.Invariant.EARLY_FREE, rmap.violation().get().invariant());
        assertEquals(4, rmap.violation().get().step());
    }
}
