package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorerTest {

    /** The bounds of the brief: 2 CPUs, 2 mms, 6 tables, every kind of operation. */
    private static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(6);

    private static Cell cell(String preset, String strategy) {
        return new Cell(Presets.named(preset), Strategies.named(strategy));
    }

    private static ExploreReport explore(Cell cell, int depth) {
        return new Explorer(cell, BOUNDS).explore(depth);
    }

    @Test
    void progressReportsTheLevelAndStatesAndOnceWhenDone() {
        java.util.List<io.github.ptcheck.check.Progress> seen = new java.util.ArrayList<>();
        ExploreReport r = new Explorer(cell("x86_64", "generic-v6.6"), BOUNDS).withProgress(seen::add, Duration.ZERO)
                .explore(4);
        io.github.ptcheck.check.Progress.States last = (io.github.ptcheck.check.Progress.States) seen.get(
                seen.size() - 1);
        assertTrue(last.done());
        assertEquals(r.statesVisited(), last.states());
        assertEquals(r.transitions(), last.transitions());
        assertEquals(4, last.maxDepth());
        // Each level is due with a zero interval: levels 0 to 3 are announced in order before the last report.
        assertEquals(java.util.List.of(0, 1, 2, 3), seen.stream().filter(p -> !p.done())
                .map(p -> ((io.github.ptcheck.check.Progress.States) p).depth()).distinct().toList());
        assertEquals(1, seen.stream().filter(io.github.ptcheck.check.Progress::done).count());
    }

    // ------------------------------------------------ the known bugs, shortest

    /**
     * Two tables of one page deferred within one grace period: {@code call_rcu} on the page's
     * one {@code rcu_head} twice. Nothing shorter breaks it: the depth-3 exploration is clean,
     * and the brute-force oracle agrees that 4 is the least.
     */
    private static void assertRcuHeadReuseAtFour(Cell cell) {
        ExploreReport r = explore(cell, 6);
        Finding f = r.finding().getOrElseThrow(() -> new AssertionError("no finding: " + r.summary()));
        assertEquals(seq(alloc(0), alloc(0), defer(0), defer(1)), f.shrunk(), r.summary());
        assertEquals(f.shrunk(), f.original());
        assertEquals(Minimality.SHORTEST, f.minimality());
        assertEquals(-1, f.tryIndex());
        Violation v = f.violation();
        assertEquals(Invariant.RCU_HEAD_REUSE, v.invariant());
        assertEquals(4, v.step());
        assertEquals(0, v.pfn());
        assertEquals("rcu_head", v.field());
        // The finding carries the traced run of the sequence, and it agrees.
        assertEquals(v, f.trace().violation().get());
        assertEquals(4, f.trace().steps().size());
        assertEquals(3, r.depthCompleted());
        assertFalse(r.cutByStateBudget());

        ExploreReport three = explore(cell, 3);
        assertTrue(three.passed(), three.summary());
        assertEquals(3, three.depthCompleted());
        // On radix the brute force goes without fill and freeTlbSiblings: over them it would run two
        // million sequences of 256 tables. On hash it has them, and agrees with the reduced search.
        Bounds oracle = cell.preset().tablesPerPage() > 16
                ? BOUNDS.withKinds(BOUNDS.kinds().remove(OpKind.FILL).remove(OpKind.FREE_TLB_SIBLINGS)) : BOUNDS;
        assertEquals(4, new BruteForce(cell.executor(), oracle).enumerate(4).shortestCounterexample());
    }

    @Test
    void powerpcNaiveOnHash64kQueuesTheRcuHeadTwiceAtLengthFour() {
        assertRcuHeadReuseAtFour(cell("powerpc64-hash-64k", "powerpc-naive-v1"));
    }

    @Test
    void powerpcNaiveOnRadix64kQueuesTheRcuHeadTwiceAtLengthFour() {
        assertRcuHeadReuseAtFour(cell("powerpc64-radix-64k", "powerpc-naive-v1"));
    }

    @Test
    void genericOnHash64kIsTheNaiveSchemeAndBreaksTheSameWay() {
        assertRcuHeadReuseAtFour(cell("powerpc64-hash-64k", "generic-v6.6"));
    }

    // ----------------------------------------------------- the safe schemes

    /**
     * Clean to depth 7, with every state of the first 5 levels counted again by the
     * brute-force oracle (every sequence, no deduplication, each run whole by the executor),
     * which knows no symmetry: the search it is checked against has the reduction off. With it
     * on, the search is clean to depth 7 too, over fewer states. The counts are the model's:
     * they change only when the model does (its state, the alphabet or the strategy).
     */
    private static void assertCleanAndCounted(Cell cell) {
        ExploreReport r = new Explorer(cell, BOUNDS).withSymmetry(false).explore(7);
        assertTrue(r.passed(), r.summary());
        assertEquals(7, r.depthCompleted());
        assertFalse(r.cutByStateBudget());
        assertFalse(r.cutByTimeBudget());
        assertEquals(8, r.statesPerDepth().size());
        assertEquals(r.statesVisited(), r.statesPerDepth().sum().longValue());

        BruteForce.Result oracle = new BruteForce(cell.executor(), BOUNDS).enumerate(5);
        assertEquals(-1, oracle.shortestCounterexample());
        assertEquals(Vector.ofAll(oracle.newStatesPerDepth()).map(Integer::longValue), r.statesPerDepth().take(6));
        ExploreReport five = new Explorer(cell, BOUNDS).withSymmetry(false).explore(5);
        assertEquals(oracle.stateCount(), five.statesVisited());
        assertTrue(oracle.sequences() > five.statesVisited(), "deduplication saves work");

        ExploreReport reduced = explore(cell, 7);
        assertTrue(reduced.passed(), reduced.summary());
        assertEquals(7, reduced.depthCompleted());
        assertTrue(reduced.statesVisited() * 2 < r.statesVisited(), reduced.statesVisited() + " of " + r.statesVisited());
    }

    @Test
    void genericOnX86IsCleanToDepthSeven() {
        assertCleanAndCounted(cell("x86_64", "generic-v6.6"));
    }

    @Test
    void sparc64IsCleanToDepthSeven() {
        assertCleanAndCounted(cell("sparc64", "sparc64-v6.6"));
    }

    @Test
    void aSmallWorldClosesAndThenHoldsForEveryLength() {
        Bounds tiny = new Bounds(1, 1, 2, BOUNDS.kinds());
        Cell c = cell("x86_64", "generic-v6.6");
        ExploreReport r = new Explorer(c, tiny).explore(100);
        assertTrue(r.closed(), r.summary());
        assertTrue(r.passed());
        assertEquals(100, r.depthCompleted());
        int last = r.statesPerDepth().size() - 1;
        BruteForce.Result oracle = new BruteForce(c.executor(), tiny).enumerate(last + 1);
        assertEquals(r.statesVisited(), oracle.stateCount(), "one more level finds nothing new");
    }

    // ------------------------------------------------------ the teardown

    /** generic-v6.6 whose mmu_gather free forgets {@code __free_page}: a leak only the teardown shows. */
    private static final class LeaksOnTlbFree implements Strategy {
        private final Strategy generic = Strategies.named("generic-v6.6");

        public String name() {
            return "leaks-on-tlb-free";
        }

        public String source() {
            return "test";
        }

        public boolean serves(Preset preset) {
            return false;
        }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return generic.pteAllocOne(m, mm);
        }

        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return generic.pteFreeDefer(m, t);
        }

        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
            return m.pagetablePteDtor(t.pfn());
        }

        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return generic.rcuCallback(m, func, pfn);
        }
    }

    @Test
    void aViolationInTheTeardownIsACounterexampleAsLongAsThePathBeforeIt() {
        Cell c = new Cell(Presets.X86_64, new LeaksOnTlbFree());
        ExploreReport r = new Explorer(c, BOUNDS).explore(5);
        Finding f = r.finding().get();
        // alloc, then the teardown's exitMm sends the table through mmu_gather, which leaks it.
        assertEquals(seq(alloc(0)), f.shrunk());
        assertEquals(Invariant.LEAK, f.violation().invariant());
        assertTrue(f.trace().failedInTeardown());
        assertEquals(0, r.depthCompleted());
        assertEquals(1, new BruteForce(c.executor(), BOUNDS).enumerate(3).shortestCounterexample());
    }

    /**
     * A strategy whose exit hook for mm0 makes mm1 used, and whose exit hook for mm1 breaks an
     * invariant when mm1 has no table. The executor plans the teardown once, at its start, so
     * {@code alloc mm0} passes (mm1 was not used then and is not exited); the shortest
     * counterexample is {@code alloc mm0, exitMm mm0}, whose teardown exits mm1. A teardown
     * memo that assumed the rest of a teardown is the teardown of the state reached would
     * report {@code alloc mm0} instead.
     */
    private static final class ExitTouchesTheOtherMm implements Strategy {
        private final Strategy generic = Strategies.named("generic-v6.6");

        public String name() {
            return "exit-touches-the-other-mm";
        }

        public String source() {
            return "test";
        }

        public boolean serves(Preset preset) {
            return false;
        }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return generic.pteAllocOne(m, mm);
        }

        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return generic.pteFreeDefer(m, t);
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

        @Override
        public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
            if (mm == 0) {
                return Either.right(m.pteFragClear(1));
            }
            boolean noTable = m.tables().filter(t -> t.mm() == 1).isEmpty();
            return noTable ? m.freePage(99) : Either.right(m);
        }
    }

    @Test
    void theTeardownIsJudgedAsTheExecutorRunsItEvenWhenAnExitTouchesAnotherMm() {
        Bounds b = BOUNDS.withCpus(0);
        Cell c = new Cell(Presets.X86_64, new ExitTouchesTheOtherMm());
        assertTrue(c.executor().run(seq(alloc(0))).passed());
        ExploreReport r = new Explorer(c, b).explore(4);
        Finding f = r.finding().get();
        assertEquals(seq(alloc(0), exit(0)), f.shrunk());
        assertEquals(Invariant.DOUBLE_FREE, f.violation().invariant());
        assertEquals(2, new BruteForce(c.executor(), b).enumerate(3).shortestCounterexample());
    }

    // ----------------------------------------------------------- budgets

    @Test
    void theStateBudgetStopsCleanlyAndSaysWhatItCovered() {
        Cell c = cell("x86_64", "generic-v6.6");
        ExploreReport full = explore(c, 6);
        long budget = 100;
        ExploreReport r = new Explorer(c, BOUNDS).withStateBudget(budget).explore(6);
        assertTrue(r.cutByStateBudget(), r.summary());
        assertFalse(r.cutByTimeBudget());
        assertTrue(r.passed());
        assertEquals(budget, r.statesVisited());
        assertEquals(budget, r.statesPerDepth().sum().longValue());
        // The levels that fit in the budget are complete; the one after them is partial.
        int complete = 0;
        long sum = 0;
        while (sum + full.statesPerDepth().get(complete) <= budget) {
            sum += full.statesPerDepth().get(complete);
            complete++;
        }
        assertEquals(complete - 1, r.depthCompleted());
        assertEquals(full.statesPerDepth().take(complete), r.statesPerDepth().take(complete));
        assertEquals(budget - sum, r.statesPerDepth().last().longValue());

        // A budget exactly as large as the whole exploration does not cut it.
        ExploreReport exact = new Explorer(c, BOUNDS).withStateBudget(full.statesVisited()).explore(6);
        assertFalse(exact.cutByStateBudget());
        assertEquals(full, new Explorer(c, BOUNDS).explore(6));
        assertEquals(6, exact.depthCompleted());
    }

    @Test
    void aBudgetDoesNotHideAFindingItReaches() {
        Cell c = cell("powerpc64-hash-64k", "powerpc-naive-v1");
        ExploreReport r = new Explorer(c, BOUNDS).withStateBudget(10_000).explore(10);
        assertEquals(4, r.finding().get().shrunk().size());
        assertFalse(r.cutByStateBudget());
    }

    @Test
    void theTimeBudgetStopsItAndIsMarked() {
        ExploreReport r = new Explorer(cell("x86_64", "generic-v6.6"), BOUNDS)
                .withTimeBudget(Duration.ofNanos(1)).explore(8);
        assertTrue(r.cutByTimeBudget(), r.summary());
        assertFalse(r.cutByStateBudget());
        assertTrue(r.depthCompleted() < 8);
        assertTrue(r.summary().contains("time budget"));
    }

    // -------------------------------------------------------- the rest

    @Test
    void theSameInputGivesAnEqualReport() {
        Cell naive = cell("powerpc64-hash-64k", "powerpc-naive-v1");
        assertEquals(explore(naive, 6), explore(naive, 6));
        Cell generic = cell("x86_64", "generic-v6.6");
        assertEquals(explore(generic, 5), explore(generic, 5));
        Explorer budgeted = new Explorer(generic, BOUNDS).withStateBudget(500);
        assertEquals(budgeted.explore(6), budgeted.explore(6));
    }

    @Test
    void boundsLimitTheOperationsExplored() {
        // Without freeDeferred the naive scheme never queues an rcu_head twice.
        Bounds noDefer = BOUNDS.withKinds(BOUNDS.kinds().remove(OpKind.FREE_DEFERRED));
        ExploreReport r = new Explorer(cell("powerpc64-hash-64k", "powerpc-naive-v1"), noDefer).explore(5);
        assertTrue(r.passed(), r.summary());
        assertEquals(5, r.depthCompleted());
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        Cell c = cell("x86_64", "generic-v6.6");
        Explorer e = new Explorer(c, BOUNDS);
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class, () -> e.explore(-1));
        assertTrue(depth.getMessage().contains("depth must be between 1 and 1000, was -1"), depth.getMessage());
        // Depth 0 ran only the boot state's teardown and said "clean to depth 0": a proof of nothing.
        assertEquals("depth must be 1 or more: depth 0 explores no operation, only the teardown of the boot state;"
                + " give the number of operations per sequence, e.g. 5",
                assertThrows(IllegalArgumentException.class, () -> e.explore(0)).getMessage());
        assertEquals("depth must be 1 or more: depth 0 explores no operation, only the teardown of the boot state;"
                + " give the number of operations per sequence, e.g. 5", assertThrows(IllegalArgumentException.class,
                () -> new io.github.ptcheck.sched.ScheduleExplorer(c, BOUNDS, 1).explore(0)).getMessage());
        IllegalArgumentException cell = assertThrows(IllegalArgumentException.class,
                () -> new Explorer(null, BOUNDS));
        assertTrue(cell.getMessage().contains("cell must not be null"), cell.getMessage());
        IllegalArgumentException bounds = assertThrows(IllegalArgumentException.class,
                () -> new Explorer(c, null));
        assertTrue(bounds.getMessage().contains("bounds must not be null"), bounds.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> e.withStateBudget(0));
        assertTrue(zero.getMessage().contains("state budget must be between 1"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.withStateBudget(-5));
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
                () -> e.withTimeBudget(Duration.ZERO));
        assertTrue(time.getMessage().contains("time budget must be a positive duration"), time.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.withTimeBudget(null));
    }
}
