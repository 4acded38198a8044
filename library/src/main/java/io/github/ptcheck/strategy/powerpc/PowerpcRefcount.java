package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.PtUnion;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.PagetableCalls;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * {@code powerpc-refcount-v2}: "[PATCH v2 05/12] powerpc: add pte_free_defer() for pgtables
 * sharing page", Hugh Dickins, 20 Jun 2023 (Message-ID
 * {@code 5cd9f442-61da-4c3d-eca-b7f44d22aa5f@google.com}), on {@code arch/powerpc/mm/pgtable-frag.c}
 * as it was before 6.6; not merged (v3 became {@code powerpc-pageactive-v6.6}).
 *
 * <pre>
 * #define PTE_FREE_DEFERRED 0x10000 // beyond any PTE_FRAG_NR
 *
 * static void pte_free_now(struct rcu_head *head)
 * {
 *         ...
 *         refcount = atomic_sub_return(PTE_FREE_DEFERRED - 1, &page->pt_frag_refcount);
 *         if (refcount &lt; PTE_FREE_DEFERRED) {
 *                 pte_fragment_free((unsigned long *)page_address(page), 0);
 *                 return;
 *         }
 *         while (refcount &gt;= PTE_FREE_DEFERRED + PTE_FREE_DEFERRED)
 *                 refcount = atomic_sub_return(PTE_FREE_DEFERRED, &page->pt_frag_refcount);
 *         atomic_dec(&page->pt_frag_refcount);
 *         call_rcu(&page->rcu_head, pte_free_now);
 * }
 *
 * void pte_free_defer(struct mm_struct *mm, pgtable_t pgtable)
 * {
 *         ...
 *         if (atomic_add_return(PTE_FREE_DEFERRED - 1, &page->pt_frag_refcount) &lt;
 *                               PTE_FREE_DEFERRED + PTE_FREE_DEFERRED)
 *                 call_rcu(&page->rcu_head, pte_free_now);
 * }
 * </pre>
 *
 * <p>A deferred table's reference of 1 becomes a token of {@code PTE_FREE_DEFERRED}; only the
 * deferral that finds no other token queues the {@code rcu_head}. Its callback turns its own
 * token back into a 1; if other tokens came in meanwhile, it drops all of them but one outright,
 * drops its own 1 and queues the {@code rcu_head} again for the token left, so the page lives
 * one more grace period however many deferrals arrived. The {@code rcu_head} is only ever
 * queued again by its own callback, after {@code rcu} has handed it back. Allocation,
 * {@code pte_fragment_free()} (pre-6.6: no {@code PG_active}) and {@code pte_frag_destroy()} are
 * the shared ones of {@link PteFrag}: with a token outstanding the count stays at or above
 * {@code PTE_FREE_DEFERRED}, so {@code pte_frag_destroy()} never frees a page with a deferral
 * pending.
 */
public final class PowerpcRefcount implements Strategy {

    /**
     * The patch was against v6.4-rc5 (the v2 cover letter), the same {@code pgtable-frag.c} as
     * v1's (blob 20652daa1d7e): {@code pgtable_pte_page_ctor(page)} and
     * {@code pgtable_pte_page_dtor(page)}.
     */
    private static final PagetableCalls CALLS = PagetableCalls.V6_5;

    /** {@code PTE_FREE_DEFERRED}: beyond any {@code PTE_FRAG_NR} (radix has 256). */
    static final int PTE_FREE_DEFERRED = 0x10000;

    @Override
    public String name() {
        return "powerpc-refcount-v2";
    }

    @Override
    public String source() {
        return "arch/powerpc/mm/pgtable-frag.c, patch v2 \"powerpc: add pte_free_defer() for pgtables"
                + " sharing page\" (Hugh Dickins, 20 Jun 2023), not merged";
    }

    @Override
    public boolean serves(Preset preset) {
        return preset.arch().equals("powerpc");
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return PteFrag.pteFragmentAlloc(m, mm, CALLS);
    }

    /** {@code pte_free()}: {@code pte_fragment_free(table, 0)}. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return PteFrag.pteFragmentFree(m, t.pfn(), CALLS);
    }

    /**
     * {@code pte_free_defer()}: convert the table's reference of 1 into a token of
     * {@code PTE_FREE_DEFERRED}, and {@code call_rcu()} only when no other token is outstanding,
     * i.e. when the {@code rcu_head} is not in use.
     */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        int pfn = t.pfn();
        return m.atomicAddPtFragRefcount(pfn, PTE_FREE_DEFERRED - 1).flatMap(m1 -> {
            int refcount = m1.page(pfn).ptFragRefcount();
            if (refcount < PTE_FREE_DEFERRED + PTE_FREE_DEFERRED) {
                return m1.callRcu(pfn, "pte_free_now");
            }
            return Either.right(m1.note(() -> "pte_free_defer: another deferral holds the rcu_head; its callback"
                    + " will defer the page again"));
        });
    }

    /** {@code __tlb_remove_table()} → {@code pgtable_free()} → {@code pte_fragment_free(table, 0)}. */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return PteFrag.pteFragmentFree(m, t.pfn(), CALLS);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals("pte_free_now")) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        return pteFreeNow(m, pfn);
    }

    /**
     * {@code pte_free_now()}: turn this callback's token back into a plain 1. With no other token
     * left, free that 1 with {@code pte_fragment_free()}. Otherwise deferrals arrived during the
     * grace period: drop every token but one outright, drop this callback's 1, and queue the
     * {@code rcu_head} again, one more grace period for the token left.
     */
    private static Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        Either<Violation, Machine> r = m.atomicAddPtFragRefcount(pfn, -(PTE_FREE_DEFERRED - 1));
        if (r.isLeft()) {
            return r;
        }
        if (r.get().page(pfn).ptFragRefcount() < PTE_FREE_DEFERRED) {
            return PteFrag.pteFragmentFree(r.get(), pfn, CALLS);
        }
        // Deferrals came in while this one was pending: the page needs one more grace period,
        // however many came, so every token but one can go now.
        while (r.isRight() && r.get().page(pfn).ptFragRefcount() >= PTE_FREE_DEFERRED + PTE_FREE_DEFERRED) {
            r = r.get().atomicAddPtFragRefcount(pfn, -PTE_FREE_DEFERRED);
        }
        // This callback's own token became a plain 1 above: drop it, and queue for the one left.
        return r.flatMap(m1 -> m1.atomicAddPtFragRefcount(pfn, -1))
                .flatMap(m1 -> m1.callRcu(pfn, "pte_free_now"));
    }

    /** {@code arch_exit_mmap()} → {@code pte_frag_destroy(mm->context.pte_frag)}. */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return PteFrag.pteFragDestroy(m, mm, false, CALLS);
    }

    /** Splits {@code pt_frag_refcount} into deferral tokens and plain references. */
    @Override
    public String describe(Page page) {
        if (page.ptUnion() != PtUnion.PT_FRAG_REFCOUNT || page.ptValue() < PTE_FREE_DEFERRED) {
            return "";
        }
        int tokens = page.ptValue() / PTE_FREE_DEFERRED;
        int plain = page.ptValue() % PTE_FREE_DEFERRED;
        return "(" + tokens + " x PTE_FREE_DEFERRED + " + plain + ")";
    }
}
