package com.example;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/** {@link WholePage}, except that pte_free_defer is not written yet and throws. */
public class Thrower extends WholePage {

    @Override
    public String name() {
        return "thrower";
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        throw new UnsupportedOperationException("pte_free_defer: not written yet");
    }
}
