package io.github.ptcheck.sched;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.powerpc.ReadThenDecrement;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import io.github.ptcheck.strategy.s390.PageTableFreeVariant;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The races issue 10 names, each on a sequence and a schedule written by hand: found in the
 * broken variant, not in the merged code it was made from.
 */
class InterleaverTest {

    private static Outcome trace(Preset p, Strategy s, Vector<Op> ops, String schedule) {
        return new Interleaver(new Executor(p, s)).trace(ops, Schedule.parse(schedule));
    }

    private static Violation found(Preset p, Strategy s, Vector<Op> ops, String schedule) {
        Outcome o = trace(p, s, ops, schedule);
        assertTrue(o.violation().isDefined(), () -> new TextTrace(s).render(o));
        return o.violation().get();
    }

    private static void passes(Preset p, Strategy s, Vector<Op> ops, String schedule) {
        Outcome o = trace(p, s, ops, schedule);
        assertTrue(o.passed(), () -> new TextTrace(s).render(o));
    }

    @Test
    void theSequentialScheduleIsTheSequentialRun() {
        Strategy s = Strategies.named("s390-pageactive-v6.6");
        Vector<Op> ops = seq(alloc(0), alloc(0), tlb(1), free(0), run(0), defer(0));
        Executor ex = new Executor(Presets.S390X, s);
        Outcome seqRun = ex.run(ops);
        Outcome interleaved = new Interleaver(ex).run(ops, Schedule.SEQUENTIAL);
        assertEquals(seqRun.violation(), interleaved.violation());
        assertEquals(seqRun.executed(), interleaved.executed());
        assertEquals(seqRun.skipped(), interleaved.skipped());
    }

    @Test
    void powerpcWithoutThePageTableLockHandsOutOneFragmentTwice() {
        Vector<Op> ops = seq(alloc(0), alloc(0), alloc(0));
        Violation v = found(Presets.POWERPC64_HASH_64K, new UnlockedCursor(), ops, "2:0 3 2");
        assertEquals(Invariant.DOUBLE_ALLOC, v.invariant());
        assertEquals(2, v.step());
        assertEquals("t1", v.field());
        passes(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-pageactive-v6.6"), ops, "2:0 3 2");
        passes(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-pageactive-v6.6"), ops, "2:1 3 2");
        // Sequentially the unlocked cursor is right.
        assertTrue(new Executor(Presets.POWERPC64_HASH_64K, new UnlockedCursor()).run(ops).passed());
    }

    /** The trace of a violation in the overlap: under its step, with the other CPU's table, and no leak check. */
    @Test
    void theTraceOfARaceShowsItWhereItHappenedAndNoLeakCheck() {
        Outcome o = trace(Presets.POWERPC64_HASH_64K, new UnlockedCursor(), seq(alloc(0), alloc(0), alloc(0)), "2:0 3 2");
        String text = new TextTrace(new UnlockedCursor()).render(o);
        assertFalse(text.contains("-- leak check --"), text);
        assertTrue(text.contains("\n       !! DOUBLE_ALLOC: pte_alloc_one handing out page 0 fragment 1 while t1 still"
                + " uses it\n"), text);
        // t1 is what the message names: step 3 made it on the other CPU while step 2 was preempted.
        assertTrue(text.matches("(?s).*\n          when it broke it: page 0: [^\n]* tables: t0@0 attached\\(mm0\\);"
                + " t1@1 attached\\(mm0\\)\n.*"), text);
        assertNoLineCut(text);
    }

    /** A column too narrow for a line wraps it: a kernel developer needs the end of it (the page state). */
    private static void assertNoLineCut(String text) {
        for (String line : text.split("\n")) {
            assertFalse(line.matches(".*[^~ ]~ \\| .*"), "a line cut off: " + line + "\n" + text);
        }
    }

    @Test
    void theMergedAllocatorWaitsForThePageTableLock() {
        Outcome o = trace(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-pageactive-v6.6"),
                seq(alloc(0), alloc(0), alloc(0)), "2:1 3 2");
        assertTrue(o.passed());
        assertTrue(o.turns().exists(t -> t.end().startsWith("waits for mm0->page_table_lock")), o.turns()::toString);
    }

    /** The mmu_gather batch's callback frees t0's fragment while the mm exits and pte_frag_destroy() drops the rest. */
    @Test
    void pteFragmentFreeReadingTheCountBeforeDecrementingLeaksThePage() {
        Vector<Op> ops = seq(alloc(0), tlb(0), run(0), exit(0));
        Violation v = found(Presets.POWERPC64_HASH_64K, new ReadThenDecrement(), ops, "3:2 4 3");
        assertEquals(Invariant.LEAK, v.invariant());
        assertEquals(5, v.step());
        for (int k = 0; k <= 4; k++) {
            passes(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-refcount-v2"), ops, "3:" + k + " 4 3");
        }
    }

    @Test
    void s390ReadThenSetLosesTheOtherHalfsPendingBit() {
        Vector<Op> ops = seq(alloc(0), alloc(0), tlb(1), free(0), run(0));
        Violation v = found(Presets.S390X, PageTableFreeVariant.readThenSet(), ops, "4:3 5 4");
        assertEquals(Invariant.LEAK, v.invariant());
        Strategy merged = Strategies.named("s390-pageactive-v6.6");
        for (int k = 0; k <= 7; k++) {
            passes(Presets.S390X, merged, ops, "4:" + k + " 5 4");
        }
    }

    /**
     * c2c224932fd0: without the transient P bit, __tlb_remove_table() of the other half sees the
     * byte zero and frees the page while page_table_free() has not taken it off the list yet: the
     * buddy allocator gets a page still linked on mm0's pgtable_list.
     */
    @Test
    void s390WithoutThePendingBitFreesThePageUnderTheListDelete() {
        Vector<Op> ops = seq(alloc(0), alloc(0), tlb(1), free(0), run(0));
        Violation v = found(Presets.S390X, PageTableFreeVariant.noPendingBit(), ops, "4:3 5 4");
        assertNoLineCut(new TextTrace(PageTableFreeVariant.noPendingBit()).render(trace(Presets.S390X,
                PageTableFreeVariant.noPendingBit(), ops, "4:3 5 4")));
        assertEquals(Invariant.UNION_CLOBBER, v.invariant());
        assertEquals(5, v.step());
        assertEquals("lru", v.field());
        assertEquals("lru (on mm0 pgtable_list)", v.before());
        for (int k = 0; k <= 7; k++) {
            passes(Presets.S390X, Strategies.named("s390-pageactive-v6.6"), ops, "4:" + k + " 5 4");
        }
    }
}
