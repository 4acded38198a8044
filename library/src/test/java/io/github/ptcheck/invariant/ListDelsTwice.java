package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug (s390 6.5 style lists): the page goes on the mm's list at allocation, and the free path
 * takes it off with {@code list_del()} twice: the second follows the poison the first left.
 */
public final class ListDelsTwice extends PagePerTable {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return super.pteAllocOne(m, mm).flatMap(a -> a.machine().listAdd(mm, a.slot().pfn())
                .map(m1 -> new Allocated(m1, a.slot())));
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return m.listDel(t.pfn()).flatMap(m1 -> m1.listDel(t.pfn())).flatMap(m1 -> super.pteFree(m1, t));
    }
}
