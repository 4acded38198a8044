package com.example;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/** One table per page, the page's rcu_head queued once when the table is deferred. */
public class WholePage implements Strategy {

    @Override
    public String name() {
        return "whole-page";
    }

    @Override
    public String source() {
        return "an integration test's own strategy";
    }

    @Override
    public boolean serves(Preset preset) {
        return preset.arch().equals("x86") && preset.tablesPerPage() == 1;
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        Machine.PageAlloc a = m.allocPage();
        return a.machine().pagetablePteCtor(a.pfn()).map(m1 -> new Allocated(m1, new Slot(a.pfn(), 0)));
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return m.pagetablePteDtor(t.pfn()).flatMap(m1 -> m1.freePage(t.pfn()));
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), "free_now");
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return pteFree(m, t);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        return m.pagetablePteDtor(pfn).flatMap(m1 -> m1.freePage(pfn));
    }
}
