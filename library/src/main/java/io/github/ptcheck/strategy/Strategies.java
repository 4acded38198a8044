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
import io.github.ptcheck.strategy.x86.X86PtReclaim;
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
            new PowerpcPageActive(true),
            new S390Naive(),
            new S390Hh(),
            S390Hh.intended(),
            new S390PageActive(),
            new S390FullPage(),
            X86PtReclaim.v614(),
            X86PtReclaim.earlyDtor(),
            X86PtReclaim.semiRcu());

    private Strategies() {
    }

    /** Every built-in, in the spec's order. */
    public static List<Strategy> all() {
        return ALL;
    }

    /**
     * The built-in of that name; or, for {@code <built-in>+pt_reclaim}, that built-in run with
     * the generic mm code of a {@code CONFIG_PT_RECLAIM=y} kernel (a what-if, see
     * {@link #withPtReclaim}).
     */
    public static Option<Strategy> find(String name) {
        if (name != null && name.endsWith(WithPtReclaim.SUFFIX)) {
            return find(name.substring(0, name.length() - WithPtReclaim.SUFFIX.length())).map(Strategies::withPtReclaim);
        }
        return ALL.find(s -> s.name().equals(name));
    }

    /**
     * {@code strategy}'s own code with the generic mm code of a kernel with
     * {@code CONFIG_PT_RECLAIM=y}: reclaim operations offered, and the single-table fallback of
     * {@code tlb_remove_table()} queuing the page's {@code pt_rcu_head}. Named
     * {@code <name>+pt_reclaim}.
     */
    public static Strategy withPtReclaim(Strategy strategy) {
        return new WithPtReclaim(java.util.Objects.requireNonNull(strategy, "strategy"));
    }

    /**
     * The built-in strategy of that name.
     *
     * @throws IllegalArgumentException naming the known strategies, if there is none
     */
    public static Strategy named(String name) {
        return find(name).getOrElseThrow(() -> new IllegalArgumentException(
                "unknown strategy '" + name + "'; known strategies: " + names()
                        + " (or one of them with " + WithPtReclaim.SUFFIX + ", or implement"
                        + " io.github.ptcheck.strategy.Strategy)"));
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
