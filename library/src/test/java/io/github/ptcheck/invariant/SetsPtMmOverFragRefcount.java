package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/**
 * Bug: {@code pte_alloc_one} counts the page's fragments in {@code pt_frag_refcount} and then
 * records the owning mm in {@code pt_mm}, which shares that word.
 */
public final class SetsPtMmOverFragRefcount extends PagePerTable {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return super.pteAllocOne(m, mm).flatMap(a -> a.machine().atomicSetPtFragRefcount(a.slot().pfn(), 1)
                .flatMap(m1 -> m1.setPtMm(a.slot().pfn(), mm))
                .map(m1 -> new Allocated(m1, a.slot())));
    }
}
