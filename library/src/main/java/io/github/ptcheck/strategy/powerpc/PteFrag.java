package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.strategy.PagetableCalls;
import io.github.ptcheck.strategy.Strategy.Allocated;
import io.vavr.control.Either;

/**
 * The fragment cache of {@code arch/powerpc/mm/pgtable-frag.c} that every powerpc strategy
 * shares: {@code PTE_FRAG_NR} tables per page, handed out by a per-mm cursor
 * ({@code mm->context.pte_frag}) that only moves forward, counted by
 * {@code pt_frag_refcount}. {@code PTE_FRAG_NR} is the preset's tables per page.
 *
 * <p>The cursor is read and moved under {@code mm->page_table_lock}, as the kernel does; the
 * count is changed with atomics and no lock. The race in {@code __alloc_for_ptecache()}, where
 * another CPU set a cursor while this one allocated its page, leaves this page serving one
 * fragment (count 1, no cursor); interleaved runs reach it.
 *
 * <p>The constructor and destructor are 6.6's unless a {@link PagetableCalls} says which
 * release's: {@code pte_fragment_alloc()}, {@code pte_fragment_free()} and
 * {@code pte_frag_destroy()} are otherwise the same from 6.4 (the tree the 2023 patches were
 * against, {@code pgtable_pte_page_ctor/dtor(page)}) to the powerpc tree of 2026 (fda4d71651f7
 * and 6.6's {@code PG_active} aside).
 */
public final class PteFrag {

    private PteFrag() {
    }

    /** {@code pte_fragment_alloc()}: {@code get_pte_from_cache()}, else {@code __alloc_for_ptecache()}. */
    public static Either<Violation, Allocated> pteFragmentAlloc(Machine m, int mm) {
        return pteFragmentAlloc(m, mm, PagetableCalls.V6_6);
    }

    /** {@link #pteFragmentAlloc(Machine, int)} with the constructor of {@code calls}. */
    public static Either<Violation, Allocated> pteFragmentAlloc(Machine m, int mm, PagetableCalls calls) {
        if (m.preset().tablesPerPage() == 1) {
            return allocForPtecache(m, mm, calls);
        }
        return getPteFromCache(m, mm).flatMap(cached -> cached.slot() != null ? Either.right(cached)
                : allocForPtecache(cached.machine(), mm, calls));
    }

    /**
     * {@code get_pte_from_cache()}: under {@code spin_lock(&mm->page_table_lock)}, the cursor's
     * fragment, advancing the cursor (to NULL at the page's end); a null slot when there is none.
     *
     * <pre>
     * spin_lock(&amp;mm-&gt;page_table_lock);
     * ret = pte_frag_get(&amp;mm-&gt;context);
     * if (ret) {
     *         pte_frag = ret + PTE_FRAG_SIZE;
     *         if (((unsigned long)pte_frag &amp; ~PAGE_MASK) == 0)
     *                 pte_frag = NULL;
     *         pte_frag_set(&amp;mm-&gt;context, pte_frag);
     * }
     * spin_unlock(&amp;mm-&gt;page_table_lock);
     * </pre>
     */
    static Either<Violation, Allocated> getPteFromCache(Machine m, int mmId) {
        String lock = Locks.pageTableLock(mmId);
        int nr = m.preset().tablesPerPage();
        return m.spinLock(lock).flatMap(locked -> {
            Mm mm = locked.mm(mmId); // read under the lock: current
            if (!mm.hasPteFrag()) {
                return locked.spinUnlock(lock).map(m1 -> new Allocated(m1, null));
            }
            Slot ret = new Slot(mm.pteFragPfn(), mm.pteFragNext());
            int next = mm.pteFragNext() + 1;
            // If we have taken up all the fragments mark PTE page NULL.
            Machine m1 = next == nr ? locked.pteFragClear(mmId) : locked.pteFragSet(mmId, mm.pteFragPfn(), next);
            return m1.spinUnlock(lock).map(m2 -> new Allocated(m2, ret));
        });
    }

    /**
     * {@code __alloc_for_ptecache()}: a fresh page, its constructor, {@code pt_frag_refcount} 1;
     * with more than one fragment, under {@code mm->page_table_lock}: if no other CPU set a cursor
     * meanwhile, {@code PTE_FRAG_NR} and the cursor on fragment 1; if one did (the allocation
     * race), this page serves this one fragment, its count staying 1.
     */
    static Either<Violation, Allocated> allocForPtecache(Machine m, int mmId) {
        return allocForPtecache(m, mmId, PagetableCalls.V6_6);
    }

