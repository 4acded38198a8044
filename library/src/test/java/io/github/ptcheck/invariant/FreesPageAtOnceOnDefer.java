package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/** Bug: {@code pte_free_defer} does not wait for a grace period: it frees the page at once. */
public final class FreesPageAtOnceOnDefer extends PagePerTable {

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return pteFreeNow(m, t.pfn());
    }
}
