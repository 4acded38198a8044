package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.RcuHead;
import io.github.ptcheck.report.TextTrace;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RCU as spec section 5 models it: a callback waits for exactly the readers inside at
 * {@code call_rcu} time, eligible callbacks run in any order, a callback queued by a callback
 * waits for the readers inside at that moment, and a detached table remembers the readers
 * inside at detach.
 */
class RcuSemanticsTest {

    /** Frees in two grace periods: the first callback queues the second on the same head. */
    static final class TwoStageFree extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, io.github.ptcheck.model.Table t) {
            return m.callRcu(t.pfn(), "pte_free_stage1");
        }

        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return func.equals("pte_free_stage1") ? m.callRcu(pfn, PTE_FREE_NOW) : super.rcuCallback(m, func, pfn);
        }
    }

    private static Vector<Machine> states(Executor ex, Vector<Op> ops) {
        Outcome o = ex.trace(ops);
        assertTrue(o.passed(), () -> o.violation().get().summary());
        return o.steps().map(Step::after);
    }

    private static TreeSet<Integer> cpus(Integer... cpus) {
        return TreeSet.of(cpus);
    }

    @Test
    void aCallbackWaitsForExactlyTheReadersInsideAtCallRcu() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Vector<Machine> s = states(ex, seq(alloc(0), alloc(0), alloc(0),
                lock(0), defer(0),          // 4, 5: waits for cpu0
                lock(1), defer(1),          // 6, 7: waits for cpu0 and cpu1
                unlock(0), defer(2),        // 8, 9: cpu0 left; waits for cpu1 only
                lock(0),                    // 10: a reader coming in later is not waited for
                run(0), run(0)));           // 11: page 0's callback; 12: nothing else eligible
        assertEquals(cpus(0), s.get(4).callbacks().get(0).waitFor());
        assertEquals(cpus(0, 1), s.get(6).callbacks().get(1).waitFor());
        assertEquals(cpus(), s.get(7).callbacks().get(0).waitFor());
        assertEquals(cpus(1), s.get(7).callbacks().get(1).waitFor());
        assertEquals(cpus(1), s.get(8).callbacks().get(2).waitFor());
        Machine afterLock = s.get(9);
        assertEquals(Vector.of(cpus(), cpus(1), cpus(1)), afterLock.callbacks().map(RcuCallback::waitFor));
        assertEquals(Vector.of(new RcuHead.OfPage(0)), afterLock.eligibleCallbacks().map(RcuCallback::head));
        assertFalse(s.get(10).pageAllocated(0), "page 0's callback ran");
        assertEquals(2, s.get(10).callbacks().size());
        Outcome o = ex.trace(seq(alloc(0), alloc(0), alloc(0), lock(0), defer(0), lock(1), defer(1), unlock(0),
                defer(2), lock(0), run(0), run(0)));
        assertEquals("no RCU callback is eligible to run", o.steps().get(11).skipped().get());
    }

    @Test
    void aDetachedTableRemembersTheReadersInsideAtDetach() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Vector<Machine> s = states(ex, seq(alloc(0), alloc(0), lock(0), defer(0), irqOff(1), tlb(1), unlock(0)));
        assertEquals(cpus(0), s.get(3).table(0).waitFor());
        assertFalse(s.get(3).table(0).attached());
        // free_pgtables() unlinked t1's VMA first: the rcu_read_lock walker on cpu0 cannot reach it,
        // GUP-fast on cpu1 (interrupts off) can.
        assertEquals(cpus(1), s.get(5).table(1).waitFor());
        assertTrue(s.get(6).table(0).gracePassed());
        assertEquals(cpus(1), s.get(6).table(1).waitFor());
    }

    @Test
    void eligibleCallbacksRunInAnyOrder() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Vector<Op> queue3 = seq(alloc(0), alloc(0), alloc(0), defer(0), defer(1), defer(2));
        Vector<Machine> s = states(ex, queue3.appendAll(seq(run(2), run(0), run(0))));
        assertEquals(TreeSet.of(0, 1), s.get(6).pages().keySet().toSortedSet(), "the newest ran first");
        assertEquals(TreeSet.of(1), s.get(7).pages().keySet().toSortedSet(), "then the oldest");
        assertTrue(s.get(8).pages().isEmpty());
        // Every order of the three runs ends in the same state.
        Machine end = s.get(8);
        for (Vector<Op> order : Vector.of(seq(run(0), run(0), run(0)), seq(run(1), run(1), run(0)),
                seq(run(2), run(1), run(0)), seq(run(0), run(1), run(0)))) {
            assertEquals(end, states(ex, queue3.appendAll(order)).get(8), order::toString);
        }
    }

    @Test
    void aCallbackQueuedByACallbackWaitsForTheReadersInsideThen() {
        Executor ex = new Executor(X86_64, new TwoStageFree());
        Vector<Op> ops = seq(alloc(0), defer(0), lock(0), run(0), lock(1), run(0), unlock(1), run(0), unlock(0),
                run(0));
        Outcome o = ex.trace(ops);
        assertTrue(o.passed(), () -> o.violation().get().summary());
        Vector<Machine> s = o.steps().map(Step::after);
        // Step 2 queued stage 1 with no reader inside; step 4 ran it while cpu0 was inside.
        assertEquals(cpus(), s.get(1).callbacks().get(0).waitFor());
        RcuCallback second = s.get(3).callbacks().single();
        assertEquals("pte_free_now", second.func());
        assertEquals(cpus(0), second.waitFor(), "waits for cpu0, inside when stage 1 queued it");
        assertEquals("no RCU callback is eligible to run", o.steps().get(5).skipped().get());
        assertEquals(cpus(0), s.get(6).callbacks().single().waitFor(), "cpu1 came in later: not waited for");
        assertEquals("no RCU callback is eligible to run", o.steps().get(7).skipped().get());
        assertTrue(s.get(8).eligibleCallbacks().nonEmpty());
        assertTrue(s.get(9).pages().isEmpty());
    }

    @Test
    void rcuBarrierRunsCallbacksThatCallbacksQueue() {
        Executor ex = new Executor(X86_64, new TwoStageFree());
        Outcome o = ex.trace(seq(alloc(0), defer(0), barrier()));
        assertTrue(o.passed());
        Step b = o.steps().get(2);
        assertTrue(b.after().callbacks().isEmpty());
        assertTrue(b.after().pages().isEmpty());
        assertEquals(Vector.of("rcu: pte_free_stage1(page 0 rcu_head)", "call_rcu(page 0 rcu_head, pte_free_now)",
                        "rcu: pte_free_now(page 0 rcu_head)", "pagetable_pte_dtor(page 0)", "__free_page(page 0)"),
                b.events().map(e -> e.text()).toVector());
        assertTrue(new TextTrace(ex.strategy()).render(o).contains("rcu: pte_free_stage1(page 0 rcu_head)"));
    }

    @Test
    void theMmuGatherBatchHasItsOwnHead() {
        // A table in the batch does not touch the page's words: its page may still queue its own head.
        Executor ex = new Executor(X86_64, new PagePerTable());
        Vector<Machine> s = states(ex, seq(alloc(0), lock(0), tlb(0)));
        RcuCallback batch = s.get(2).callbacks().single();
        assertEquals(new RcuHead.OfBatch(0), batch.head());
        assertEquals(cpus(0), batch.waitFor());
        assertEquals("unused", s.get(2).page(0).words().describe());
    }
}
