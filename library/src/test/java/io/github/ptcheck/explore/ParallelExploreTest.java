package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.lang.reflect.Proxy;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search on several threads (two, three and four here) reports exactly what the search on
 * one does: the same counts per depth, states, transitions and verdict, and the same
 * counterexample, on every built-in cell, across many small batches, at every state budget, and
 * the same error when a strategy throws.
 */
class ParallelExploreTest {

    static final Bounds BOUNDS = Bounds.DEFAULT.withMaxTables(4);

    private static ExploreReport explore(Cell cell, Bounds bounds, int depth, int workers) {
        return new Explorer(cell, bounds).withWorkers(workers).explore(depth);
    }

    /** The search on {@code workers} threads with {@code batch} states per thread in a batch. */
    private static ExploreReport batched(Explorer e, int depth, int workers, int batch) {
        return new ParallelSearch(e.withWorkers(workers), depth, workers, batch).run();
    }

    private static void assertSameReport(ExploreReport expected, ExploreReport actual, String what) {
        assertEquals(expected.summary() + " " + expected.statesPerDepth(), actual.summary() + " "
                + actual.statesPerDepth(), what);
        assertEquals(expected.finding().map(f -> f.shrunk()), actual.finding().map(f -> f.shrunk()), what);
        assertEquals(expected, actual, what);
    }

