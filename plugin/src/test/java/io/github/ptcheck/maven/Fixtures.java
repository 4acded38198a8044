package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.generic.Generic;
import io.vavr.control.Either;

/** Strategy classes for the plugin's tests, loaded by name as a user's would be. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The generic scheme under a user's name, serving x86_64 only. */
    public static class MyGeneric implements Strategy {
        private final Strategy g = Generic.v66();

        @Override
        public String name() {
            return "my-generic";
        }

        @Override
        public String source() {
            return "a test: mm/pgtable-generic.c under another name";
        }

        @Override
        public boolean serves(Preset preset) {
            return preset.name().equals("x86_64");
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return g.pteAllocOne(m, mm);
        }

        @Override
        public Either<Violation, Machine> pteFree(Machine m, Table table) {
            return g.pteFree(m, table);
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table table) {
            return g.pteFreeDefer(m, table);
        }

        @Override
        public Either<Violation, Machine> pteFreeTlb(Machine m, Table table) {
            return g.pteFreeTlb(m, table);
        }

        @Override
        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table table) {
            return g.tlbRemoveTableFree(m, table);
        }

        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return g.rcuCallback(m, func, pfn);
        }

        @Override
        public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
            return g.archExitMmap(m, mm);
        }

        @Override
        public String describe(Page page) {
            return g.describe(page);
        }
    }

    /** A user's strategy that took a built-in's name. */
    public static class Impostor extends MyGeneric {
        @Override
        public String name() {
            return "generic-v6.6";
        }
    }

    /** A user's strategy that serves no preset at all. */
    public static class ServesNothing extends MyGeneric {
        @Override
        public String name() {
            return "serves-nothing";
        }

        @Override
        public boolean serves(Preset preset) {
            return false;
        }
    }

    /** A user's strategy whose pte_free_defer throws. */
    public static class Throws extends MyGeneric {
        @Override
        public String name() {
            return "throws";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table table) {
            throw new IllegalStateException("not written yet");
        }
    }

    /**
     * A user's strategy whose pte_free_defer names the other RCU callback each time it is called
     * (state in the object): a routine the interleaving search resumes makes another call.
     */
    public static class AlternatingCallback extends MyGeneric {
        private int calls;

        @Override
        public String name() {
            return "alternating-callback";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table table) {
            return m.callRcu(table.pfn(), calls++ % 2 == 0 ? "pte_free_now" : "pte_free_later");
        }

        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return super.rcuCallback(m, "pte_free_now", pfn);
        }
    }

    /** Not a strategy. */
    public static class NotAStrategy {
    }

    /** A strategy ptcheck cannot create. */
    public static class NoDefaultConstructor extends MyGeneric {
        public NoDefaultConstructor(String unused) {
        }
    }

    /** A user's strategy whose serves() throws. */
    public static class ServesThrows extends MyGeneric {
        @Override
        public String name() {
            return "serves-throws";
        }

        @Override
        public boolean serves(Preset preset) {
            throw new IllegalStateException("which presets? not decided");
        }
    }

    /** A user's strategy whose pte_free_defer spins in a plain loop until {@link #release}. */
    public static class Spins extends MyGeneric {
        private static volatile boolean released;

        public static void release() {
            released = true;
        }

        @Override
        public String name() {
            return "spins";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table table) {
            released = false;
            while (!released) {
                Thread.onSpinWait();
            }
            return super.pteFreeDefer(m, table);
        }
    }
}
