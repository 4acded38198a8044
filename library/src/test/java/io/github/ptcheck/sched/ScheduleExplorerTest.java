package io.github.ptcheck.sched;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.RunAgain;
import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.powerpc.ReadThenDecrement;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import io.github.ptcheck.strategy.s390.PageTableFreeVariant;
import io.vavr.collection.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exhaustive mode with interleavings: each race of issue 10 is found with a shortest sequence and
 * its schedule; every merged strategy is clean at the default interleaving bounds.
 */
class ScheduleExplorerTest {

    /** The default bounds of exhaustive interleaving: 1 reader CPU, 2 mms, 4 tables, depth 4, 2 preemptions. */
    static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(1).withMms(2).withMaxTables(4);
    static final int DEPTH = 4;

    private static Finding found(Preset p, Strategy s, int depth) {
        ScheduleReport r = new ScheduleExplorer(new Cell(p, s), BOUNDS, 1).explore(depth);
        assertTrue(r.finding().isDefined(), r::summary);
        assertEquals(Minimality.SHORTEST, r.finding().get().minimality());
        return r.finding().get();
    }

    @Test
    void theUnlockedCursorHandsOutOneFragmentTwice() {
        Finding f = found(Presets.POWERPC64_HASH_64K, new UnlockedCursor(), 3);
        assertEquals(Invariant.DOUBLE_ALLOC, f.violation().invariant());
        assertEquals(seq(alloc(0), alloc(0), alloc(0)), f.shrunk());
        assertEquals(Schedule.parse("2:0 3 2"), f.schedule());
    }

    @Test
    void readingTheCountBeforeDecrementingLeaks() {
        Finding f = found(Presets.POWERPC64_HASH_64K, new ReadThenDecrement(), 4);
        assertEquals(Invariant.LEAK, f.violation().invariant());
        assertEquals(seq(alloc(0), tlb(0), run(0), exit(0)), f.shrunk());
        assertEquals(Schedule.parse("3:2 4 3"), f.schedule());
    }

    @Test
    void s390ReadThenSetLosesABit() {
        Finding f = found(Presets.S390X, PageTableFreeVariant.readThenSet(), 4);
        assertEquals(Invariant.LEAK, f.violation().invariant());
        assertEquals(seq(alloc(0), alloc(0), free(0), free(1)), f.shrunk());
        assertEquals(1, f.schedule().preemptions());
    }

    @Test
    void s390WithoutThePendingBitReadsAFreedPage() {
        Finding f = found(Presets.S390X, PageTableFreeVariant.noPendingBit(), 4);
        assertEquals(Invariant.USE_AFTER_FREE, f.violation().invariant());
        assertEquals(seq(alloc(0), alloc(0), free(0), free(1)), f.shrunk());
        assertEquals(1, f.schedule().preemptions());
    }

    /**
     * pte_alloc_one throws when it finds a page allocated that is no page table yet: only another
     * CPU preempted inside pte_alloc_one, between alloc_page and the constructor, leaves one.
     */
    static final class ThrowsMidAlloc extends PagePerTable {
        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            if (midAlloc(m)) {
                throw new IllegalStateException("a page is allocated, not yet a page table");
            }
            return super.pteAllocOne(m, mm);
        }

        static boolean midAlloc(Machine m) {
            for (int pfn = m.nextAllocatedPfn(0); pfn >= 0; pfn = m.nextAllocatedPfn(pfn + 1)) {
                if (!m.pageOrNull(pfn).pageTable()) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void aThrowComesWithTheOperationsAndTheScheduleThatMakeItThrowAgain() {
        Cell cell = new Cell(Presets.X86_64, new ThrowsMidAlloc());
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3));
        assertTrue(f.getMessage().startsWith("strategy 'ThrowsMidAlloc' threw in pte_alloc_one at step "), f::getMessage);
        assertEquals("alloc mm0; alloc mm0", f.sequence().getOrNull(), f::getMessage);
        assertEquals("1:1 2 1", f.schedule().getOrNull(), f::getMessage);
        Vector<Op> ops = Counterexample.parse("preset: x86_64\nstrategy: ThrowsMidAlloc\nviolation: none\n"
                + f.sequence().get().replace("; ", "\n") + "\n", "ops").ops();
        StrategyFailure again = assertThrows(StrategyFailure.class, () -> new Interleaver(cell.executor())
                .run(ops, Schedule.parse(f.schedule().get())));
        assertEquals(f.getMessage(), again.getMessage(), "the operations under the schedule throw the same way");
        assertTrue(new Interleaver(cell.executor()).run(ops, Schedule.SEQUENTIAL).violation().isEmpty(),
                "run whole, they do not throw: the schedule is needed");
    }

