package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/** Bug: no free path ever returns the page: {@code pte_free}, the deferral and mmu_gather all forget it. */
public final class NeverFrees extends PagePerTable {

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return Either.right(m);
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return Either.right(m);
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return Either.right(m);
    }
}
