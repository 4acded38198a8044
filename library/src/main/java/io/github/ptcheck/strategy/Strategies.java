package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.strategy.generic.Generic;
import io.github.ptcheck.strategy.powerpc.PowerpcNaive;
import io.github.ptcheck.strategy.powerpc.PowerpcPageActive;
import io.github.ptcheck.strategy.powerpc.PowerpcRefcount;
import io.github.ptcheck.strategy.s390.S390FullPage;
import io.github.ptcheck.strategy.s390.S390Hh;
import io.github.ptcheck.strategy.s390.S390Naive;
import io.github.ptcheck.strategy.s390.S390PageActive;
import io.vavr.collection.List;
import io.vavr.control.Option;

/** The built-in strategies (spec section 3), by the names reports and configuration use. */
public final class Strategies {

    private static final List<Strategy> ALL = List.of(
            Generic.v66(),
            Generic.sparc64(),
            new PowerpcNaive(),
            new PowerpcRefcount(),
            new PowerpcPageActive(),
            new S390Naive(),
            new S390Hh(),
            new S390PageActive(),
            new S390FullPage());

    private Strategies() {
    }

    /** Every built-in, in the spec's order. */
    public static List<Strategy> all() {
        return ALL;
    }

    public static Option<Strategy> find(String name) {
        return ALL.find(s -> s.name().equals(name));
    }

    /**
     * The built-in strategy of that name.
     *
     * @throws IllegalArgumentException naming the known strategies, if there is none
     */
    public static Strategy named(String name) {
        return find(name).getOrElseThrow(() -> new IllegalArgumentException(
                "unknown strategy '" + name + "'; known strategies: " + names()
                        + " (or implement io.github.ptcheck.strategy.Strategy)"));
    }

    /** The built-ins the kernel uses on that preset. */
    public static List<Strategy> servedOn(Preset preset) {
        return ALL.filter(s -> s.serves(preset));
    }

    /** Whether the strategy is one of the broken patches kept so that ptcheck finds them ({@link KnownVerdicts}). */
    public static boolean knownBroken(String name) {
        return KnownVerdicts.keptBroken(name);
    }

    public static String names() {
        return ALL.map(Strategy::name).mkString(", ");
    }
}
