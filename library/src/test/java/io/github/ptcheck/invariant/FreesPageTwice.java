package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/** Bug: the free path calls {@code __free_page()} twice. */
public final class FreesPageTwice extends PagePerTable {

    @Override
    protected Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return super.pteFreeNow(m, pfn).flatMap(m1 -> m1.freePage(pfn));
    }
}
