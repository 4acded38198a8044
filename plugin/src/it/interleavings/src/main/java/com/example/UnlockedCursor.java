package com.example;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.control.Either;

/**
 * powerpc's fragment cache with the cursor read and moved without mm->page_table_lock: correct
 * one CPU at a time, a race on two. Everything else is powerpc-refcount-v2.
 */
public class UnlockedCursor extends ForwardingStrategy {

    public UnlockedCursor() {
        super(Strategies.named("powerpc-refcount-v2"));
    }

    public String name() {
        return "unlocked-cursor";
    }

    public String source() {
        return "powerpc-refcount-v2 without mm->page_table_lock around the fragment cursor";
    }

    public Either<Violation, Allocated> pteAllocOne(Machine m, int mmId) {
        Mm mm = m.mm(mmId);
        if (mm.hasPteFrag()) {
            Slot ret = new Slot(mm.pteFragPfn(), mm.pteFragNext());
            int next = mm.pteFragNext() + 1;
            Machine m1 = next == m.preset().tablesPerPage() ? m.pteFragClear(mmId)
                    : m.pteFragSet(mmId, ret.pfn(), next);
            return Either.right(new Allocated(m1, ret));
        }
        Machine.PageAlloc a = m.allocPage();
        int pfn = a.pfn();
        return a.machine().pagetablePteCtor(pfn)
                .flatMap(m1 -> m1.atomicSetPtFragRefcount(pfn, m1.preset().tablesPerPage()))
                .map(m1 -> new Allocated(m1.pteFragSet(mmId, pfn, 1), new Slot(pfn, 0)));
    }
}
