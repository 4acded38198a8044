package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/** Bug: the free path runs {@code pagetable_pte_dtor()} twice: the split ptlock is freed twice. */
public final class RunsDestructorTwice extends PagePerTable {

    @Override
    protected Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return m.pagetablePteDtor(pfn).flatMap(m1 -> super.pteFreeNow(m1, pfn));
    }
}
