package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/** PLACEHOLDER: being written. */
public final class S390PageActive implements Strategy {
    public String name() { return "S390PageActive"; }
    public String source() { return "TODO"; }
    public boolean serves(Preset preset) { return false; }
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) { throw new UnsupportedOperationException(); }
    public Either<Violation, Machine> pteFree(Machine m, Table t) { throw new UnsupportedOperationException(); }
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) { throw new UnsupportedOperationException(); }
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) { throw new UnsupportedOperationException(); }
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) { throw new UnsupportedOperationException(); }
}
