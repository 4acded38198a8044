package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: every table page is kept on the mm's {@code pgtable_list}, and {@code pte_free_defer}
 * queues the page's {@code rcu_head} without taking it off the list first ({@code list_del}):
 * the head is written over the live {@code lru}.
 */
public final class CallsRcuOnListedPage extends PagePerTable {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return super.pteAllocOne(m, mm).flatMap(a -> a.machine().listAdd(mm, a.slot().pfn())
                .map(m1 -> new Allocated(m1, a.slot())));
    }

    /** Right here: off the list, then free. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return m.listDelInit(t.pfn()).flatMap(m1 -> pteFreeNow(m1, t.pfn()));
    }

    /** Wrong: no {@code list_del} before {@code call_rcu}. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), PTE_FREE_NOW);
    }
}
