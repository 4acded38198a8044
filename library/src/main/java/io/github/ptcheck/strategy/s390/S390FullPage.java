package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * {@code s390-fullpage-v6.7}: {@code arch/s390/mm/pgalloc.c} at commit d08d4e7cd6bf ("s390/mm:
 * use full 4KB page for 2KB PTE", Linux 6.7). Each 2 KiB table gets a whole 4 KiB page: no
 * {@code pgtable_list}, no AA/PP bits, and {@code pte_free_defer()} is the generic scheme.
 *
 * <pre>
 * static void pte_free_now(struct rcu_head *head)
 * {
 *         struct ptdesc *ptdesc = container_of(head, struct ptdesc, pt_rcu_head);
 *
 *         pagetable_pte_dtor_free(ptdesc);
 * }
 *
 * void pte_free_defer(struct mm_struct *mm, pgtable_t pgtable)
 * {
 *         struct ptdesc *ptdesc = virt_to_ptdesc(pgtable);
 *
 *         call_rcu(&amp;ptdesc-&gt;pt_rcu_head, pte_free_now);
 *         WARN_ON_ONCE(mm_has_pgste(mm));
 * }
 * </pre>
 *
 * <p>On a preset with two tables per page ({@code s390x}) it hands out fragment 0 of a fresh page
 * every time; the second half of each page is never used.
 */
public final class S390FullPage implements Strategy {

    @Override
    public String name() {
        return "s390-fullpage-v6.7";
    }

    @Override
    public String source() {
        return "arch/s390/mm/pgalloc.c, Linux 6.7, commit d08d4e7cd6bf (\"s390/mm: use full 4KB page for 2KB PTE\")";
    }

    /**
     * {@code s390x}, the 2 KiB tables that used to share a page, and {@code s390x-pgste}: since
     * 6.7 both take the same whole-page code.
     */
    @Override
    public boolean serves(Preset preset) {
        return preset.arch().equals("s390");
    }

    /**
     * {@code page_table_alloc()}: a page, its constructor, {@code INIT_LIST_HEAD(&ptdesc->pt_list)}
     * ("pt_list is used by gmap only"); the table is the start of the page.
     */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        Machine.PageAlloc a = m.allocPage();
        int pfn = a.pfn();
        return a.machine().pagetablePteCtor(pfn)
                .flatMap(m1 -> m1.initListHead(pfn))
                .map(m1 -> new Allocated(m1, new Slot(pfn, 0)));
    }

    /** {@code page_table_free()}: {@code pagetable_pte_dtor_free()}. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return Pgalloc.pagetablePteDtorFree(m, t.pfn());
    }

    /**
     * {@code page_table_free_rcu()}: {@code tlb_remove_ptdesc(tlb, table | 0x01U)} (and, with
     * PGSTEs, {@code gmap_unlink()}, not modelled).
     */
    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
        return m.tlbRemoveTable(t.id());
    }

    /** {@code __tlb_remove_table()}: a page table ({@code mask} 1), so {@code pagetable_pte_dtor_free()}. */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return Pgalloc.pagetablePteDtorFree(m, t.pfn());
    }

    /** {@code call_rcu(&ptdesc->pt_rcu_head, pte_free_now)}: one table per page, one call. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), Pgalloc.PTE_FREE_NOW)
                .map(m1 -> Pgalloc.mmAllocPgste(m1)
                        // THPs are not allowed for KVM guests. Warn if pgste ever reaches here.
                        ? m1.note("WARN_ON_ONCE(mm_has_pgste(mm)) in pte_free_defer") : m1);
    }

    /** {@code pte_free_now()}: {@code pagetable_pte_dtor_free()}. */
    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals(Pgalloc.PTE_FREE_NOW)) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        return Pgalloc.pagetablePteDtorFree(m, pfn);
    }
}
