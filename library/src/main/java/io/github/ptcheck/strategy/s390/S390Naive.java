package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.PtUnion;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.s390.Pgalloc.Version;
import io.vavr.control.Either;

/**
 * {@code s390-naive-v1}, <em>broken</em>: "[PATCH 07/12] s390: add pte_free_defer(), with use of
 * mmdrop_async()", v1, 28 May 2023, on the 6.4/6.5 {@code arch/s390/mm/pgalloc.c}.
 *
 * <pre>
 * void pte_free_defer(struct mm_struct *mm, pgtable_t pgtable)
 * {
 *         ...
 *         mmgrab(mm);
 *         page = virt_to_page(pgtable);
 *         /* Which 2K page table fragment of a 4K page? *&#47;
 *         mm_bit = ((unsigned long)pgtable &amp; ~PAGE_MASK) / (PTRS_PER_PTE * sizeof(pte_t));
 *         mm_bit += (unsigned long)mm;
 *         page-&gt;pt_mm = (struct mm_struct *)mm_bit;
 *         call_rcu(&amp;page-&gt;rcu_head, pte_free_now);
 * }
 * </pre>
 *
 * <p>{@code pte_free_now()} reads the mm and the half back from {@code pt_mm} and calls the
 * unchanged {@code page_table_free()}. Meanwhile the deferred half's A bit stays set, and
 * {@code rcu_head} overlays {@code lru}: if the other half is freed, {@code page_table_free()}
 * sees one half allocated and {@code list_add}s the page over the queued {@code rcu_head}
 * ({@code UNION_CLOBBER}); if the page is on {@code pgtable_list} when the deferral comes,
 * {@code call_rcu} writes over its {@code lru}; deferring both halves queues the {@code rcu_head}
 * twice ({@code RCU_HEAD_REUSE}). Kept on purpose: Gerald Schaefer's reply of 1 June 2023 named
 * these.
 *
 * <p>Not modelled: {@code mmgrab()} / {@code mmdrop_async()} (the model never frees an mm). The
 * model's mm pointer is its number, so {@code mm_bit} is stored as {@code mm * 8 + bit}.
 */
public final class S390Naive implements Strategy {

    @Override
    public String name() {
        return "s390-naive-v1";
    }

    @Override
    public String source() {
        return "arch/s390/mm/pgalloc.c (6.4/6.5), patch v1 \"s390: add pte_free_defer(), with use of"
                + " mmdrop_async()\" (28 May 2023), not merged";
    }

    @Override
    public boolean serves(Preset preset) {
        return Pgalloc.servesFragments(preset);
    }

    /** {@code page_table_alloc()} of 6.5. */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return Pgalloc.pageTableAlloc(m, mm, Version.V6_5);
    }

    /** {@code pte_free()}: {@code page_table_free()} of 6.5. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return Pgalloc.pageTableFree(m, t.mm(), t.pfn(), t.frag(), Version.V6_5);
    }

    /** {@code pte_free_tlb()}: {@code page_table_free_rcu()} of 6.5. */
    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
        return Pgalloc.pageTableFreeRcu(m, t, Version.V6_5);
    }

    /** {@code __tlb_remove_table()} of 6.5. */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return Pgalloc.tlbRemoveTableFree(m, t, Version.V6_5);
    }

    /** {@code pte_free_defer()}: the half's A bit stays set; its {@code rcu_head} is queued. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        int pfn = t.pfn();
        // Which 2K page table fragment of a 4K page?
        int mmBit = t.mm() * 8 + t.frag();
        return m.note(() -> "pte_free_defer: page " + pfn + " pt_mm = mm" + t.mm() + " + fragment " + t.frag()
                        + " (mm_bit " + mmBit + ")")
                .setPtMm(pfn, mmBit)
                .flatMap(m1 -> m1.callRcu(pfn, Pgalloc.PTE_FREE_NOW));
    }

    /**
     * {@code pte_free_now()}: mm and half from {@code page->pt_mm}, then
     * {@code page_table_free(mm, table)}.
     */
    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals(Pgalloc.PTE_FREE_NOW)) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        int mmBit = m.page(pfn).ptValue();
        // 4K page has only two 2K fragments, but alignment allows eight
        int mm = mmBit / 8;
        int bit = mmBit % 8;
        return Pgalloc.pageTableFree(m, mm, pfn, bit, Version.V6_5);
    }

    /** The AA/PP byte, and the {@code mm_bit} in {@code pt_mm} once a deferral stored it. */
    @Override
    public String describe(Page p) {
        String bits = Pgalloc.describe(p);
        if (p.ptUnion() != PtUnion.PT_MM) {
            return bits;
        }
        return bits + " (pt_mm = mm" + p.ptValue() / 8 + " + fragment " + p.ptValue() % 8 + ")";
    }
}
