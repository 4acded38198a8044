package com.example;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * powerpc's fragment cache with the cursor read and moved without mm->page_table_lock: correct
 * one CPU at a time, a race on two. Everything else is powerpc-refcount-v2.
 */
public class UnlockedCursor implements Strategy {

    private final Strategy merged = Strategies.named("powerpc-refcount-v2");

    public String name() {
        return "unlocked-cursor";
    }

    public String source() {
        return "powerpc-refcount-v2 without mm->page_table_lock around the fragment cursor";
    }

    public boolean serves(Preset p) {
        return p.arch().equals("powerpc") && p.tablesPerPage() > 1;
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
        return a.machine().pgtablePtePageCtor(pfn)
                .flatMap(m1 -> m1.atomicSetPtFragRefcount(pfn, m1.preset().tablesPerPage()))
                .map(m1 -> new Allocated(m1.pteFragSet(mmId, pfn, 1), new Slot(pfn, 0)));
    }

    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return merged.pteFree(m, t);
    }

    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return merged.pteFreeDefer(m, t);
    }

    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return merged.tlbRemoveTableFree(m, t);
    }

    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        return merged.rcuCallback(m, func, pfn);
    }

    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return merged.archExitMmap(m, mm);
    }
}
