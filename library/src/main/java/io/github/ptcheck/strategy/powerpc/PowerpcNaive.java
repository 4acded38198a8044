package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.PagetableCalls;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * {@code powerpc-naive-v1}, <em>broken</em>: "[PATCH 05/12] powerpc: add pte_free_defer() for
 * pgtables sharing page", v1, 28 May 2023, on {@code arch/powerpc/mm/pgtable-frag.c}.
 *
 * <pre>
 * void pte_free_defer(struct mm_struct *mm, pgtable_t pgtable)
 * {
 *         struct page *page;
 *
 *         page = virt_to_page(pgtable);
 *         call_rcu(&page->rcu_head, pte_free_now);
 * }
 * </pre>
 *
 * <p>One {@code call_rcu} per table, but the up to 16 (radix: 256) tables of a page share one
 * {@code rcu_head}: two tables of one page deferred within one grace period queue it twice
 * ({@code RCU_HEAD_REUSE}). Kept on purpose: it is the bug ptcheck was built to find.
 */
public final class PowerpcNaive implements Strategy {

    /**
     * The patch was against v6.4-rc3 (its cover letter, "[PATCH 00/12] mm: free retracted page
     * table by RCU"); the file it patched (blob 20652daa1d7e) calls
     * {@code pgtable_pte_page_ctor(page)} in {@code __alloc_for_ptecache()} and
     * {@code pgtable_pte_page_dtor(page)} in {@code pte_fragment_free()} and
     * {@code pte_frag_destroy()}.
     */
    private static final PagetableCalls CALLS = PagetableCalls.V6_5;

    @Override
    public String name() {
        return "powerpc-naive-v1";
    }

    @Override
    public String source() {
        return "arch/powerpc/mm/pgtable-frag.c, patch v1 \"powerpc: add pte_free_defer() for pgtables"
                + " sharing page\" (28 May 2023), not merged";
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

    /** {@code call_rcu(&page->rcu_head, pte_free_now)}, once per table. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), "pte_free_now");
    }

    /** {@code __tlb_remove_table()} → {@code pgtable_free()} → {@code pte_fragment_free(table, 0)}. */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return PteFrag.pteFragmentFree(m, t.pfn(), CALLS);
    }

    /** {@code pte_free_now()}: {@code pte_fragment_free((unsigned long *)page_address(page), 0)}. */
    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals("pte_free_now")) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        return PteFrag.pteFragmentFree(m, pfn, CALLS);
    }

    /** {@code arch_exit_mmap()} → {@code pte_frag_destroy(mm->context.pte_frag)}. */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return PteFrag.pteFragDestroy(m, mm, false, CALLS);
    }
}
