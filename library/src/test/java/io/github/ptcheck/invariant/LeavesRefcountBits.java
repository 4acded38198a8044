package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/**
 * Bug: s390-style, {@code pte_alloc_one} sets the "half 0 allocated" bit in the upper byte of
 * {@code _refcount}, and the free path never clears it before {@code __free_page()}.
 */
public final class LeavesRefcountBits extends PagePerTable {

    static final int HALF0_ALLOCATED = 0x01 << 24;

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return super.pteAllocOne(m, mm).flatMap(a -> a.machine().atomicXorBits(a.slot().pfn(), HALF0_ALLOCATED)
                .map(m1 -> new Allocated(m1, a.slot())));
    }
}
