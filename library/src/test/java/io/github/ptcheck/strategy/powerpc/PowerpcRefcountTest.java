package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.rcu.RcuHead;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.strategy.powerpc.Runs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerpcRefcountTest {

    private static final String S = "powerpc-refcount-v2";
    private static final int DEFERRED = 0x10000;

    private static int nr(String preset) {
        return Presets.named(preset).tablesPerPage();
    }

    @Test
    void isRegisteredAndServesPowerpcOnly() {
        assertEquals(S, Strategies.named(S).name());
        assertTrue(Strategies.named(S).serves(Presets.POWERPC64_HASH_64K));
        assertTrue(Strategies.named(S).serves(Presets.POWERPC64_RADIX_64K));
        assertTrue(Strategies.named(S).serves(Presets.POWERPC64_4K));
        assertFalse(Strategies.named(S).serves(Presets.S390X));
        assertFalse(Strategies.named(S).serves(Presets.X86_64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void specSequencePasses(String preset) {
        Outcome o = trace(S, preset, seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertPassed(o);
        if (nr(preset) > 1) {
            // The second deferral found the first one's token: no second call_rcu, one more token.
            Machine m = after(o, 4);
            assertEquals(1, m.callbacks().size());
            assertEquals(2 * DEFERRED + nr(preset) - 2, m.page(0).ptFragRefcount());
        }
    }

    /**
     * Every table of a page deferred within one grace period while a reader holds one of them:
     * one call_rcu, the page outlives the reader, one extra grace period, then it is freed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void wholePageDeferredInOneGracePeriodWithAReaderInside(String preset) {
        int nr = nr(preset);
        Vector<Op> ops = allocs(0, nr).append(lock(0)).append(lookup(0, nr - 1));
        for (int t = 0; t < nr; t++) {
            ops = ops.append(defer(t));
        }
        int deferred = ops.size();
        ops = ops.append(run(0)).append(unlock(0)).append(run(0));
        int firstCallback = ops.size();
        ops = ops.append(run(0));
        int secondCallback = ops.size();
        Outcome o = trace(S, preset, ops);
        assertPassed(o);

        Machine m = after(o, deferred);
        assertEquals(1, m.callbacks().size(), "one call_rcu for the whole page");
        assertEquals(TreeSet.of(0), m.callbacks().head().waitFor());
        assertEquals(nr * DEFERRED, m.page(0).ptFragRefcount(), "every table holds a token");
        assertTrue(step(o, deferred + 1).wasSkipped(), "the callback must wait for cpu0");
        if (nr > 1) {
            m = after(o, firstCallback);
            assertTrue(m.pageAllocated(0), "other deferrals came in: one more grace period");
            assertEquals(DEFERRED, m.page(0).ptFragRefcount(), "one token left for the re-queued rcu_head");
            assertEquals(1, m.callbacks().size());
            assertFalse(after(o, secondCallback).pageAllocated(0));
        } else {
            assertFalse(after(o, firstCallback).pageAllocated(0));
            assertTrue(step(o, secondCallback).wasSkipped());
        }
    }

    /**
     * The re-queue path: cpu1 enters after the first call_rcu, holds t1 and sees it deferred.
     * The first callback does not wait for cpu1 and runs while cpu1 is still inside; the page
     * must survive it and go only after the second grace period, which waits for cpu1 (but not
     * for cpu2, which entered after the re-queue).
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void deferralDuringTheGracePeriodKeepsThePageForASecondOne(String preset) {
        int nr = nr(preset);
        Outcome o = trace(S, preset, seq(
                alloc(0), alloc(0),
                defer(0),            // 3: call_rcu, waits for nobody
                lock(1),
                lookup(1, 1),
                defer(1),            // 6: token only, t1 waits for cpu1
                exit(0),             // 7: pte_frag_destroy drops the nr - 2 fragments never handed out
                run(0),              // 8: first callback, cpu1 still inside: re-queue
                lock(2),
                run(0),              // 10: skipped, the re-queued callback waits for cpu1
                unlock(1),
                run(0)));            // 12: second callback frees the page
        assertPassed(o);
        assertEquals(TreeSet.empty(), after(o, 3).callbacks().head().waitFor());
        assertEquals(1, after(o, 6).callbacks().size());
        assertEquals(2 * DEFERRED + nr - 2, after(o, 6).page(0).ptFragRefcount());
        assertEquals(2 * DEFERRED, after(o, 7).page(0).ptFragRefcount());

        Machine m = after(o, 8);
        assertTrue(m.pageAllocated(0), "freed after one grace period while cpu1 holds t1");
        assertEquals(DEFERRED, m.page(0).ptFragRefcount());
        assertEquals(new RcuHead.OfPage(0), m.callbacks().single().head());
        assertEquals(TreeSet.of(1), m.callbacks().single().waitFor());
        assertTrue(step(o, 10).wasSkipped());
        assertTrue(after(o, 11).pageAllocated(0));
        assertFalse(after(o, 12).pageAllocated(0));
    }

    /** A deferral in the second grace period: a third one follows, and the page goes after it. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void deferralDuringTheSecondGracePeriodDefersOnceMore(String preset) {
        Outcome o = trace(S, preset, seq(
                alloc(0), alloc(0), alloc(0),
                defer(0),            // 4: call_rcu
                lock(1), lookup(1, 1), lookup(1, 2),
                defer(1),            // 8: token
                run(0),              // 9: re-queue, waits for cpu1
                defer(2),            // 10: token during the second grace period
                unlock(1),
                run(0),              // 12: re-queue again
                exit(0),             // 13
                run(0)));            // 14: freed
        assertPassed(o);
        assertTrue(after(o, 9).pageAllocated(0));
        assertEquals(1, after(o, 10).callbacks().size(), "no second call_rcu while the head is queued");
        Machine m = after(o, 12);
        assertTrue(m.pageAllocated(0));
        assertEquals(1, m.callbacks().size());
        assertEquals(DEFERRED, after(o, 13).page(0).ptFragRefcount());
        assertFalse(after(o, 14).pageAllocated(0));
    }

    /** pte_free, pte_free_defer and the mmu_gather path on tables of one page, a GUP-fast walker holding two. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void mixedFreePathsOnOnePage(String preset) {
        int n = Math.max(nr(preset), 4);
        Vector<Op> ops = allocs(0, n).appendAll(seq(
                free(0),
                irqOff(0), lookup(0, 1), lookup(0, 2),
                defer(1), tlb(2),
                run(0), run(1),      // both skipped: they wait for cpu0
                irqOn(0),
                defer(3),
                free(3),             // skipped: already freed
                barrier()));
        Outcome o = trace(S, preset, ops);
        assertPassed(o);
        assertTrue(step(o, n + 7).wasSkipped());
        assertTrue(step(o, n + 8).wasSkipped());
        assertTrue(step(o, n + 11).wasSkipped());
        if (nr(preset) > 1) {
            Machine m = after(o, n + 12);
            assertTrue(m.pageAllocated(0), "t4.. are still attached");
            assertEquals(n - 4, m.page(0).ptFragRefcount());
        }
    }

    /** A reader keeps looking at an attached sibling while the deferred table's callback runs. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void readerHoldsASiblingAcrossTheCallback(String preset) {
        int nr = nr(preset);
        Outcome o = trace(S, preset, seq(
                alloc(0), alloc(0),
                lock(0), lookup(0, 0),
                defer(0),            // 5: waits for cpu0
                lock(1), lookup(1, 1),
                run(0),              // 8: skipped
                unlock(0),
                run(0),              // 10: the token becomes a 1 and is dropped
                defer(1),            // 11: cpu1 holds t1: a fresh call_rcu waiting for cpu1
                run(0),              // 12: skipped
                unlock(1)));
        assertPassed(o);
        assertTrue(step(o, 8).wasSkipped());
        Machine m = after(o, 10);
        assertEquals(nr - 1, m.page(0).ptFragRefcount());
        assertTrue(m.callbacks().isEmpty());
        assertEquals(TreeSet.of(1), after(o, 11).callbacks().single().waitFor());
        assertTrue(step(o, 12).wasSkipped());
    }

    /**
     * No v2 counterpart of the 6.6 exit hole: with a token outstanding, pte_frag_destroy() leaves
     * the count at PTE_FREE_DEFERRED or more, so the page waits for its callback.
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void exitWithADeferralPendingLeavesThePageToTheCallback(String preset) {
        Outcome o = trace(S, preset, seq(alloc(0), lock(0), lookup(0, 0), defer(0), exit(0)));
        assertPassed(o);
        Machine m = after(o, 5);
        assertTrue(m.pageAllocated(0));
        assertEquals(DEFERRED, m.page(0).ptFragRefcount());
        assertEquals(TreeSet.of(0), m.callbacks().single().waitFor());
    }

    /**
     * exit_mmap with tables deferred, on the mmu_gather path and still attached, a GUP-fast
     * walker inside (of mm1: one of mm0 would keep mm0 from exiting) and an rmap walker holding
     * the deferred table.
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void exitWithTablesPendingPasses(String preset) {
        Outcome o = trace(S, preset, seq(
                alloc(0), alloc(0), alloc(0), alloc(1),
                irqOff(0), lookup(0, 3), lock(1), lookup(1, 0),
                defer(0), tlb(1),
                exit(0),             // 11: t2 joins the mmu_gather path
                alloc(0)));          // 12: skipped, mm0 has exited
        assertPassed(o);
        Machine m = after(o, 11);
        assertTrue(m.pageAllocated(0));
        assertTrue(m.mm(0).exited());
        assertFalse(m.mm(0).hasPteFrag());
        assertEquals(io.vavr.collection.TreeSet.of(1), m.table(0).waitFor(), "the rmap walker; cpu0 walks mm1");
        assertTrue(step(o, 12).wasSkipped());
    }

    /** Fragments never handed out die with the mm; another mm never gets one of them. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void fragmentsNeverHandedOutAtExit(String preset) {
        Outcome o = trace(S, preset, seq(alloc(0), alloc(1), free(0), exit(0), alloc(1), exit(1)));
        assertFragmentsNeverHandedOutDieWithTheMm(o, nr(preset));
    }

    /** Shared with the page-active test: the same sequence, the same expectations. */
    static void assertFragmentsNeverHandedOutDieWithTheMm(Outcome o, int nr) {
        assertPassed(o);
        if (nr > 1) {
            assertTrue(after(o, 3).pageAllocated(0), "mm0's cache page still holds its unused fragments");
            assertFalse(after(o, 4).pageAllocated(0), "pte_frag_destroy dropped the last references");
            assertEquals(1, after(o, 5).table(2).pfn(), "mm1 goes on with its own cache page");
            assertEquals(1, after(o, 5).table(2).frag());
        } else {
            assertFalse(after(o, 3).pageAllocated(0), "one table per page: freed by pte_free");
            assertEquals(0, after(o, 5).table(2).frag());
        }
    }

    /**
     * {@code pte_fragment_alloc()} and {@code pte_fragment_free()} as in the file the patch changed
     * ({@code arch/powerpc/mm/pgtable-frag.c} blob 20652daa1d7e, 6.4; the patch was against
     * v6.4-rc5): {@code pgtable_pte_page_ctor(page)}, {@code pgtable_pte_page_dtor(page)}. The 4k
     * preset frees the page on {@code free}, the 64k one at exit ({@code pte_frag_destroy()}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-4k", "powerpc64-hash-64k"})
    void writesTheConstructorAndDestructorOf64(String preset) {
        assertPre66Names(S, preset);
    }
}
