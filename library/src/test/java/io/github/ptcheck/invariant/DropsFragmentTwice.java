package io.github.ptcheck.invariant;

import io.github.ptcheck.SharedPages;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/** Bug: {@code pte_fragment_free()} drops two references for one table. */
public final class DropsFragmentTwice extends SharedPages {

    @Override
    protected Either<Violation, Machine> pteFragmentFree(Machine m, int pfn) {
        return m.atomicAddPtFragRefcount(pfn, -1).flatMap(m1 -> super.pteFragmentFree(m1, pfn));
    }
}