    @TestFactory
    List<DynamicTest> everyBuiltInCellGivesTheSameReportOnOneAndThreeThreads() {
        return Strategies.all().flatMap(s -> Presets.all().filter(s::serves).map(p -> new Cell(p, s)))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> assertSameReport(explore(c, BOUNDS, 4, 1),
                        explore(c, BOUNDS, 4, 3), c.name() + " on 3 threads")));
    }

    @Test
    void manySmallBatchesGiveTheSameReportAsOneThread() {
        for (String name : List.of("generic-v6.6@x86_64", "s390-hh-v2@s390x", "powerpc-naive-v1@powerpc64-hash-64k",
                "x86-v6.14-semi-rcu@x86_64", "s390-pageactive-v6.6@s390x")) {
            int at = name.indexOf('@');
            Cell c = new Cell(Presets.named(name.substring(at + 1)), Strategies.named(name.substring(0, at)));
            Explorer e = new Explorer(c, BOUNDS);
            ExploreReport one = e.withWorkers(1).explore(5);
            for (int workers : new int[] {2, 4}) {
                for (int batch : new int[] {1, 17}) {
                    assertSameReport(one, batched(e, 5, workers, batch), name + ", " + workers + " threads, batches of "
                            + batch + " states a thread");
                }
            }
        }
    }

    @Test
    void aStateBudgetStopsEveryThreadCountAtTheSameState() {
        Cell c = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));
        for (long budget : new long[] {1, 2, 7, 50, 333, 1_000, 2_500}) {
            Explorer e = new Explorer(c, BOUNDS).withStateBudget(budget);
            ExploreReport one = e.withWorkers(1).explore(6);
            assertTrue(one.cutByStateBudget() && one.statesVisited() == budget, one::summary);
            assertSameReport(one, e.withWorkers(2).explore(6), "budget " + budget);
            assertSameReport(one, batched(e, 6, 3, 5), "budget " + budget + ", small batches");
        }
    }

    @Test
    void theTimeBudgetStopsEveryThread() {
        ExploreReport r = new Explorer(new Cell(Presets.X86_64, Strategies.named("generic-v6.6")), Bounds.DEFAULT)
                .withTimeBudget(Duration.ofNanos(1)).withWorkers(2).explore(8);
        assertTrue(r.cutByTimeBudget(), r::summary);
        assertTrue(r.depthCompleted() < 8, r::summary);
    }

    /** Ends the spinning strategy's abandoned threads after the test. */
    private static volatile boolean released;

    @AfterEach
    void release() {
        released = true;
    }

    /**
     * A plain loop in pte_free_defer once three tables exist, on the crew's thread only (not the
     * caller's, which the explorer's own watchdog watches): the caller catches it, the
     * exploration ends naming the call, and does not hang.
     */
    @Test
    void aCallStuckOnACrewThreadEndsTheExplorationNamingIt() {
        Strategy generic = Strategies.named("generic-v6.6");
        Strategy spins = (Strategy) Proxy.newProxyInstance(Strategy.class.getClassLoader(),
                new Class<?>[] {Strategy.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return "spins-on-third";
                    }
                    if (method.getName().equals("pteFreeDefer") && ((Machine) args[0]).tableCount() >= 3
                            && Thread.currentThread().getClass().getSimpleName().equals("Helper")) {
                        released = false;
                        while (!released) {
                            Thread.onSpinWait();
                        }
                    }
                    try {
                        return method.invoke(generic, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Explorer e = new Explorer(new Cell(Presets.X86_64, spins), Bounds.DEFAULT).withWorkers(2)
                .withCallTimeout(Duration.ofMillis(200));
        String message = assertThrows(StrategyFailure.class, () -> e.explore(6)).getMessage();
        assertTrue(message.startsWith("strategy 'spins-on-third' did not return within 200 ms"), message);
        assertTrue(message.contains("in pte_free_defer at step "), message);
    }

    /** generic-v6.6, but its pte_free_defer throws once three tables exist. */
    private static Strategy throwsOnThirdTable() {
        return onThirdTable("throws-on-third", t -> {
            throw new IllegalStateException("three tables");
        });
    }

    /**
     * generic-v6.6, but its pte_free_defer loops on a table of mm1 once three tables exist, on
     * whichever thread (parked, so that the threads left looping do not take a core; until the
     * test ends).
     */
    private static Strategy loopsOnThirdTable() {
        return onThirdTable("loops-on-third", t -> {
            if (t.mm() != 1) {
                return;
            }
            released = false;
            while (!released) {
                LockSupport.parkNanos(1_000_000);
            }
        });
    }

    /** generic-v6.6 named {@code name}, but its pte_free_defer runs {@code third} first once three tables exist. */
    private static Strategy onThirdTable(String name, Consumer<Table> third) {
        Strategy generic = Strategies.named("generic-v6.6");
        return (Strategy) Proxy.newProxyInstance(Strategy.class.getClassLoader(), new Class<?>[] {Strategy.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return name;
                    }
                    if (method.getName().equals("pteFreeDefer") && ((Machine) args[0]).tableCount() >= 3) {
                        third.accept((Table) args[1]);
                    }
                    try {
                        return method.invoke(generic, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aStrategyThatThrowsFailsTheSameOperationOnEveryThreadCount() {
        Explorer e = new Explorer(new Cell(Presets.X86_64, throwsOnThirdTable()), BOUNDS);
        String one = assertThrows(StrategyFailure.class, () -> e.withWorkers(1).explore(5)).getMessage();
        assertTrue(one.contains("pte_free_defer") && one.contains("step 4"), one);
        assertEquals(one, assertThrows(StrategyFailure.class, () -> e.withWorkers(2).explore(5)).getMessage());
        assertEquals(one, assertThrows(StrategyFailure.class, () -> batched(e, 5, 3, 2)).getMessage());
    }

    @Test
    void aThrowOnTwoThreadsComesWithTheOperationsTheSequentialSearchGives() {
        Explorer e = new Explorer(new Cell(Presets.X86_64, throwsOnThirdTable()), BOUNDS);
        StrategyFailure two = assertThrows(StrategyFailure.class, () -> e.withWorkers(2).explore(5));
        assertEquals("alloc mm0; alloc mm0; alloc mm0; freeDeferred t0", two.sequence().getOrNull(), two::getMessage);
        assertEquals(two.sequence(), assertThrows(StrategyFailure.class, () -> e.withWorkers(1).explore(5)).sequence());
    }

    /**
     * A loop in pte_free_defer at every state with three tables: the threads get stuck at
     * several of them, and the search reports the first in the sequential search's order, with
     * its operations, as one thread does; whichever thread got stuck first.
     */
    @Test
    void aLoopOnTwoThreadsComesWithTheOperationsTheSequentialSearchGives() {
        Explorer e = new Explorer(new Cell(Presets.X86_64, loopsOnThirdTable()), BOUNDS)
                .withCallTimeout(Duration.ofMillis(200));
        StrategyFailure one = assertThrows(StrategyFailure.class, () -> e.withWorkers(1).explore(5));
        assertTrue(one.getMessage().startsWith("strategy 'loops-on-third' did not return within 200 ms"), one::getMessage);
        assertEquals("alloc mm0; alloc mm0; alloc mm1; freeDeferred t2", one.sequence().getOrNull(), one::getMessage);
        for (int workers : new int[] {2, 3}) {
            StrategyFailure f = assertThrows(StrategyFailure.class, () -> e.withWorkers(workers).explore(5));
            assertEquals(one.sequence(), f.sequence(), workers + " threads: " + f.getMessage());
            assertEquals(one.getMessage(), f.getMessage(), workers + " threads");
        }
        StrategyFailure small = assertThrows(StrategyFailure.class, () -> batched(e, 5, 2, 2));
        assertEquals(one.sequence(), small.sequence(), "small batches: " + small.getMessage());
    }

    /**
     * generic-v6.6, but its pte_free_defer waits on a table of mm1 once three tables exist until
     * its thread is interrupted, and then returns as if nothing happened: a call that returns
     * just as the watchdog gives up on it. Its thread then runs on to its next operation before
     * it learns it was given up on.
     */
    private static Strategy returnsWhenGivenUpOn() {
        return onThirdTable("returns-when-given-up-on", t -> {
            if (t.mm() != 1) {
                return;
            }
            released = false;
            while (!released && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(1_000_000);
            }
        });
    }

    /** What one thread reports for {@link #returnsWhenGivenUpOn()}: the call's own operations. */
    private static final String RETURNS_WHEN_GIVEN_UP_ON = "alloc mm0; alloc mm0; alloc mm1; freeDeferred t2";

    /**
     * Where a call given up on was is read when the watchdog gives up on it, not after: by then a
     * call that returned at that moment has let its thread move on (to the next operation, or
     * between operations). On one thread the failure came with the operations of where the search
     * had moved on to, found by running them again unwatched, which then hung in the same call.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // it hung before
    void aCallThatReturnsAsItIsGivenUpOnComesWithItsOwnOperationsOnOneThread() {
        Explorer e = new Explorer(new Cell(Presets.X86_64, returnsWhenGivenUpOn()), BOUNDS)
                .withCallTimeout(Duration.ofMillis(200));
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> e.withWorkers(1).explore(5));
        assertTrue(f.getMessage().startsWith("strategy 'returns-when-given-up-on' did not return within 200 ms"),
                f::getMessage);
        assertEquals(RETURNS_WHEN_GIVEN_UP_ON, f.sequence().getOrNull(), f::getMessage);
    }

    /** The same on several threads, where each thread's place was read once every thread had stopped. */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCallThatReturnsAsItIsGivenUpOnComesWithItsOwnOperationsOnSeveralThreads() {
        Explorer e = new Explorer(new Cell(Presets.X86_64, returnsWhenGivenUpOn()), BOUNDS)
                .withCallTimeout(Duration.ofMillis(200));
        for (int round = 0; round < 3; round++) {
            for (int workers : new int[] {2, 3}) {
                StrategyFailure f = assertThrows(StrategyFailure.class, () -> e.withWorkers(workers).explore(5));
                assertEquals(RETURNS_WHEN_GIVEN_UP_ON, f.sequence().getOrNull(), workers + " threads: " + f.getMessage());
            }
        }
    }

    @Test
    void aTeardownViolationEarlierInTheLevelWinsOverALaterOperationsViolation() {
        // s390-hh-v2 leaks page 0 at the teardown after 4 operations; the same level holds
        // operations that break other invariants later in the search's order.
        Cell c = new Cell(Presets.S390X, Strategies.named("s390-hh-v2"));
        ExploreReport one = explore(c, BOUNDS, 5, 1);
        assertEquals(Invariant.LEAK, one.finding().get().violation().invariant(), one::summary);
        assertEquals(seq(alloc(0), alloc(0), tlb(0), tlb(1)).size(), one.finding().get().shrunk().size());
        for (int batch : new int[] {1, 2, 5}) {
            assertSameReport(one, batched(new Explorer(c, BOUNDS), 5, 2, batch), "batches of " + batch);
        }
    }
}
