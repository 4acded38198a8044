package com.example;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/** {@link WholePage}, except that pte_free_defer loops forever without calling a primitive. */
public class Spins extends WholePage {

    private static volatile long spins;

    @Override
    public String name() {
        return "spins";
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        while (spins >= 0) {
            spins++;
        }
        return super.pteFreeDefer(m, t);
    }
}
