package io.github.ptcheck.invariant;

import io.github.ptcheck.SharedPages;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: {@code pte_free_defer} queues the page's {@code rcu_head} for every table, although the
 * tables of a page share that one head (the naive patch); the callback drops the reference.
 */
public final class QueuesRcuHeadPerTable extends SharedPages {

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), PTE_FREE_NOW);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        return pteFragmentFree(m, pfn);
    }
}
