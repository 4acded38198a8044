package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.vavr.collection.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operation whose precondition does not hold is skipped: the trace says why, and the state
 * is exactly what it was before (spec section 7; design: any sub-sequence runs).
 */
class SkippedOperationsTest {

    /** After {@code prefix}, {@code op} must be skipped for {@code reason}. */
    record Skip(Vector<Op> prefix, Op op, String reason) {
        @Override
        public String toString() {
            return prefix.mkString(", ") + (prefix.isEmpty() ? "" : ", ") + op + " -> " + reason;
        }
    }

    static Stream<Skip> skips() {
        return Stream.of(
                new Skip(seq(alloc(0), lock(0)), free(0),
                        "pte_free needs no walker inside a read-side section; cpu0 is inside rcu_read_lock"),
                new Skip(seq(alloc(0), defer(0), lock(0)), lookup(0, 0), "t0 is already freed"),
                new Skip(seq(alloc(0)), lookup(0, 0),
                        "cpu0 is not inside a read-side section (rcu_read_lock or local_irq_save)"),
                new Skip(seq(alloc(0), lock(0), lookup(0, 0)), lookup(0, 0), "cpu0 already holds t0"),
                new Skip(seq(), run(0), "no RCU callback is eligible to run"),
                new Skip(seq(alloc(0), lock(0), defer(0)), run(0), "no RCU callback is eligible to run"),
                new Skip(seq(alloc(0), alloc(0), defer(0), defer(1)), run(2), "only 2 RCU callback(s) eligible"),
                new Skip(seq(alloc(0), defer(0), lock(1)), barrier(),
                        "rcu_barrier() cannot finish while cpu1 is inside rcu_read_lock"),
                new Skip(seq(alloc(0)), barrier(), "no RCU callback queued"),
                new Skip(seq(alloc(0)), free(3), "t3 was never allocated"),
                new Skip(seq(alloc(0)), defer(3), "t3 was never allocated"),
                new Skip(seq(alloc(0)), tlb(3), "t3 was never allocated"),
                new Skip(seq(alloc(0)), free(-1), "t-1 was never allocated"),
                new Skip(seq(alloc(0), lock(0)), lookup(0, 3), "t3 was never allocated"),
                new Skip(seq(alloc(0), free(0)), free(0), "t0 is already freed"),
                new Skip(seq(alloc(0), tlb(0)), defer(0), "t0 is already freed"),
                new Skip(seq(alloc(0), defer(0)), tlb(0), "t0 is already freed"),
                new Skip(seq(alloc(0), exit(0)), alloc(0), "mm0 has exited"),
                new Skip(seq(), alloc(-1), "no mm-1"),
                new Skip(seq(lock(0)), lock(0), "cpu0 is already inside rcu_read_lock"),
                new Skip(seq(), lock(-1), "no cpu-1"),
                new Skip(seq(), unlock(0), "cpu0 is not inside rcu_read_lock"),
                new Skip(seq(alloc(0)), exit(1), "mm1 was never used"),
                new Skip(seq(alloc(0), exit(0)), exit(0), "mm0 has exited already"),
                new Skip(seq(alloc(0), lock(0), lookup(0, 0)), tlb(0), "cpu0 holds t0 through its VMA"
                        + " (pte_offset_map_lock under rcu_read_lock): free_pgtables() unlinks the VMA first,"
                        + " which waits for that walker"),
                new Skip(seq(alloc(0), lock(0), lookup(0, 0)), tlbOne(0), "cpu0 holds t0 through its VMA"
                        + " (pte_offset_map_lock under rcu_read_lock): free_pgtables() unlinks the VMA first,"
                        + " which waits for that walker"),
                new Skip(seq(alloc(0), lock(0), lookup(0, 0)), exit(0), "cpu0 holds t0 through its VMA"
                        + " (pte_offset_map_lock under rcu_read_lock): free_pgtables() unlinks the VMA first,"
                        + " which waits for that walker"),
                new Skip(seq(alloc(0)), reclaim(0), "PT_RECLAIM is not in this kernel (tlb_remove_table_one:"
                        + " tlb_remove_table_sync_one(); __tlb_remove_table())"),
                new Skip(seq(irqOff(0)), lock(0), "cpu0 is already inside local_irq_save"),
                new Skip(seq(irqOff(0)), unlock(0), "cpu0 is not inside rcu_read_lock"),
                new Skip(seq(lock(0)), irqOn(0), "cpu0 is not inside local_irq_save"),
                new Skip(seq(alloc(0), defer(0), irqOff(1)), barrier(),
                        "rcu_barrier() cannot finish while cpu1 is inside local_irq_save"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skips")
    void skippedWithItsReasonAndNoChange(Skip c) {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Vector<Op> ops = c.prefix().append(c.op());
        Outcome o = ex.trace(ops);
        int n = ops.size();
        Step s = o.steps().get(n - 1);
        assertEquals(c.op(), s.op());
        assertEquals(c.reason(), s.skipped().getOrNull(), "the reason in the trace");
        assertTrue(s.events().isEmpty(), () -> "a skipped step did nothing, yet shows " + s.events());
        assertTrue(s.violation().isEmpty());
        Machine before = n == 1 ? ex.boot() : o.steps().get(n - 2).after();
        assertEquals(before, s.after(), "a skipped step leaves the state as it was");
        assertTrue(o.skipped() >= 1);
        assertTrue(new TextTrace(ex.strategy()).render(o)
                .contains(String.format("%3d  %s   (skipped: %s)", n, c.op(), c.reason())));

        // apply() on its own hands back the very machine it was given.
        Machine m = ex.boot();
        for (int i = 0; i < n - 1; i++) {
            m = ex.apply(m, ops.get(i), i + 1).machine();
        }
        Applied a = ex.apply(m, c.op(), n);
        assertTrue(a.wasSkipped() && !a.violated());
        assertEquals(c.reason(), a.skipped());
        assertSame(m, a.machine());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skips")
    void aSkippedStepChangesNothingThatFollows(Skip c) {
        // The sequence with the skipped operation and the sequence without it end alike.
        Executor ex = new Executor(X86_64, new PagePerTable());
        Outcome with = ex.trace(c.prefix().append(c.op()));
        Outcome without = ex.trace(c.prefix());
        assertEquals(without.violation(), with.violation());
        assertEquals(without.steps().last().after(), with.steps().last().after());
        assertEquals(without.skipped() + 1, with.skipped());
        assertEquals(without.executed(), with.executed());
    }
}
