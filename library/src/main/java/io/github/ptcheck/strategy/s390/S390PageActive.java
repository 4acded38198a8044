package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.s390.Pgalloc.Version;
import io.vavr.control.Either;

/**
 * {@code s390-pageactive-v6.6}: {@code arch/s390/mm/pgalloc.c}, Linux 6.6, "s390: add
 * pte_free_defer() for pgtables sharing page" (Hugh Dickins, merged for 6.6).
 *
 * <pre>
 * void pte_free_defer(struct mm_struct *mm, pgtable_t pgtable)
 * {
 *         struct page *page;
 *
 *         page = virt_to_page(pgtable);
 *         SetPageActive(page);
 *         page_table_free(mm, (unsigned long *)pgtable);
 *         WARN_ON_ONCE(mm_has_pgste(mm));
 * }
 * </pre>
 *
 * <p>The rest of 6.6's changes are in {@link Pgalloc} ({@link Version#V6_6}): a
 * {@code PageActive} page is never put back on {@code pgtable_list}, so neither half is handed
 * out again; when its last half is freed (by {@code page_table_free()} or
 * {@code __tlb_remove_table()}), {@code TestClearPageActive()} sends it through
 * {@code call_rcu(&page->rcu_head, pte_free_now)}, once. The cost: the free sibling half of a
 * deferred half is wasted until the other half is freed.
 */
public final class S390PageActive implements Strategy {

    @Override
    public String name() {
        return "s390-pageactive-v6.6";
    }

    @Override
    public String source() {
        return "arch/s390/mm/pgalloc.c, Linux 6.6, \"s390: add pte_free_defer() for pgtables sharing page\"";
    }

    @Override
    public boolean serves(Preset preset) {
        return Pgalloc.servesFragments(preset);
    }

    /** {@code page_table_alloc()} of 6.6. */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return Pgalloc.pageTableAlloc(m, mm, Version.V6_6);
    }

    /** {@code pte_free()}: {@code page_table_free()} of 6.6. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return Pgalloc.pageTableFree(m, t.mm(), t.pfn(), t.frag(), Version.V6_6);
    }

    /** {@code pte_free_tlb()}: {@code page_table_free_rcu()} of 6.6. */
    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
        return Pgalloc.pageTableFreeRcu(m, t, Version.V6_6);
    }

    /** {@code __tlb_remove_table()} of 6.6. */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return Pgalloc.tlbRemoveTableFree(m, t, Version.V6_6);
    }

    /** {@code SetPageActive(page); page_table_free(mm, pgtable);} */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        int pfn = t.pfn();
        return m.setPageActive(pfn)
                .flatMap(m1 -> Pgalloc.pageTableFree(m1, t.mm(), pfn, t.frag(), Version.V6_6))
                .map(m1 -> Pgalloc.mmAllocPgste(m1)
                        // page_table_free() does not do the pgste gmap_unlink() which
                        // page_table_free_rcu() does: warn us if pgste ever reaches here.
                        ? m1.note("WARN_ON_ONCE(mm_has_pgste(mm)) in pte_free_defer") : m1);
    }

    /** {@code pte_free_now()}: {@code pagetable_pte_dtor(ptdesc); pagetable_free(ptdesc);} */
    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals(Pgalloc.PTE_FREE_NOW)) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        return Pgalloc.pagetablePteDtorFree(m, pfn);
    }

    /** The AA/PP byte ({@code PG_active} shows in the page's flags). */
    @Override
    public String describe(Page p) {
        return Pgalloc.describe(p);
    }
}
