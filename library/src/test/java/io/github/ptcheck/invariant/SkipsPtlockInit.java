package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.vavr.control.Either;

/**
 * Bug: {@code pte_alloc_one} runs the constructor and then the destructor (an error path that
 * undoes the wrong thing), handing out a table whose split ptlock is already freed: the first
 * {@code pte_offset_map_lock()} takes a freed lock.
 */
public final class SkipsPtlockInit extends PagePerTable {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        Machine.PageAlloc a = m.allocPage();
        return a.machine().pagetablePteCtor(a.pfn()).flatMap(m1 -> m1.pagetablePteDtor(a.pfn()))
                .map(m1 -> new Allocated(m1, new Slot(a.pfn(), 0)));
    }

    @Override
    protected Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return m.freePage(pfn);
    }
}
