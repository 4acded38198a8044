package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.TreeSet;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long sequences are work, not loops: the loop guard counts a strategy's primitive calls per
 * call, and what the engine does for a long sequence (finding a free page, freeing an mm's
 * tables, checking the callback queue) costs no more than the sequence's length, so a file of
 * many operations never makes a built-in strategy look like it loops.
 */
class LongSequencesTest {

    @Test
    void allocPageHandsOutTheLowestFreePageWhateverWasFreedBefore() {
        Random r = new Random(7);
        Machine m = Machine.boot(Presets.X86_64);
        TreeSet<Integer> allocated = new TreeSet<>();
        for (int i = 0; i < 2_000; i++) {
            if (allocated.isEmpty() || r.nextInt(3) > 0) {
                int lowestFree = 0;
                while (allocated.contains(lowestFree)) {
                    lowestFree++;
                }
                Machine.PageAlloc a = m.beginOperation().allocPage();
                assertEquals(lowestFree, a.pfn(), "allocation " + i);
                allocated.add(a.pfn());
                m = a.machine();
            } else {
                // Free a random page, often one at the top (which lowers the top past the holes below it).
                int pfn = r.nextBoolean() ? allocated.last()
                        : allocated.ceiling(r.nextInt(allocated.last() + 1));
                m = m.beginOperation().freePage(pfn).get();
                allocated.remove(pfn);
            }
        }
        assertEquals(allocated.size(), m.pages().size());
    }

    @Test
    void aHundredAndFiftyThousandPagesAreNoLoop() {
        // alloc_page() once walked the allocated pages and charged the walk to the loop guard of
        // 100,000 primitive calls: the 100,001st page ended the run blaming the strategy.
        Machine m = Machine.boot(Presets.X86_64);
        for (int i = 0; i < 150_000; i++) {
            m = m.beginOperation().allocPage().machine();
        }
        assertEquals(150_000, m.pages().size());
        Machine freed = m.beginOperation().freePage(70_000).get();
        assertEquals(70_000, freed.beginOperation().allocPage().pfn());
    }

    @Test
    void anMmWithMoreTablesThanTheLoopGuardAllowsOneCallExitsCleanly() {
        // The teardown's exit_mmap frees every table of mm0 in one operation: 50,500 tables make
        // 101,000 primitive calls (pmd_clear and tlb_remove_table each), each pte_free_tlb call
        // well within its own allowance.
        int tables = Machine.PRIMITIVES_PER_OPERATION / 2 + 500;
        Vector<Op> ops = Vector.fill(tables, () -> alloc(0));
        Outcome o = new Executor(Presets.X86_64, Strategies.named("generic-v6.6")).run(ops);
        assertTrue(o.passed(), () -> o.violation().get().summary());
        assertEquals(tables + 2, o.executed(), "the allocations, exit_mmap of mm0 and rcu_barrier()");
    }

    @Test
    void aLongCallbackQueueIsStillCheckedForCallbacksTakenOffIt() {
        // The executor checks after each call that the strategy left the queue's callbacks in
        // place; it once compared the whole queue (quadratic in a long file), now the last one.
        Vector<Op> ops = Vector.range(0, 5_000).flatMap(i -> seq(alloc(0), defer(i)));
        Outcome o = new Executor(Presets.X86_64, Strategies.named("generic-v6.6")).run(ops);
        assertTrue(o.passed(), () -> o.violation().get().summary());
        assertEquals(0, o.skipped());
    }
}
