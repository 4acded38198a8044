package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: {@code pte_free_defer} marks the page {@code PG_active} and the RCU callback frees it
 * without clearing the flag, which the allocator requires clear at free
 * ({@code PAGE_FLAGS_CHECK_AT_FREE}).
 */
public final class LeavesPageActive extends PagePerTable {

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.setPageActive(t.pfn()).flatMap(m1 -> super.pteFreeDefer(m1, t));
    }
}
