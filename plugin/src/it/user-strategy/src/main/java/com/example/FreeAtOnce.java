package com.example;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Either;

/** Broken on purpose: pte_free_defer frees the page at once, without a grace period. */
public class FreeAtOnce extends WholePage {

    @Override
    public String name() {
        return "free-at-once";
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return pteFree(m, t);
    }
}