    /** Ends the looping strategy's abandoned thread after each test. */
    private static volatile boolean released;

    @AfterEach
    void release() {
        released = true;
        RunAgain.release();
    }

    /** {@link ThrowsMidAlloc}, but it loops (parked, taking no core) where that one throws. */
    static final class LoopsMidAlloc extends PagePerTable {
        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            if (ThrowsMidAlloc.midAlloc(m)) {
                released = false;
                while (!released) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            return super.pteAllocOne(m, mm);
        }
    }

    @Test
    void aLoopGivesUpOnTheExplorationAloneWithTheOperationsAndTheScheduleThatReachIt() {
        Cell cell = new Cell(Presets.X86_64, new LoopsMidAlloc());
        StrategyFailure f = Watchdog.run(Duration.ofMillis(200), null, null, () -> assertThrows(StrategyFailure.class,
                () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3)));
        assertTrue(f.getMessage().startsWith("strategy 'LoopsMidAlloc' did not return within 200 ms"), f::getMessage);
        assertTrue(f.getMessage().contains(" in pte_alloc_one at step 2 (alloc mm0)"), f::getMessage);
        assertEquals("alloc mm0; alloc mm0", f.sequence().getOrNull(), f::getMessage);
        assertEquals("1:1 2 1", f.schedule().getOrNull(), f::getMessage);
    }

    /**
     * PagePerTable, but its pte_free_now callback blocks on an interruptible channel of its own
     * ({@link Held}) until its thread is interrupted, and then returns as if nothing happened: a
     * call that returns just as the watchdog gives up on it. The first it runs is in
     * rcu_barrier(), the last call of the teardown of the state after {@code alloc mm0;
     * freeDeferred t0}.
     */
    static final class ReturnsWhenGivenUpOn extends PagePerTable {
        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            released = false;
            new Held().block();
            return super.rcuCallback(m, func, pfn);
        }
    }

    /**
     * A channel a call blocks on. Interrupting a thread blocked on an interruptible channel
     * closes the channel on the interrupting thread, inside {@code Thread.interrupt}: here the
     * watcher, giving up on the call. This one's close lasts until the blocked thread has run on
     * after the call and ended (at its next strategy call, which finds it was given up on), so
     * the watcher goes on only once the search has moved on: the race a call that returns as it
     * is given up on runs, always lost by whatever the watcher reads after its interrupt.
     */
    private static final class Held extends AbstractInterruptibleChannel {
        private final Thread blocked = Thread.currentThread();
        private volatile boolean closed;

        void block() {
            begin();
            while (!closed && !released) {
                LockSupport.parkNanos(1_000_000);
            }
            // No end(): it would wait for the close, which waits for this thread to end.
        }

        @Override
        protected void implCloseChannel() {
            closed = true;
            try {
                // Not when begin() found its own thread interrupted already (it closes it there).
                if (blocked != Thread.currentThread()) {
                    blocked.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Where a call given up on was is read when the watchdog gives up on it, not after: by then a
     * call that returned at that moment has let the search move on to the next operation out of
     * {@code alloc mm0}, whose operations the failure came with ({@code alloc mm0; freeTlb t0}).
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a watcher that never gave up would hang
    void aCallThatReturnsAsItIsGivenUpOnComesWithItsOwnOperations() {
        Cell cell = new Cell(Presets.X86_64, new ReturnsWhenGivenUpOn());
        StrategyFailure f = Watchdog.run(Duration.ofMillis(200), null, null, () -> assertThrows(
                StrategyFailure.class, () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3)));
        assertTrue(f.getMessage().startsWith("strategy 'ReturnsWhenGivenUpOn' did not return within 200 ms"),
                f::getMessage);
        assertTrue(f.getMessage().contains(" in pte_free_now at step 4 (rcuBarrier)"), f::getMessage);
        assertEquals("alloc mm0; freeDeferred t0", f.sequence().getOrNull(), f::getMessage);
        assertEquals(Option.none(), f.schedule(), f::getMessage);
    }

    /**
     * Queues the rcu_head of a page allocated that is no page table yet twice (RCU_HEAD_REUSE)
     * when it finds one, as {@link ThrowsMidAlloc} throws there (only under a preemption); but
     * from the second time on, which only the finding's traced run makes, it misbehaves, or
     * ({@link RunAgain#PASSES}) allocates as it should.
     */
    static class ViolatesMidAlloc extends PagePerTable {
        private final RunAgain then;

        ViolatesMidAlloc(RunAgain then) {
            this.then = then;
        }

        @Override
        public String name() {
            return then.named("violates-mid-alloc");
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            int pfn = m.nextAllocatedPfn(0);
            while (pfn >= 0 && m.pageOrNull(pfn).pageTable()) {
                pfn = m.nextAllocatedPfn(pfn + 1);
            }
            if (pfn < 0) {
                return super.pteAllocOne(m, mm);
            }
            if (!violatesOn(m)) {
                return super.pteAllocOne(m, mm);
            }
            int mid = pfn;
            return m.callRcu(mid, PTE_FREE_NOW).flatMap(m1 -> m1.callRcu(mid, PTE_FREE_NOW))
                    .flatMap(m2 -> super.pteAllocOne(m2, mm));
        }

        /** Whether it breaks the invariant on {@code m}, where it found a page mid-allocation. */
        boolean violatesOn(Machine m) {
            return then.first();
        }
    }

    /** {@link ViolatesMidAlloc} on every call, but only when the machine is not tracing. */
    static final class ViolatesMidAllocUntraced extends ViolatesMidAlloc {
        ViolatesMidAllocUntraced() {
            super(RunAgain.PASSES);
        }

        @Override
        public String name() {
            return "violates-mid-alloc-untraced";
        }

        @Override
        boolean violatesOn(Machine m) {
            return !m.tracing();
        }
    }

    /**
     * A strategy that throws only when the search runs the violating operations again, traced,
     * for the finding: the failure carries them and their schedule, as one in the search's runs.
     */
    @Test
    void aThrowWhileTheFindingIsTracedComesWithTheOperationsAndTheSchedule() {
        RunAgain.reset();
        Cell cell = new Cell(Presets.X86_64, new ViolatesMidAlloc(RunAgain.THROWS));
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3));
        assertTrue(f.getMessage().startsWith("strategy 'violates-mid-alloc-then-throws' threw in pte_alloc_one"
                + " at step 2"), f::getMessage);
        assertEquals("alloc mm0; alloc mm0", f.sequence().getOrNull(), f::getMessage);
        assertEquals("1:1 2 1", f.schedule().getOrNull(), f::getMessage);
    }

    @Test
    void aLoopWhileTheFindingIsTracedComesWithTheOperationsAndTheSchedule() {
        RunAgain.reset();
        Cell cell = new Cell(Presets.X86_64, new ViolatesMidAlloc(RunAgain.LOOPS));
        StrategyFailure f = Watchdog.run(Duration.ofMillis(200), null, null, () -> assertThrows(StrategyFailure.class,
                () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3)));
        assertTrue(f.getMessage().startsWith("strategy 'violates-mid-alloc-then-loops' did not return within"
                + " 200 ms"), f::getMessage);
        assertTrue(f.getMessage().contains(" in pte_alloc_one at step 2 (alloc mm0)"), f::getMessage);
        assertEquals("alloc mm0; alloc mm0", f.sequence().getOrNull(), f::getMessage);
        assertEquals("1:1 2 1", f.schedule().getOrNull(), f::getMessage);
    }

    /**
     * A strategy that breaks an invariant on the search's run only: the finding's traced run, and
     * the runs again from the boot state, pass. Not a verdict, nor a bare IllegalStateException:
     * the explorer's "not deterministic" failure, with the operations and their schedule.
     */
    @Test
    void aViolationTheTracedRunDoesNotMakeAgainIsNotDeterministic() {
        RunAgain.reset();
        Cell cell = new Cell(Presets.X86_64, new ViolatesMidAlloc(RunAgain.PASSES));
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3));
        assertEquals("strategy 'violates-mid-alloc-then-passes' is not deterministic: the same sequence gave two"
                + " different results (RCU_HEAD_REUSE at step 2 when the interleaving search reached it, then passed"
                + " when run again from the boot state) for alloc mm0, alloc mm0 under the schedule 1:1 2 1. Fix the"
                + " strategy: every method must be a function of the machine it is given (no static counter, no random"
                + " number, no clock, no state kept in the strategy object); state lives in the Machine.",
                f.getMessage());
        assertEquals("violates-mid-alloc-then-passes", f.strategy());
        // No operations to run: one run of them passes; the exploration again fails as this one did.
        assertEquals(0, f.step(), f::getMessage);
        assertEquals(Option.none(), f.sequence(), f::getMessage);
        assertEquals(Option.none(), f.schedule(), f::getMessage);
    }

    /** Untraced, the operations break it again: the traced run is the one that acts otherwise. */
    @Test
    void aViolationOnlyUntracedRunsMakeIsNotDeterministic() {
        Cell cell = new Cell(Presets.X86_64, new ViolatesMidAllocUntraced());
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3));
        assertEquals("strategy 'violates-mid-alloc-untraced' is not deterministic: the same sequence gave two"
                + " different results (RCU_HEAD_REUSE at step 2, then passed when traced) for alloc mm0, alloc mm0"
                + " under the schedule 1:1 2 1. Fix the strategy: every method must be a function of the machine it"
                + " is given (no static counter, no random number, no clock, no state kept in the strategy object);"
                + " state lives in the Machine.", f.getMessage());
    }

    /**
     * {@link PagePerTable} whose {@code pte_free_defer()} names the other RCU callback each time
     * it is called: state kept in the strategy object.
     */
    static final class AlternatingCallback extends PagePerTable {
        private int calls;

        @Override
        public String name() {
            return "alternating-callback";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return m.callRcu(t.pfn(), calls++ % 2 == 0 ? PTE_FREE_NOW : "pte_free_later");
        }

        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return super.rcuCallback(m, PTE_FREE_NOW, pfn);
        }
    }

    /**
     * A routine the search paused and resumes by running it again makes another call: "not
     * deterministic", with the operations and their schedule in the message only. Not a
     * sequence and schedule to run: one run of them need not make the routine act otherwise
     * (here a run that pauses no routine passes), so the front ends' reproduce line is the
     * exploration again, as for a finding that passes when run again.
     */
    @Test
    void aRoutineResumedAnotherWayIsNotDeterministicWithNoOperationsToRun() {
        Cell cell = new Cell(Presets.X86_64, new AlternatingCallback());
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new ScheduleExplorer(cell, BOUNDS, 1).explore(3));
        assertEquals("strategy 'alternating-callback' is not deterministic: the same sequence gave two different"
                + " results (kernel call 3 of step 2, the first that differs, was call_rcu(page 0 rcu_head, pte_free_now)"
                + " when it first ran, then call_rcu(page 0 rcu_head, pte_free_later) when it was run again from the"
                + " machine it started on, to resume it) for step 2 (freeDeferred t0) of freeDeferred t0, exitMm mm0"
                + " under the schedule 1:3 2 1. Fix the strategy: every method must be a function of the machine it is"
                + " given (no static counter, no random number, no clock, no state kept in the strategy object); state"
                + " lives in the Machine. (the interleaving search met it after alloc mm0; freeDeferred t0; exitMm mm0"
                + " under the schedule 2:3 3 2.)", f.getMessage());
        assertEquals(0, f.step(), f::getMessage);
        assertEquals(Option.none(), f.sequence(), f::getMessage);
        assertEquals(Option.none(), f.schedule(), f::getMessage);
    }

    /** Cells whose sequential verdict is a finding are pinned by MergedStrategiesExploreTest; the rest pass here. */
    @TestFactory
    List<DynamicTest> mergedStrategiesAreCleanWithInterleavings() {
        List<String> merged = List.of("generic-v6.6", "sparc64-v6.6", "powerpc-refcount-v2", "s390-hh-v2-intended",
                "s390-pageactive-v6.6", "s390-fullpage-v6.7", "x86-v6.14");
        return merged.map(Strategies::named).flatMap(s -> Presets.all().filter(s::serves).map(p -> new Cell(p, s)))
                .appendAll(List.of(Presets.POWERPC64_4K).map(p -> new Cell(p, Strategies.named("powerpc-pageactive-v6.6"))))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ScheduleReport r = new ScheduleExplorer(c, BOUNDS, 2).explore(DEPTH);
                    assertTrue(r.passed(), r::summary);
                    assertEquals(DEPTH, r.depthCompleted(), r::summary);
                    assertTrue(r.schedules() > 1000, r::summary);
                }));
    }
}
