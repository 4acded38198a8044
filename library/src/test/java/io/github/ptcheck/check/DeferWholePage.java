package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.powerpc.PteFrag;
import io.vavr.control.Either;

/**
 * A test strategy that is correct where tables share a page, and simple: powerpc's fragment
 * allocator (a freed fragment is never handed out again), and every free path only drops the
 * fragment's reference; the last reference, whichever path drops it, queues the page's
 * {@code rcu_head} once, and the callback runs the destructor and frees the page. It never
 * frees a page at once, so it never needs to know whether a reader could still hold a table.
 * Not a kernel scheme: it exists so that coverage tests can run long sequences on shared pages
 * without a violation ending them.
 */
final class DeferWholePage implements Strategy {

    @Override
    public String name() {
        return "test-defer-whole-page";
    }

    @Override
    public String source() {
        return "test strategy: pgtable-frag.c allocation, one call_rcu per page when its last fragment is freed";
    }

    @Override
    public boolean serves(Preset preset) {
        return true;
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return PteFrag.pteFragmentAlloc(m, mm);
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return dropFragment(m, t.pfn(), 1);
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return dropFragment(m, t.pfn(), 1);
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return dropFragment(m, t.pfn(), 1);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        return m.pagetablePteDtor(pfn).flatMap(m1 -> m1.freePage(pfn));
    }

    /** As {@code pte_frag_destroy()}, but the last reference defers the page too. */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mmId) {
        Mm mm = m.mm(mmId);
        if (!mm.hasPteFrag()) {
            return Either.right(m);
        }
        int nr = m.preset().tablesPerPage();
        return dropFragment(m.pteFragClear(mmId), mm.pteFragPfn(), nr - mm.pteFragNext());
    }

    private static Either<Violation, Machine> dropFragment(Machine m, int pfn, int n) {
        return m.atomicAddPtFragRefcount(pfn, -n).flatMap(m1 -> m1.page(pfn).ptFragRefcount() == 0
                ? m1.callRcu(pfn, "free_page_rcu") : Either.right(m1));
    }
}
