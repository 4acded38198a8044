package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.vavr.control.Either;

/**
 * Bug: {@code powerpc-refcount-v2} (clean otherwise, so nothing else is found first) with {@code get_pte_from_cache()} reading and moving the
 * cursor without {@code mm->page_table_lock}: two CPUs can read the same cursor and hand out the
 * same fragment.
 */
public final class UnlockedCursor extends ForwardingStrategy {

    public UnlockedCursor() {
        super(new PowerpcRefcount());
    }

    @Override
    public String name() {
        return "powerpc-unlocked-cursor";
    }

    @Override
    public String source() {
        return "test: powerpc-refcount-v2 without mm->page_table_lock in get_pte_from_cache()";
    }

    @Override
    public boolean serves(Preset preset) {
        return false;
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mmId) {
        Mm mm = m.mm(mmId); // pte_frag_get(&mm->context), unlocked: a plain load
        if (!mm.hasPteFrag()) {
            return PteFrag.allocForPtecache(m, mmId);
        }
        Slot ret = new Slot(mm.pteFragPfn(), mm.pteFragNext());
        int next = mm.pteFragNext() + 1;
        Machine m1 = next == m.preset().tablesPerPage() ? m.pteFragClear(mmId) : m.pteFragSet(mmId, ret.pfn(), next);
        return Either.right(new Allocated(m1, ret));
    }
}
