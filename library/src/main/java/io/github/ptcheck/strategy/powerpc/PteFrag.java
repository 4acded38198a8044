package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.strategy.Strategy.Allocated;
import io.vavr.control.Either;

/**
 * The fragment cache of {@code arch/powerpc/mm/pgtable-frag.c} that every powerpc strategy
 * shares: {@code PTE_FRAG_NR} tables per page, handed out by a per-mm cursor
 * ({@code mm->context.pte_frag}) that only moves forward, counted by
 * {@code pt_frag_refcount}. {@code PTE_FRAG_NR} is the preset's tables per page.
 *
 * <p>Not modelled (spec section 8): the race in {@code __alloc_for_ptecache()} where the loser's
 * page serves a single fragment.
 */
public final class PteFrag {

    private PteFrag() {
    }

    /** {@code pte_fragment_alloc()}: {@code get_pte_from_cache()}, else {@code __alloc_for_ptecache()}. */
    public static Either<Violation, Allocated> pteFragmentAlloc(Machine m, int mm) {
        Allocated cached = getPteFromCache(m, mm);
        return cached != null ? Either.right(cached) : allocForPtecache(m, mm);
    }

    /** {@code get_pte_from_cache()}: the cursor's fragment, advancing the cursor; null if none. */
    static Allocated getPteFromCache(Machine m, int mmId) {
        int nr = m.preset().tablesPerPage();
        if (nr == 1) {
            return null;
        }
        Mm mm = m.mm(mmId);
        if (!mm.hasPteFrag()) {
            return null;
        }
        Slot ret = new Slot(mm.pteFragPfn(), mm.pteFragNext());
        int next = mm.pteFragNext() + 1;
        // If we have taken up all the fragments mark PTE page NULL.
        Machine m1 = next == nr ? m.pteFragClear(mmId) : m.pteFragSet(mmId, mm.pteFragPfn(), next);
        return new Allocated(m1, ret);
    }

    /**
     * {@code __alloc_for_ptecache()}: a fresh page, its constructor, {@code pt_frag_refcount}
     * 1; with more than one fragment, {@code PTE_FRAG_NR} and the cursor on fragment 1.
     */
    static Either<Violation, Allocated> allocForPtecache(Machine m, int mmId) {
        Machine.PageAlloc a = m.allocPage();
        int pfn = a.pfn();
        int nr = m.preset().tablesPerPage();
        return a.machine().pgtablePtePageCtor(pfn)
                .flatMap(m1 -> m1.atomicSetPtFragRefcount(pfn, 1))
                .flatMap(m1 -> {
                    if (nr == 1) {
                        return Either.right(m1);
                    }
                    // No allocation race is modelled: the cursor is always empty here.
                    return m1.atomicSetPtFragRefcount(pfn, nr).map(m2 -> m2.pteFragSet(mmId, pfn, 1));
                })
                .map(m1 -> new Allocated(m1, new Slot(pfn, 0)));
    }

    /**
     * {@code pte_fragment_free()} before 6.6: {@code BUG_ON(pt_frag_refcount <= 0)}; on the
     * last reference, destructor and {@code __free_page()} at once.
     */
    public static Either<Violation, Machine> pteFragmentFree(Machine m, int pfn) {
        return m.atomicAddPtFragRefcount(pfn, -1).flatMap(m1 -> {
            if (m1.page(pfn).ptFragRefcount() != 0) {
                return Either.right(m1);
            }
            return m1.pgtablePtePageDtor(pfn).flatMap(m2 -> m2.freePage(pfn));
        });
    }

    /**
     * {@code pte_frag_destroy(mm->context.pte_frag)}: drop the references of the fragments
     * never handed out; on the last one, destructor and {@code __free_page()} at once.
     */
    public static Either<Violation, Machine> pteFragDestroy(Machine m, int mmId) {
        return pteFragDestroy(m, mmId, false);
    }

    /**
     * {@link #pteFragDestroy(Machine, int)}; with {@code clearActive}, fda4d71651f7's
     * {@code folio_clear_active()} before the destructor.
     */
    public static Either<Violation, Machine> pteFragDestroy(Machine m, int mmId, boolean clearActive) {
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
                        .flatMap(m2 -> m2.pgtablePtePageDtor(pfn)).flatMap(m2 -> m2.freePage(pfn)));
    }
}
