package io.github.ptcheck.strategy.generic;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.powerpc.PteFrag;
import io.vavr.control.Either;

/**
 * {@code generic-v6.6}: {@code pte_free_defer()} of {@code mm/pgtable-generic.c}, Linux 6.6,
 * commit 13cf577e6b66 ("mm/pgtable: add pte_free_defer() for pgtable as page"), with the
 * page-per-table {@code pte_alloc_one} / {@code pte_free} of {@code include/asm-generic/pgalloc.h}.
 *
 * <pre>
 * static void pte_free_now(struct rcu_head *head)
 * {
 *         struct page *page = container_of(head, struct page, rcu_head);
 *         pte_free(NULL, (pgtable_t)page);
 * }
 *
 * void pte_free_defer(struct mm_struct *mm, pgtable_t pgtable)
 * {
 *         struct page *page = pgtable;
 *         call_rcu(&page->rcu_head, pte_free_now);
 * }
 * </pre>
 *
 * <p>Safe where one table fills a page: each page queues its {@code rcu_head} at most once, and
 * nothing else uses those words of a detached table. On a preset with more than one table per
 * page the tables must share pages somehow: there this strategy hands them out with powerpc's
 * fragment allocator ({@code pgtable-frag.c}) and frees them with {@code pte_fragment_free()},
 * so it is exactly {@code powerpc-naive-v1}, and broken the same way.
 *
 * <p>The mmu_gather path is 6.6's {@code ___pte_free_tlb()} (x86) and {@code __pte_free_tlb()}
 * (arm64): the destructor, which frees the split ptlock, runs at once, and only the page waits
 * for the batch's grace period; {@code __tlb_remove_table()} then frees the page. That is safe
 * because {@code free_pgtables()} unlinks the VMA first, so no walker that takes the ptlock can
 * still reach the table; with PT_RECLAIM it is not ({@link X86PtReclaim}). The model follows the
 * arm64 and x86-with-{@code PARAVIRT} configuration ({@code MMU_GATHER_RCU_TABLE_FREE}); x86
 * bare metal before 6.15 frees tables with {@code tlb_remove_page()} after the TLB-flush IPI.
 */
public final class Generic implements Strategy {

    private final String name;
    private final String arch;

    private Generic(String name, String arch) {
        this.name = name;
        this.arch = arch;
    }

    /** {@code generic-v6.6}: x86 and arm64. */
    public static Generic v66() {
        return new Generic("generic-v6.6", null);
    }

    /**
     * {@code sparc64-v6.6}: {@code arch/sparc/mm/init_64.c}, Linux 6.6, commit ad1ac8d94cde
     * ("sparc: add pte_free_defer() for pte_t *pgtable_t"), the generic scheme on an 8 KiB page
     * per table.
     */
    public static Generic sparc64() {
        return new Generic("sparc64-v6.6", "sparc");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return arch == null
                ? "mm/pgtable-generic.c, Linux 6.6, commit 13cf577e6b66; include/asm-generic/pgalloc.h"
                : "arch/sparc/mm/init_64.c, Linux 6.6, commit ad1ac8d94cde";
    }

    @Override
    public boolean serves(Preset preset) {
        if (arch != null) {
            return preset.arch().equals(arch) && preset.tablesPerPage() == 1;
        }
        return (preset.arch().equals("x86") || preset.arch().equals("arm64")) && preset.tablesPerPage() == 1;
    }

    private static boolean shared(Machine m) {
        return m.preset().tablesPerPage() > 1;
    }

    /** {@code __pte_alloc_one()}: a page, its constructor, the whole page one table. */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        if (shared(m)) {
            return PteFrag.pteFragmentAlloc(m, mm);
        }
        Machine.PageAlloc a = m.allocPage();
        return a.machine().pagetablePteCtor(a.pfn())
                .map(m1 -> new Allocated(m1, new Slot(a.pfn(), 0)));
    }

    /** {@code pte_free()}: {@code pagetable_pte_dtor(ptdesc); pagetable_free(ptdesc);} */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        if (shared(m)) {
            return PteFrag.pteFragmentFree(m, t.pfn());
        }
        return m.pagetablePteDtor(t.pfn())
                .flatMap(m1 -> m1.freePage(t.pfn()));
    }

    /** {@code call_rcu(&page->rcu_head, pte_free_now)}: once per table, whatever shares the page. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), "pte_free_now");
    }

    /**
     * {@code ___pte_free_tlb()}: {@code pagetable_pte_dtor(ptdesc)} at once, then
     * {@code tlb_remove_table()} (x86: {@code paravirt_tlb_remove_table()}; arm64:
     * {@code tlb_remove_ptdesc()}).
     */
    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
        if (shared(m) || arch != null) {
            // sparc64: pgtable_free_tlb() -> tlb_remove_table(); its __tlb_remove_table() runs the
            // destructor after the grace period (pgtable_free() -> __pte_free()).
            return m.tlbRemoveTable(t.id());
        }
        return m.pagetablePteDtor(t.pfn()).flatMap(m1 -> m1.tlbRemoveTable(t.id()));
    }

    /**
     * {@code __tlb_remove_table()}: the batch's grace period passed; x86 and arm64 free the page
     * ({@code free_page_and_swap_cache()}), sparc64 runs the destructor and frees it.
     */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        if (shared(m) || arch != null) {
            return pteFree(m, t);
        }
        return m.freePage(t.pfn());
    }

    /** {@code pte_free_now()}: {@code pte_free(NULL, page)}. */
    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals("pte_free_now")) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name);
        }
        if (shared(m)) {
            return PteFrag.pteFragmentFree(m, pfn);
        }
        return m.pagetablePteDtor(pfn)
                .flatMap(m1 -> m1.freePage(pfn));
    }

    /** powerpc's {@code pte_frag_destroy()} where tables share pages; nothing otherwise. */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return shared(m) ? PteFrag.pteFragDestroy(m, mm) : Either.right(m);
    }
}
