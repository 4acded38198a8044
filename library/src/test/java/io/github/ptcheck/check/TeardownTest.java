package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.SharedPages;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.POWERPC64_HASH_64K;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every run ends with a teardown the trace shows step by step (spec section 7): every reader
 * leaves, every live mm exits, {@code rcu_barrier()} runs; then the leak check.
 */
class TeardownTest {

    @Test
    void theTeardownIsStepsOfItsOwn() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Vector<Op> ops = seq(alloc(0), alloc(1), alloc(2), exit(2), lock(2), lock(0), lookup(0, 0), defer(1));
        Outcome o = ex.trace(ops);
        assertTrue(o.passed(), () -> o.violation().get().summary());
        assertEquals(ops, o.ops(), "the outcome keeps the sequence without its teardown");
        Vector<Step> teardown = o.steps().filter(Step::teardown);
        assertEquals(o.steps().drop(ops.size()), teardown, "the teardown comes after the sequence");
        // Readers in cpu order, then live mms in mm order (mm2 exited already), then rcu_barrier().
        assertEquals(seq(unlock(0), unlock(2), exit(0), exit(1), barrier()), teardown.map(Step::op));
        assertEquals(Vector.range(ops.size() + 1, ops.size() + 6), teardown.map(Step::number));
        assertTrue(teardown.forAll(s -> !s.wasSkipped()));
        Machine end = o.steps().last().after();
        assertTrue(end.pages().isEmpty());
        assertTrue(end.callbacks().isEmpty());
        assertFalse(end.anyReaderInside());
        assertTrue(end.mms().values().forAll(mm -> mm.exited()));
        assertEquals(ops.size() + 5, o.executed());
        assertEquals(0, o.skipped());

        String text = new TextTrace(ex.strategy()).render(o);
        int header = text.indexOf("-- teardown: readers leave, live mms exit, rcu_barrier() --");
        assertTrue(header > text.indexOf("  8  freeDeferred t1"), text);
        int at = header;
        for (Step s : teardown) {
            int next = text.indexOf(String.format("%3d  %s", s.number(), s.op()), at);
            assertTrue(next > at, () -> s.op() + " missing or out of order in\n" + text);
            at = next;
        }
        assertTrue(text.contains("rcu: pte_free_now(page 1 rcu_head)"), text);
    }

    @Test
    void teardownOpsFollowTheMachine() {
        Executor ex = new Executor(POWERPC64_HASH_64K, new SharedPages());
        Machine m = ex.boot();
        assertEquals(seq(barrier()), ex.teardownOps(m));
        int n = 0;
        for (Op op : seq(alloc(3), alloc(1), lock(5), lock(4), exit(1))) {
            m = ex.apply(m, op, ++n).machine();
        }
        assertEquals(seq(unlock(4), unlock(5), exit(3), barrier()), ex.teardownOps(m));
    }

    @Test
    void anEmptySequenceTearsDownToNothing() {
        Outcome o = new Executor(X86_64, new PagePerTable()).trace(seq());
        assertTrue(o.passed());
        assertEquals(1, o.steps().size());
        assertEquals(barrier(), o.steps().single().op());
        assertEquals("no RCU callback queued", o.steps().single().skipped().get());
        assertEquals(0, o.executed());
    }

    @Test
    void theLeakCheckComesAfterTheTeardown() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Machine m = ex.boot();
        m = ex.apply(m, alloc(0), 1).machine();
        m = ex.apply(m, alloc(0), 2).machine();
        // Without the teardown both pages are still there: the leak check names the lowest and counts the rest.
        var leak = ex.leakCheck(m, 7).get();
        assertEquals(7, leak.step());
        assertEquals(0, leak.pfn());
        assertTrue(leak.detail().contains("(it held t0)"), leak.detail());
        assertTrue(leak.detail().contains("1 more page(s) leaked"), leak.detail());
        for (Op op : ex.teardownOps(m)) {
            m = ex.apply(m, op, 3).machine();
        }
        assertTrue(ex.leakCheck(m, 4).isEmpty());
    }
}
