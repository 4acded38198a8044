package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/** Bug: {@code pte_alloc_one} takes {@code mm->page_table_lock} and returns with it held. */
public final class ReturnsWithLockHeld extends PagePerTable {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return m.spinLock(Locks.pageTableLock(mm)).flatMap(m1 -> super.pteAllocOne(m1, mm));
    }
}
