package io.github.ptcheck;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * A correct test strategy for presets where tables share a page, written here so that the
 * model's tests do not depend on the built-ins. It follows the scheme powerpc merged in 6.6
 * ({@code arch/powerpc/mm/pgtable-frag.c}): a per-mm cursor that only moves forward hands out
 * fragments, {@code pt_frag_refcount} counts the fragments not yet freed (never-handed-out ones
 * included), and {@code pte_free_defer} sets {@code PG_active} so that whoever drops the last
 * reference queues the page's {@code rcu_head}, once.
 */
public class SharedPages extends PagePerTable {

    /** {@code pte_fragment_alloc()}: the cursor's fragment, else a fresh page. */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mmId) {
        Mm mm = m.mm(mmId);
        if (mm.hasPteFrag()) {
            return Either.right(new Allocated(advanceCursor(m, mmId), new Slot(mm.pteFragPfn(), mm.pteFragNext())));
        }
        Machine.PageAlloc a = m.allocPage();
        int pfn = a.pfn();
        int nr = m.preset().tablesPerPage();
        return a.machine().pagetablePteCtor(pfn)
                .flatMap(m1 -> m1.atomicSetPtFragRefcount(pfn, nr))
                .map(m1 -> nr == 1 ? m1 : m1.pteFragSet(mmId, pfn, 1))
                .map(m1 -> new Allocated(m1, new Slot(pfn, 0)));
    }

    /** Moves {@code mm->context.pte_frag} to the next fragment, or to none at the page end. */
    protected Machine advanceCursor(Machine m, int mmId) {
        Mm mm = m.mm(mmId);
        int next = mm.pteFragNext() + 1;
        return next == m.preset().tablesPerPage() ? m.pteFragClear(mmId) : m.pteFragSet(mmId, mm.pteFragPfn(), next);
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return pteFragmentFree(m, t.pfn());
    }

    /** {@code SetPageActive(page); pte_fragment_free(table, 0);} */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.setPageActive(t.pfn()).flatMap(m1 -> pteFragmentFree(m1, t.pfn()));
    }

    /**
     * {@code pte_fragment_free()}: drop one reference; on the last, queue the page's
     * {@code rcu_head} if a table in it was deferred, else free it at once.
     */
    protected Either<Violation, Machine> pteFragmentFree(Machine m, int pfn) {
        return m.atomicAddPtFragRefcount(pfn, -1).flatMap(m1 -> lastReference(m1, pfn));
    }

    /** What happens when {@code pt_frag_refcount} may have reached zero. */
    protected Either<Violation, Machine> lastReference(Machine m, int pfn) {
        if (m.page(pfn).ptFragRefcount() != 0) {
            return Either.right(m);
        }
        if (m.page(pfn).active()) {
            return m.clearPageActive(pfn).flatMap(m1 -> m1.callRcu(pfn, PTE_FREE_NOW));
        }
        return pteFreeNow(m, pfn);
    }

    /** {@code pte_frag_destroy()}: drop the references of the fragments never handed out. */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mmId) {
        Mm mm = m.mm(mmId);
        if (!mm.hasPteFrag()) {
            return Either.right(m);
        }
        int pfn = mm.pteFragPfn();
        int unused = m.preset().tablesPerPage() - mm.pteFragNext();
        return m.pteFragClear(mmId).atomicAddPtFragRefcount(pfn, -unused).flatMap(m1 -> lastReference(m1, pfn));
    }
}
