package io.github.ptcheck.junit;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * Strategies "of a user's own" for the samples: a built-in under another name, so that what
 * the extension does with a user's class can be checked against what the built-in is known to
 * do. Each routine delegates, the default ones too.
 */
abstract class Renamed implements Strategy {

    private final String name;
    private final Strategy of;

    Renamed(String name, String builtIn) {
        this.name = name;
        this.of = Strategies.named(builtIn);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return "test: " + of.name() + " renamed";
    }

    @Override
    public boolean serves(Preset preset) {
        return of.serves(preset);
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return of.pteAllocOne(m, mm);
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return of.pteFree(m, t);
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return of.pteFreeDefer(m, t);
    }

    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
        return of.pteFreeTlb(m, t);
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return of.tlbRemoveTableFree(m, t);
    }

    @Override
    public io.github.ptcheck.model.MmConfig mmConfig() {
        return of.mmConfig();
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        return of.rcuCallback(m, func, pfn);
    }

    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return of.archExitMmap(m, mm);
    }

    @Override
    public String describe(Page page) {
        return of.describe(page);
    }

    /** powerpc-refcount-v2 (passes on the powerpc presets) as a user's class. */
    static final class MyRefcount extends Renamed {
        MyRefcount() {
            super("my-refcount", "powerpc-refcount-v2");
        }
    }

    /** powerpc-naive-v1 as a user's class that {@code --strategy-class} and the plugin could load: public, public constructor. */
    public static final class LoadableNaive extends Renamed {
        public LoadableNaive() {
            super("my-loadable-naive", "powerpc-naive-v1");
        }
    }

    /** powerpc-naive-v1 (RCU_HEAD_REUSE in 4 operations) as a user's class. */
    static final class MyNaive extends Renamed {
        public MyNaive() {
            super("my-naive", "powerpc-naive-v1");
        }
    }

    /** A user's class ptcheck cannot create: its only constructor takes an argument. */
    static final class NeedsArgument extends Renamed {
        NeedsArgument(String name) {
            super(name, "generic-v6.6");
        }
    }

    /** generic-v6.6 whose pte_free_defer throws, as a half-written strategy might. */
    static final class ThrowsOnDefer extends Renamed {
        ThrowsOnDefer() {
            super("throws-on-defer", "generic-v6.6");
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            throw new IllegalStateException("pte_free_defer is not written yet");
        }
    }

    /**
     * A strategy that counts its calls of pte_alloc_one, per class: how much of a check's work
     * ran, to compare the extension's with the Runner's alone.
     */
    abstract static class CountsAllocs extends Renamed {
        private static final java.util.Map<Class<?>, java.util.concurrent.atomic.AtomicLong> ALLOCS =
                new java.util.concurrent.ConcurrentHashMap<>();

        CountsAllocs(String name, String builtIn) {
            super(name, builtIn);
        }

        /** The calls of pte_alloc_one by strategies of class {@code c} since the last time this was asked. */
        static long takeAllocs(Class<? extends CountsAllocs> c) {
            java.util.concurrent.atomic.AtomicLong n = ALLOCS.get(c);
            return n == null ? 0 : n.getAndSet(0);
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            ALLOCS.computeIfAbsent(getClass(), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            return super.pteAllocOne(m, mm);
        }
    }

    /** powerpc-refcount-v2, which keeps the invariants interleaved too, counting its pte_alloc_one calls. */
    static final class CountedRefcount extends CountsAllocs {
        CountedRefcount() {
            super("counted-refcount", "powerpc-refcount-v2");
        }
    }

    /**
     * powerpc-refcount-v2 whose pte_alloc_one throws while another CPU holds the mm's
     * page_table_lock, which only an interleaved run gets to: every try passes run whole, and
     * only a PCT schedule of one makes it throw.
     */
    static final class ThrowsWhileAnotherHoldsTheLock extends CountsAllocs {
        ThrowsWhileAnotherHoldsTheLock() {
            super("throws-while-another-holds-the-lock", "powerpc-refcount-v2");
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            Integer holder = m.locks().get(io.github.ptcheck.model.Locks.pageTableLock(mm)).getOrNull();
            if (m.scheduling() != null && holder != null && holder != m.scheduling().cpu()) {
                throw new IllegalStateException("pte_alloc_one does not expect the lock to be contended");
            }
            return super.pteAllocOne(m, mm);
        }
    }

    /**
     * powerpc-naive-v1 (RCU_HEAD_REUSE) whose pte_free_defer throws when the run is traced: the
     * tries and the shrink's candidates run untraced, so only the traced run of the shrunk
     * sequence throws, while shrinking.
     */
    static final class ThrowsWhenTraced extends CountsAllocs {
        ThrowsWhenTraced() {
            super("throws-when-traced", "powerpc-naive-v1");
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            if (m.tracing()) {
                throw new IllegalStateException("pte_free_defer's trace is not written yet");
            }
            return super.pteFreeDefer(m, t);
        }
    }

    /**
     * powerpc-naive-v1 (RCU_HEAD_REUSE) whose pte_free_defer, in a traced run, forgets the table
     * its first four times and throws from then on. The shrunk try (two freeDeferred) is traced
     * twice, by the shrinker and for the report, and breaks no invariant or another one (the
     * tables forgotten), so the report traces the try as it first failed: it throws there, in the
     * last run made. {@link #traced} counts the calls; a test sets it to 0 first.
     */
    static class ThrowsWhenTracedAgain extends Renamed {
        static int traced;

        ThrowsWhenTracedAgain() {
            this("throws-when-traced-again");
        }

        ThrowsWhenTracedAgain(String name) {
            super(name, "powerpc-naive-v1");
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            if (!m.tracing()) {
                return super.pteFreeDefer(m, t);
            }
            if (traced++ >= 4) {
                misbehave();
            }
            return Either.right(m);
        }

        void misbehave() {
            throw new IllegalStateException("pte_free_defer traced again");
        }
    }

    /** {@link ThrowsWhenTracedAgain}, but it spins ({@link SpinsOnDefer#spin}) where that one throws. */
    static final class SpinsWhenTracedAgain extends ThrowsWhenTracedAgain {
        SpinsWhenTracedAgain() {
            super("spins-when-traced-again");
        }

        @Override
        void misbehave() {
            SpinsOnDefer.spin();
        }
    }

    /**
     * pte_free_defer spins in a plain loop until {@link #release} (a test ends it so that the
     * abandoned thread does not keep a core busy).
     */
    static final class SpinsOnDefer extends Renamed {
        static volatile boolean released;
        /** Calls that began to spin: a failure found by running the tries again would spin twice. */
        static final java.util.concurrent.atomic.AtomicInteger SPINS = new java.util.concurrent.atomic.AtomicInteger();

        SpinsOnDefer() {
            super("spins-on-defer", "generic-v6.6");
        }

        static void release() {
            released = true;
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            spin();
            return super.pteFreeDefer(m, t);
        }

        /**
         * Spins until {@link #release}. Off ptcheck's watched threads it throws instead: a test of
         * the watching then fails, where spinning would hang the test run.
         */
        static void spin() {
            if (!Thread.currentThread().getName().startsWith("ptcheck-worker-")) {
                throw new IllegalStateException("called on " + Thread.currentThread().getName() + ", which no"
                        + " watchdog watches");
            }
            SPINS.incrementAndGet();
            released = false;
            while (!released) {
                Thread.onSpinWait();
            }
        }
    }

    /** pte_free_defer spins as {@link SpinsOnDefer}'s once {@link #armed} (a body arms it), and runs as it should before. */
    static final class SpinsOnDeferWhenArmed extends Renamed {
        static volatile boolean armed;

        SpinsOnDeferWhenArmed() {
            super("spins-when-armed", "generic-v6.6");
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            if (armed) {
                SpinsOnDefer.spin();
            }
            return super.pteFreeDefer(m, t);
        }
    }

    /** A constructor that never returns (see {@link SpinsOnDefer#spin}). */
    static final class SpinsInConstructor extends Renamed {
        SpinsInConstructor() {
            super("spins-in-constructor", "generic-v6.6");
            SpinsOnDefer.spin();
        }
    }

    /** A serves() that never returns (see {@link SpinsOnDefer#spin}). */
    static final class SpinsInServes extends Renamed {
        SpinsInServes() {
            super("spins-in-serves", "generic-v6.6");
        }

        @Override
        public boolean serves(Preset preset) {
            SpinsOnDefer.spin();
            return super.serves(preset);
        }
    }

    /** A class whose static initializer throws, as one reading a missing resource might. */
    static final class ThrowsInStaticInitializer extends Renamed {
        static final int SIZE = Integer.parseInt("sixteen");

        ThrowsInStaticInitializer() {
            super("throws-in-static-initializer", "generic-v6.6");
        }
    }
}
