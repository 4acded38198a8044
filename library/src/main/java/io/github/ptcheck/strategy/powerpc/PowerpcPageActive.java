package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.PagetableCalls;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * {@code powerpc-pageactive-v6.6}: {@code arch/powerpc/mm/pgtable-frag.c}, Linux 6.6, commit
 * 32cc0b7c9d50 ("powerpc: add pte_free_defer() for pgtables sharing page", Hugh Dickins), merged.
 *
 * <pre>
 * void pte_fragment_free(unsigned long *table, int kernel)
 * {
 *         ...
 *         BUG_ON(atomic_read(&ptdesc->pt_frag_refcount) &lt;= 0);
 *         if (atomic_dec_and_test(&ptdesc->pt_frag_refcount)) {
 *                 if (kernel)
 *                         pagetable_free(ptdesc);
 *                 else if (folio_test_clear_active(ptdesc_folio(ptdesc)))
 *                         call_rcu(&ptdesc->pt_rcu_head, pte_free_now);
 *                 else
 *                         pte_free_now(&ptdesc->pt_rcu_head);
 *         }
 * }
 *
 * void pte_free_defer(struct mm_struct *mm, pgtable_t pgtable)
 * {
 *         ...
 *         SetPageActive(page);
 *         pte_fragment_free((unsigned long *)pgtable, 0);
 * }
 * </pre>
 *
 * <p>powerpc never hands a freed fragment out again, so the page only has to outlive every
 * deferred table by a grace period when its last reference goes: {@code PG_active} marks "some
 * table of this page was deferred", and whoever drops the last reference queues the
 * {@code rcu_head}, once. Allocation is the shared {@link PteFrag} one.
 *
 * <p>Known hole, which ptcheck reports: {@code pte_frag_destroy()} (run first in
 * {@code exit_mmap()} by {@code arch_exit_mmap()} → {@code destroy_pagetable_cache()}) was not
 * changed by this commit. When it drops the last reference of the mm's cache page it still runs
 * {@code pagetable_pte_dtor()} and {@code pagetable_free()} at once, whatever {@code PG_active}
 * says: the page is freed with {@code PG_active} set (in {@code PAGE_FLAGS_CHECK_AT_FREE}, so
 * "Bad page state" where page checks are on) and without waiting for the grace period of the
 * table that was deferred. {@code alloc mm0; freeDeferred t0} is enough on a preset with more than
 * one table per page.
 *
 * <p>{@code powerpc-pageactive-fda4d71651f7} adds fda4d71651f7 ("powerpc/pgtable-frag: Fix bad
 * page state in pte_frag_destroy", Ritesh Harjani, powerpc {@code next} of 29 March 2026):
 * <pre>
 *         if (atomic_sub_and_test(PTE_FRAG_NR - count, &amp;ptdesc-&gt;pt_frag_refcount)) {
 * +               folio_clear_active(ptdesc_folio(ptdesc));
 *                 pagetable_dtor(ptdesc);
 *                 pagetable_free(ptdesc);
 *         }
 * </pre>
 * which silences "Bad page state" and still frees the page at once: a deferred table of that page
 * whose grace period has not passed is freed early. The kernel it applies to writes the
 * constructor and destructor as 6.16 does, {@code pagetable_pte_ctor(mm, ptdesc)} in
 * {@code __alloc_for_ptecache()} and {@code pagetable_dtor(ptdesc)} in {@code pte_free_now()} and
 * {@code pte_frag_destroy()}, and so does its trace; the routines are otherwise 6.6's for a user
 * table. (Since 6.16 {@code pte_fragment_free()} reads {@code if (kernel ||
 * !folio_test_clear_active(...)) pte_free_now(...); else call_rcu(...)}, which is the same for
 * {@code kernel == 0}.)
 */
public final class PowerpcPageActive implements Strategy {

    private final boolean fragDestroyFix;
    /** 6.6's names, or with fda4d71651f7 those of the 2026 kernel it applies to. */
    private final PagetableCalls calls;

    /** {@code powerpc-pageactive-v6.6}, as merged in 6.6. */
    public PowerpcPageActive() {
        this(false);
    }

    /** With {@code fragDestroyFix}, {@code powerpc-pageactive-fda4d71651f7}. */
    public PowerpcPageActive(boolean fragDestroyFix) {
        this.fragDestroyFix = fragDestroyFix;
        this.calls = fragDestroyFix ? PagetableCalls.V6_16 : PagetableCalls.V6_6;
    }

    @Override
    public String name() {
        return fragDestroyFix ? "powerpc-pageactive-fda4d71651f7" : "powerpc-pageactive-v6.6";
    }

    @Override
    public String source() {
        return "arch/powerpc/mm/pgtable-frag.c, Linux 6.6, commit 32cc0b7c9d50"
                + (fragDestroyFix ? ", with fda4d71651f7 (powerpc next, 2026-03-29)" : "");
    }

    @Override
    public boolean serves(Preset preset) {
        return preset.arch().equals("powerpc");
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return PteFrag.pteFragmentAlloc(m, mm, calls);
    }

    /** {@code pte_free()}: {@code pte_fragment_free(table, 0)}. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return pteFragmentFree(m, t.pfn());
    }

    /** {@code pte_free_defer()}: {@code SetPageActive(page)}, then {@code pte_fragment_free(table, 0)}. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.setPageActive(t.pfn()).flatMap(m1 -> pteFragmentFree(m1, t.pfn()));
    }

    /** {@code __tlb_remove_table()} → {@code pgtable_free()} → {@code pte_fragment_free(table, 0)}. */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return pteFragmentFree(m, t.pfn());
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals("pte_free_now")) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        return pteFreeNow(m, pfn);
    }

    /**
     * {@code pte_fragment_free()} of 6.6, for a user table ({@code kernel == 0}): the
     * {@code BUG_ON} on a count already at zero, then on the last reference
     * {@code folio_test_clear_active()}: a page with a deferred table goes through
     * {@code call_rcu()}, any other is freed at once.
     */
    private Either<Violation, Machine> pteFragmentFree(Machine m, int pfn) {
        return m.atomicAddPtFragRefcount(pfn, -1).flatMap(m1 -> {
            if (m1.page(pfn).ptFragRefcount() != 0) {
                return Either.right(m1);
            }
            if (m1.page(pfn).active()) {
                return m1.clearPageActive(pfn).flatMap(m2 -> m2.callRcu(pfn, "pte_free_now"));
            }
            return pteFreeNow(m1, pfn);
        });
    }

    /**
     * {@code pte_free_now()}: {@code pagetable_pte_dtor(ptdesc); pagetable_free(ptdesc);}, in the
     * kernel of fda4d71651f7 {@code pagetable_dtor(ptdesc); pagetable_free(ptdesc);}.
     */
    private Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return calls.dtor(m, pfn).flatMap(m1 -> m1.freePage(pfn));
    }

    /**
     * {@code arch_exit_mmap()} → {@code destroy_pagetable_cache()} →
     * {@code pte_frag_destroy(mm->context.pte_frag)}, unchanged in 6.6: it frees the page at once
     * on the last reference and never looks at {@code PG_active}; with fda4d71651f7 it clears
     * {@code PG_active} first and still frees at once.
     */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return PteFrag.pteFragDestroy(m, mm, fragDestroyFix, calls);
    }
}
