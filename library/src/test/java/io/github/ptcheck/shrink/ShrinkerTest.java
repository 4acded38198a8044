package io.github.ptcheck.shrink;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShrinkerTest {

    private static final Strategy NAIVE = Strategies.named("powerpc-naive-v1");
    private static final Executor NAIVE_HASH = new Executor(Presets.POWERPC64_HASH_64K, NAIVE);
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void noiseAroundTheNaiveBugIsRemovedAndWhatIsLeftPutInOrder() {
        // The bug is t4 and t1 of page 0 deferred in one grace period; everything else is noise:
        // a reader on cpu1, mm1's tables on page 1, a callback run, skipped operations (t9 was
        // never allocated, cpu0 never locked), and operations after the violation.
        Vector<Op> noisy = seq(alloc(0), alloc(1), lock(1), alloc(0), lookup(1, 1), free(9), unlock(0), alloc(1),
                alloc(0), unlock(1), defer(1), tlb(3), run(0), defer(2), defer(4), alloc(1), barrier(), exit(0));
        Outcome before = NAIVE_HASH.run(noisy);
        assertEquals(Invariant.RCU_HEAD_REUSE, before.violation().get().invariant());

        Shrunk s = new Shrinker(NAIVE_HASH, LIMIT).shrink(noisy);
        assertEquals(seq(alloc(0), alloc(0), defer(0), defer(1)), s.ops());
        assertEquals(Minimality.ONE_MINIMAL, s.minimality());
        assertEquals(Invariant.RCU_HEAD_REUSE, s.trace().violation().get().invariant());
        assertEquals(s.ops(), s.trace().ops());
        assertFalse(s.trace().steps().isEmpty(), "the result is traced");
        assertTrue(s.improvements() > 0 && s.attempts() > s.improvements(), s::toString);
        assertOneMinimal(NAIVE_HASH, s);
    }

    /** Ends {@link FailsWithTwoTables}'s abandoned threads. */
    @AfterEach
    void release() {
        spinning = false;
    }

    private static volatile boolean spinning;

    /**
     * {@code powerpc-naive-v1} that spins (or throws) in {@code pte_free_defer()} while exactly two
     * tables exist: a loop only a shrink candidate of three allocations meets.
     */
    static final class FailsWithTwoTables extends ForwardingStrategy {
        private final boolean spins;

        FailsWithTwoTables(boolean spins) {
            super(NAIVE);
            this.spins = spins;
        }

        @Override
        public String name() {
            return (spins ? "spins" : "throws") + "-with-two-tables";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            if (!spins && m.tableCount() == 2) {
                throw new IllegalStateException("two tables");
            }
            spinning = spins && m.tableCount() == 2;
            while (spinning) {
                Thread.onSpinWait();
            }
            return super.pteFreeDefer(m, t);
        }
    }

    /**
     * A candidate the strategy loops on (the watcher gives up on the call): the failure carries
     * that candidate up to the operation it looped in, which loops again; not only "while shrinking".
     */
    @Test
    void aLoopOnACandidateCarriesTheCandidateWhichLoopsAgain() {
        Executor ex = new Executor(Presets.POWERPC64_HASH_64K, new FailsWithTwoTables(true));
        Vector<Op> ops = seq(alloc(0), alloc(0), alloc(0), defer(0), defer(1));
        assertEquals(Invariant.RCU_HEAD_REUSE, ex.run(ops).violation().get().invariant(), "three tables: no loop");
        Duration timeout = Duration.ofMillis(200);
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.run(timeout, null, null,
                () -> new Shrinker(ex, LIMIT).shrink(ops, Invariant.RCU_HEAD_REUSE)));
        assertTrue(f.getMessage().startsWith("strategy 'spins-with-two-tables' did not return within 200 ms (the call"
                + " timeout; ptcheck gave up on it and left its thread running until the JVM exits) in pte_free_defer at"
                + " step 3 (freeDeferred t1)"), f::getMessage);
        assertEquals("alloc mm0; alloc mm0; freeDeferred t1", f.sequence().getOrNull(), "the candidate, up to the loop");
        assertTrue(f.schedule().isEmpty(), "run whole");
        Vector<Op> looped = seq(alloc(0), alloc(0), defer(1));
        assertTrue(assertThrows(StrategyFailure.class, () -> Watchdog.run(timeout, null, null, () -> ex.run(looped)))
                .getMessage().contains(" in pte_free_defer at step 3 (freeDeferred t1)"), "it loops again");
    }

    /**
     * A predicate's first run, of the sequence given, is located as a candidate's: a strategy that
     * throws or loops there fails with that sequence up to the operation it failed in.
     */
    @Test
    void aFailureInThePredicatesFirstRunCarriesTheSequenceAsACandidatesDoes() {
        Vector<Op> ops = seq(alloc(0), alloc(0), defer(1), barrier());
        Duration timeout = Duration.ofMillis(200);
        for (Strategy s : java.util.List.of(new FailsWithTwoTables(false), new FailsWithTwoTables(true))) {
            Executor ex = new Executor(Presets.POWERPC64_HASH_64K, s);
            StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.run(timeout, null, null,
                    () -> new Shrinker(ex, LIMIT).shrink(ops, cand -> !ex.run(cand).passed())));
            assertTrue(f.getMessage().contains(" in pte_free_defer at step 3 (freeDeferred t1)"), f::getMessage);
            assertEquals("alloc mm0; alloc mm0; freeDeferred t1", f.sequence().getOrNull(), f::getMessage);
            assertEquals(-1, f.tryIndex(), "a shrink knows no try");
            assertTrue(f.schedule().isEmpty(), "run whole");
        }
    }

    @Test
    void argumentsAreLoweredCpusAndMmsRenamed() {
        Executor ex = new Executor(Presets.X86_64, new FreesAtOnce());
        // A reader on cpu2 holds mm3's table when pte_free_defer frees it at once.
        Vector<Op> ops = seq(lock(2), alloc(3), alloc(3), lookup(2, 1), defer(1));
        assertEquals(Invariant.USE_AFTER_FREE, ex.run(ops).violation().get().invariant());
        Shrunk s = new Shrinker(ex, LIMIT).shrink(ops);
        assertEquals(seq(alloc(0), lock(0), lookup(0, 0), defer(0)), s.ops());
        assertEquals(Minimality.ONE_MINIMAL, s.minimality());
        assertOneMinimal(ex, s);
    }

    /** Without the lookup the same sequence is EARLY_FREE: the shrinker must keep the lookup. */
    @Test
    void shrinkingKeepsTheViolationKind() {
        Executor ex = new Executor(Presets.X86_64, new FreesAtOnce());
        assertEquals(Invariant.EARLY_FREE, ex.run(seq(alloc(0), lock(0), defer(0))).violation().get().invariant());
        Shrunk s = new Shrinker(ex, LIMIT).shrink(seq(alloc(0), lock(0), lookup(0, 0), defer(0)));
        assertEquals(Invariant.USE_AFTER_FREE, s.trace().violation().get().invariant());
        assertEquals(4, s.ops().size());
        // Asked for the kind the shorter sequence breaks, it finds that one.
        Shrunk early = new Shrinker(ex, LIMIT).shrink(seq(alloc(0), lock(0), lookup(0, 0), defer(0)),
                Invariant.USE_AFTER_FREE);
        assertEquals(s.ops(), early.ops());
    }

    /** Over many generated failures, the shrunk sequence breaks what the generated one broke. */
    @Test
    void generatedFailuresShrinkToTheSameKind() {
        for (long seed = 0; seed < 15; seed++) {
            CellReport r = new Runner(CheckConfig.defaults().withSeed(seed).withMaxLength(30))
                    .check(Presets.X86_64, new FreesAtOnce());
            assertFalse(r.passed());
            var f = r.finding().get();
            Invariant original = new Executor(Presets.X86_64, new FreesAtOnce()).run(f.original())
                    .violation().get().invariant();
            assertEquals(original, f.violation().invariant(), () -> f.original() + " -> " + f.shrunk());
            assertEquals(Minimality.ONE_MINIMAL, f.minimality());
            assertTrue(f.shrunk().size() <= 4, () -> f.shrunk().mkString(", "));
        }
    }

    @Test
    void aTimeLimitCutsTheShrinkShortAndSaysSo() {
        Vector<Op> noisy = seq(alloc(0), lock(1), alloc(0), alloc(1), unlock(1), defer(0), defer(2), defer(1));
        Shrunk s = new Shrinker(NAIVE_HASH, Duration.ZERO).shrink(noisy);
        assertEquals(Minimality.PARTIAL, s.minimality());
        assertEquals("partially shrunk", s.minimality().words());
        assertEquals(noisy, s.ops(), "no time to try anything");
        assertEquals(1, s.attempts());
        assertEquals(Invariant.RCU_HEAD_REUSE, s.trace().violation().get().invariant());
    }

    @Test
    void aSequenceThatDoesNotBreakTheInvariantIsRejected() {
        Shrinker sh = new Shrinker(NAIVE_HASH, LIMIT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sh.shrink(seq(alloc(0), defer(0))));
        assertTrue(e.getMessage().contains("breaks no invariant"), e.getMessage());
        // Said to break LEAK, it breaks RCU_HEAD_REUSE: the result of the run that found it is not
        // the shrinker's, which only a strategy that is not deterministic gives.
        StrategyFailure f = assertThrows(StrategyFailure.class,
                () -> sh.shrink(seq(alloc(0), alloc(0), defer(0), defer(1)), Invariant.LEAK));
        assertTrue(f.getMessage().contains("is not deterministic: the same sequence gave two different results (LEAK"
                + " before it was shrunk, then RCU_HEAD_REUSE when the shrinker ran it)"), f.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Shrinker(NAIVE_HASH, Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("timeLimit must be >= 0"), e.getMessage());
    }

    /**
     * A property of one's own, false for a correct strategy: "no page ever holds three tables
     * deferred at once". The predicate form shrinks it as an invariant shrinks: noise goes, the
     * mms merge, and deleting any one of the six operations left makes the property hold.
     */
    @Test
    void aPredicateOfOnesOwnShrinksToAOneMinimalSequence() {
        Executor ex = new Executor(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-refcount-v2"));
        // t0, t3 of mm1 on page 0; t1, t2, t4, t5 of mm0 on page 1, of which t2, t4, t5 are deferred.
        Vector<Op> noisy = seq(alloc(1), alloc(0), lock(0), alloc(0), defer(0), alloc(1), lookup(0, 2), defer(2),
                unlock(0), alloc(0), tlb(1), defer(4), run(0), alloc(0), defer(3), defer(5), exit(1));
        assertTrue(ex.run(noisy).passed(), "the strategy keeps every invariant; only the property fails");
        assertTrue(threeDeferredOnOnePage(ex, noisy));

        Shrunk s = new Shrinker(ex, LIMIT).shrink(noisy, ops -> threeDeferredOnOnePage(ex, ops));
        assertEquals(seq(alloc(0), alloc(0), alloc(0), defer(0), defer(1), defer(2)), s.ops());
        assertEquals(Minimality.ONE_MINIMAL, s.minimality());
        assertTrue(s.trace().passed());
        assertEquals(s.ops(), s.trace().ops());
        for (int i = 0; i < s.ops().size(); i++) {
            Vector<Op> less = s.ops().removeAt(i);
            assertFalse(threeDeferredOnOnePage(ex, less), () -> "still fails without one op: " + less);
        }
    }

    @Test
    void aPredicateIsNeverAskedAboutALongerSequenceAndMustHoldAtFirst() {
        Vector<Op> ops = seq(alloc(0), alloc(1), alloc(0), defer(0), defer(2), barrier());
        java.util.List<Vector<Op>> asked = new java.util.ArrayList<>();
        Shrunk s = new Shrinker(NAIVE_HASH, LIMIT).shrink(ops, cand -> {
            asked.add(cand);
            return cand.count(op -> op instanceof Op.FreeDeferred) >= 2;
        });
        // The predicate counts operations, run or skipped: so the second freeDeferred of t0 (skipped
        // by the model, t0 is already freed) is as good as any, and no alloc is needed.
        assertEquals(seq(defer(0), defer(0)), s.ops(), "the predicate, not the model, decides");
        assertTrue(asked.stream().allMatch(c -> c.size() <= ops.size()), asked::toString);
        assertEquals(asked.size(), s.attempts(), "one call per candidate, the original included");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Shrinker(NAIVE_HASH, LIMIT).shrink(seq(alloc(0)), cand -> false));
        assertTrue(e.getMessage().contains("the predicate does not hold for the sequence"), e.getMessage());
    }

    /** Whether some step leaves a page holding three tables detached by freeDeferred. */
    private static boolean threeDeferredOnOnePage(Executor ex, Vector<Op> ops) {
        java.util.Set<Integer> deferred = new java.util.TreeSet<>();
        for (io.github.ptcheck.check.Step st : ex.trace(ops).steps()) {
            if (st.op() instanceof Op.FreeDeferred f && !st.wasSkipped() && st.violation().isEmpty()) {
                deferred.add(f.table());
            }
            Machine m = st.after();
            for (Integer pfn : m.pages().keySet()) {
                if (m.tablesOf(pfn).count(t -> !t.attached() && deferred.contains(t.id())) >= 3) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertOneMinimal(Executor ex, Shrunk s) {
        Invariant kind = s.trace().violation().get().invariant();
        for (int i = 0; i < s.ops().size(); i++) {
            Vector<Op> less = s.ops().removeAt(i);
            assertFalse(ex.run(less).violation().map(v -> v.invariant() == kind).getOrElse(false),
                    () -> "still " + kind + " without one op: " + less);
        }
    }

    /** Broken on purpose: pte_free_defer frees at once, as pte_free does. */
    static final class FreesAtOnce implements Strategy {
        private final Strategy generic = Strategies.named("generic-v6.6");

        public String name() {
            return "test-frees-at-once";
        }

        public String source() {
            return "test";
        }

        public boolean serves(io.github.ptcheck.arch.Preset p) {
            return p.tablesPerPage() == 1;
        }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return generic.pteAllocOne(m, mm);
        }

        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
            return generic.tlbRemoveTableFree(m, t);
        }


        public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {

            return generic.pteFreeTlb(m, t);

        }

        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return generic.rcuCallback(m, func, pfn);
        }
    }
}