    /** {@link #allocForPtecache(Machine, int)} with the constructor of {@code calls}. */
    static Either<Violation, Allocated> allocForPtecache(Machine m, int mmId, PagetableCalls calls) {
        Machine.PageAlloc a = m.allocPage();
        int pfn = a.pfn();
        int nr = m.preset().tablesPerPage();
        String lock = Locks.pageTableLock(mmId);
        return calls.pteCtor(a.machine(), mmId, pfn)
                .flatMap(m1 -> m1.atomicSetPtFragRefcount(pfn, 1))
                .flatMap(m1 -> {
                    if (nr == 1) {
                        return Either.right(m1);
                    }
                    return m1.spinLock(lock).flatMap(locked -> {
                        if (locked.mm(mmId).hasPteFrag()) {
                            // "If we find ptdesc_page set, we return the allocated page with single fragment count."
                            return locked.note(() -> "pte_frag already set by another CPU: page " + pfn
                                    + " serves this one fragment").spinUnlock(lock);
                        }
                        return locked.atomicSetPtFragRefcount(pfn, nr).map(m2 -> m2.pteFragSet(mmId, pfn, 1))
                                .flatMap(m2 -> m2.spinUnlock(lock));
                    });
                })
                .map(m1 -> new Allocated(m1, new Slot(pfn, 0)));
    }

    /**
     * {@code pte_fragment_free()} before 6.6: {@code BUG_ON(pt_frag_refcount <= 0)}; on the
     * last reference, destructor and {@code __free_page()} at once, the destructor 6.6's.
     */
    public static Either<Violation, Machine> pteFragmentFree(Machine m, int pfn) {
        return pteFragmentFree(m, pfn, PagetableCalls.V6_6);
    }

    /**
     * {@link #pteFragmentFree(Machine, int)} with the destructor of {@code calls}; 6.4's
     * ({@code pgtable-frag.c} blob 20652daa1d7e, which the 2023 {@code pte_free_defer()} patches
     * v1 and v2 patched) is {@code pgtable_pte_page_dtor(page); __free_page(page);}.
     */
    public static Either<Violation, Machine> pteFragmentFree(Machine m, int pfn, PagetableCalls calls) {
        return m.atomicAddPtFragRefcount(pfn, -1).flatMap(m1 -> {
            if (m1.page(pfn).ptFragRefcount() != 0) {
                return Either.right(m1);
            }
            return calls.dtor(m1, pfn).flatMap(m2 -> m2.freePage(pfn));
        });
    }

    /**
     * {@code pte_frag_destroy(mm->context.pte_frag)}: drop the references of the fragments
     * never handed out; on the last one, destructor and {@code __free_page()} at once.
     */
    public static Either<Violation, Machine> pteFragDestroy(Machine m, int mmId) {
        return pteFragDestroy(m, mmId, false, PagetableCalls.V6_6);
    }

    /**
     * {@link #pteFragDestroy(Machine, int)} with the destructor of {@code calls}; with
     * {@code clearActive}, fda4d71651f7's {@code folio_clear_active()} before it.
     */
    public static Either<Violation, Machine> pteFragDestroy(Machine m, int mmId, boolean clearActive,
                                                            PagetableCalls calls) {
        Mm mm = m.mm(mmId);
        if (!mm.hasPteFrag()) {
            return Either.right(m);
        }
        int pfn = mm.pteFragPfn();
        int count = mm.pteFragNext();
        int nr = m.preset().tablesPerPage();
        return m.pteFragClear(mmId)
                .note(() -> "pte_frag_destroy: " + (nr - count) + " fragment(s) of page " + pfn + " never handed out")
                .atomicAddPtFragRefcount(pfn, -(nr - count))
                .flatMap(m1 -> m1.page(pfn).ptFragRefcount() != 0 ? Either.right(m1)
                        : (clearActive ? m1.clearPageActive(pfn) : Either.<Violation, Machine>right(m1))
                        .flatMap(m2 -> calls.dtor(m2, pfn)).flatMap(m2 -> m2.freePage(pfn)));
    }
}
