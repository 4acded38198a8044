package io.github.ptcheck.invariant;

import io.github.ptcheck.SharedPages;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Slot;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * Bug: {@code pte_alloc_one} hands out the lowest fragment that is not in use, including one
 * whose table {@code pte_free_defer} detached a moment ago, without waiting for its grace
 * period. Otherwise right: {@code pt_frag_refcount} counts the tables in use, and a page with a
 * deferred table goes back through its {@code rcu_head} ({@code PG_active}). Reuse after the
 * grace period is fine, so the model must let it pass.
 */
public final class ReusesFreedFragment extends SharedPages {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        Option<Slot> reusable = m.pages().values().toList().sortBy(Page::pfn)
                .filter(p -> p.pageTable() && p.ptFragRefcount() > 0)
                .flatMap(p -> List.range(0, m.preset().tablesPerPage())
                        .filter(f -> p.frags().get(f).map(id -> !m.table(id).attached()).getOrElse(true))
                        .map(f -> new Slot(p.pfn(), f)))
                .headOption();
        if (reusable.isDefined()) {
            Slot s = reusable.get();
            return m.atomicAddPtFragRefcount(s.pfn(), 1).map(m1 -> new Allocated(m1, s));
        }
        Machine.PageAlloc a = m.allocPage();
        return a.machine().pagetablePteCtor(a.pfn())
                .flatMap(m1 -> m1.atomicSetPtFragRefcount(a.pfn(), 1))
                .map(m1 -> new Allocated(m1, new Slot(a.pfn(), 0)));
    }

    /** No cursor: nothing to drop at exit. */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return Either.right(m);
    }
}
