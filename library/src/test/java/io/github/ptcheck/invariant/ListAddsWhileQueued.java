package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: after queueing the page's {@code rcu_head}, {@code pte_free_defer} puts the page back on
 * the mm's list of pages with a free table ({@code list_add}), over the queued head: {@code lru}
 * and {@code rcu_head} share the same words (what s390's naive patch did).
 */
public final class ListAddsWhileQueued extends PagePerTable {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return super.pteAllocOne(m, mm).flatMap(a -> a.machine().initListHead(a.slot().pfn())
                .map(m1 -> new Allocated(m1, a.slot())));
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), PTE_FREE_NOW).flatMap(m1 -> m1.listAdd(t.mm(), t.pfn()));
    }
}
