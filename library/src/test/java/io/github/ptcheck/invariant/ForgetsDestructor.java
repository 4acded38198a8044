package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/** Bug: the free path returns the page without running {@code pagetable_pte_dtor()}. */
public final class ForgetsDestructor extends PagePerTable {

    @Override
    protected Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return m.freePage(pfn);
    }
}
