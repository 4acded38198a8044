package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/** Bug: {@code pte_free} releases {@code mm->page_table_lock}, which it never took. */
public final class UnlocksUnheldLock extends PagePerTable {

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return m.spinUnlock(Locks.pageTableLock(t.mm())).flatMap(m1 -> super.pteFree(m1, t));
    }
}
