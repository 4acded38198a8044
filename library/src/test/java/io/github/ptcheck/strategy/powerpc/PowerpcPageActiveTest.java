package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Words;
import io.github.ptcheck.op.Op;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerpcPageActiveTest {

    private static final String S = "powerpc-pageactive-v6.6";

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
        assertFalse(Strategies.named(S).serves(Presets.ARM64_64K));
    }

    /** One table per page: no cache page, so the spec's sequence passes. */
    @Test
    void specSequencePassesOn4k() {
        Outcome o = trace(S, "powerpc64-4k", seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertPassed(o);
        Machine m = after(o, 4);
        assertEquals(2, m.callbacks().size(), "one page per table: each deferral queues its own page");
        assertFalse(m.page(0).active(), "folio_test_clear_active() cleared it before call_rcu");
    }

    /**
     * The spec's sequence itself runs clean on shared pages (no second call_rcu: the count never
     * reaches zero), but its teardown hits the exit hole pinned below: pte_frag_destroy() drops
     * the last 14 (radix: 254) references of a page whose PG_active is still set.
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void specSequenceHitsTheExitHoleInTeardown(String preset) {
        Outcome o = trace(S, preset, seq(alloc(0), alloc(0), defer(0), defer(1)));
        Machine m = after(o, 4);
        assertTrue(m.callbacks().isEmpty());
        assertTrue(m.page(0).active());
        assertEquals(nr(preset) - 2, m.page(0).ptFragRefcount());
        Violation v = assertViolation(o, Invariant.BAD_PAGE_STATE, 5, 0);
        assertTrue(o.failedInTeardown());
        assertEquals(exit(0), step(o, 5).op());
        assertEquals("flags", v.field());
    }

    /** With a third table still attached at exit, pte_frag_destroy() is not the last reference. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void specSequencePassesWhileAnotherTableIsAttachedAtExit(String preset) {
        Outcome o = trace(S, preset, seq(alloc(0), alloc(0), alloc(0), defer(0), defer(1)));
        assertPassed(o);
    }

    /**
     * FINDING (kernel v6.6). The merged scheme lets pte_frag_destroy() drop the last reference:
     * arch/powerpc/mm/pgtable-frag.c, v6.6,
     * <pre>
     * if (atomic_sub_and_test(PTE_FRAG_NR - count, &ptdesc->pt_frag_refcount)) {
     *         pagetable_pte_dtor(ptdesc);
     *         pagetable_free(ptdesc);
     * }
     * </pre>
     * is not touched by commit 32cc0b7c9d50; it runs from exit_mmap() → arch_exit_mmap() →
     * destroy_pagetable_cache() (arch/powerpc/mm/book3s64/mmu_context.c) before unmap_vmas() and
     * free_pgtables(). pte_free_defer() did SetPageActive() and a pte_fragment_free() that did not
     * reach zero (the cache page still counts its unused fragments), so PG_active is still set
     * when pte_frag_destroy() frees the page at once: PG_active is in PAGE_FLAGS_CHECK_AT_FREE
     * (include/linux/page-flags.h), "Bad page state" where page checks are on, and no grace
     * period for the deferred table in any case.
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void exitFreesADeferredCachePageAtOnceWithPgActiveSet(String preset) {
        Vector<Op> noReader = seq(alloc(0), defer(0));
        Violation v = assertViolation(trace(S, preset, noReader), Invariant.BAD_PAGE_STATE, 3, 0);
        assertEquals("flags", v.field());
        assertTrue(v.before().contains("active"));

        // A reader inside at the deferral: the page goes without a grace period.
        assertViolation(trace(S, preset, seq(alloc(0), lock(0), defer(0), exit(0))), Invariant.EARLY_FREE, 4, 0);
        // ... and if it looked the table up, it still holds it.
        assertViolation(trace(S, preset, seq(alloc(0), lock(0), lookup(0, 0), defer(0), exit(0))),
                Invariant.USE_AFTER_FREE, 5, 0);

        // The same sequences are safe with v2, whose tokens keep the count above zero, and on 4k.
        for (Vector<Op> ops : Vector.of(noReader, seq(alloc(0), lock(0), defer(0), exit(0)),
                seq(alloc(0), lock(0), lookup(0, 0), defer(0), exit(0)))) {
            assertPassed(trace("powerpc-refcount-v2", preset, ops));
            assertPassed(trace(S, "powerpc64-4k", ops));
        }
    }

    /** Every table of a page deferred, readers holding the first and the last: one call_rcu, at the end. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void wholePageDeferredWithReadersInside(String preset) {
        int nr = nr(preset);
        Vector<Op> ops = allocs(0, nr).append(lock(0)).append(lookup(0, 0));
        for (int t = 0; t < nr - 1; t++) {
            ops = ops.append(defer(t));
        }
        ops = ops.append(lock(1)).append(lookup(1, nr - 1));
        int beforeLast = ops.size();
        ops = ops.append(defer(nr - 1));
        int last = ops.size();
        ops = ops.appendAll(seq(run(0), unlock(0), run(0), unlock(1), run(0)));
        Outcome o = trace(S, preset, ops);
        assertPassed(o);

        Machine m = after(o, beforeLast);
        assertTrue(m.callbacks().isEmpty());
        assertEquals(1, m.page(0).ptFragRefcount());
        assertEquals(nr > 1, m.page(0).active());
        m = after(o, last);
        assertEquals(TreeSet.of(0, 1), m.callbacks().single().waitFor());
        assertFalse(m.page(0).active(), "cleared before call_rcu");
        assertInstanceOf(Words.RcuHeadQueued.class, m.page(0).words());
        assertTrue(step(o, last + 1).wasSkipped());
        assertTrue(step(o, last + 3).wasSkipped(), "cpu1 is still inside");
        assertFalse(after(o, last + 5).pageAllocated(0));
    }

    /** pte_free, pte_free_defer and the mmu_gather path on tables of one page, a GUP-fast walker holding two. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void mixedFreePathsOnOnePage(String preset) {
        int n = Math.max(nr(preset), 4);
        Outcome o = trace(S, preset, allocs(0, n).appendAll(seq(
                free(0),
                irqOff(0), lookup(0, 1), lookup(0, 2),
                defer(1), tlb(2),
                run(0), run(0),      // both skipped: nothing queued on the page, the batch waits for cpu0
                irqOn(0),
                defer(3),
                free(3),             // skipped: already freed
                barrier())));
        assertPassed(o);
        assertTrue(step(o, n + 7).wasSkipped());
        assertTrue(step(o, n + 11).wasSkipped());
        if (nr(preset) > 1) {
            Machine m = after(o, n + 12);
            assertTrue(m.pageAllocated(0), "t4.. are still attached");
            assertTrue(m.page(0).active(), "the deferrals are remembered until the last reference");
            assertEquals(n - 4, m.page(0).ptFragRefcount());
        }
    }

    /** Readers keep looking at an attached sibling while the mmu_gather batch of another table runs. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void readersHoldASiblingAcrossACallback(String preset) {
        int nr = nr(preset);
        Outcome o = trace(S, preset, seq(
                alloc(0), alloc(0), alloc(0),
                lock(0), lookup(0, 1),
                tlb(0),              // 6: batch waits for cpu0
                lock(1), lookup(1, 1),
                run(0),              // 9: skipped
                unlock(0),
                run(0),              // 11: t0's reference dropped; cpu1 still holds t1
                defer(1)));          // 12: PG_active, t1 waits for cpu1
        assertPassed(o);
        assertTrue(step(o, 9).wasSkipped());
        Machine m = after(o, 11);
        assertEquals(nr - 1, m.page(0).ptFragRefcount());
        assertTrue(m.reader(1).holds(1));
        m = after(o, 12);
        assertTrue(m.page(0).active());
        assertEquals(TreeSet.of(1), m.table(1).waitFor());
    }

    /** exit_mmap with a table deferred while another is still attached: the last reference defers. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void exitWithTablesPendingPasses(String preset) {
        Outcome o = trace(S, preset, seq(
                alloc(0), alloc(0),
                lock(0), lookup(0, 0),
                defer(0),
                exit(0),             // 6: t1 is still attached, so pte_frag_destroy() leaves 1
                run(0),              // 7: skipped, everything waits for cpu0
                unlock(0),
                run(0)));            // 9: the last reference: call_rcu (shared page) or free (4k)
        assertPassed(o);
        Machine m = after(o, 6);
        assertTrue(m.pageAllocated(0));
        assertTrue(step(o, 7).wasSkipped());
        if (nr(preset) > 1) {
            assertEquals(1, m.page(0).ptFragRefcount());
            Machine m9 = after(o, 9);
            assertTrue(m9.pageAllocated(0), "PG_active: freed only after another grace period");
            assertInstanceOf(Words.RcuHeadQueued.class, m9.page(0).words());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k", "powerpc64-4k"})
    void fragmentsNeverHandedOutAtExit(String preset) {
        Outcome o = trace(S, preset, seq(alloc(0), alloc(1), free(0), exit(0), alloc(1), exit(1)));
        PowerpcRefcountTest.assertFragmentsNeverHandedOutDieWithTheMm(o, nr(preset));
    }


    /**
     * fda4d71651f7 clears PG_active in pte_frag_destroy(), so the page no longer trips "Bad page
     * state"; it still frees the page at once, before the grace period of the deferred table.
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void withFda4d71651f7TheExitFreesWithoutBadPageStateAndStillTooEarly(String preset) {
        String fixed = "powerpc-pageactive-fda4d71651f7";
        assertPassed(trace(fixed, preset, seq(alloc(0), defer(0))));
        Outcome early = trace(fixed, preset, seq(alloc(0), lock(0), defer(0), exit(0)));
        Violation v = assertViolation(early, Invariant.EARLY_FREE, 4, 0);
        assertEquals("t0", v.field());
        Outcome held = trace(fixed, preset, seq(alloc(0), lock(0), lookup(0, 0), defer(0), exit(0)));
        assertViolation(held, Invariant.USE_AFTER_FREE, 5, 0);
        assertTrue(render(held).contains("ClearPageActive(page 0)"), render(held));
        // As merged in 6.6 the same runs end in BAD_PAGE_STATE without a reader.
        assertViolation(trace(S, preset, seq(alloc(0), defer(0))), Invariant.BAD_PAGE_STATE, 3, 0);
    }

    /**
     * Each version writes its kernel's constructor and destructor: 6.6's, or those of the 2026
     * kernel fda4d71651f7 applies to ({@code pagetable_pte_ctor(mm, ptdesc)} since 6.16,
     * {@code pagetable_dtor()} since 6.14), in {@code __alloc_for_ptecache()},
     * {@code pte_free_now()} (the 4k preset frees the page on {@code free}) and
     * {@code pte_frag_destroy()} (the 64k ones free it at exit).
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-4k", "powerpc64-hash-64k"})
    void eachVersionWritesItsKernelsConstructorAndDestructor(String preset) {
        Vector<Op> ops = seq(alloc(0), free(0), exit(0));
        Outcome v66 = trace(S, preset, ops);
        assertPassed(v66);
        String text = render(v66);
        assertTrue(text.contains("pagetable_pte_ctor(page 0)") && text.contains("pagetable_pte_dtor(page 0)"), text);
        assertFalse(text.contains("pagetable_dtor(") || text.contains("(mm0, page"), text);
        Outcome fixed = trace("powerpc-pageactive-fda4d71651f7", preset, ops);
        assertPassed(fixed);
        text = render(fixed);
        assertTrue(text.contains("pagetable_pte_ctor(mm0, page 0)") && text.contains("pagetable_dtor(page 0)"), text);
        assertFalse(text.contains("pagetable_pte_dtor(") || text.contains("pagetable_pte_ctor(page"), text);
    }
}
