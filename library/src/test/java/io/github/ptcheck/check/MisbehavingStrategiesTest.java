package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.gen.Walk;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strategies that misbehave where the model's loop guard cannot see it (a plain Java loop, a
 * call that takes more heap than there is, a result that changes between runs of one sequence,
 * a throwing {@code serves()}) end the check with a {@link StrategyFailure} that names the
 * strategy and where it was: never a hang, a bare OutOfMemoryError or an internal exception.
 */
class MisbehavingStrategiesTest {

    /** Short, so that each test of a hang takes a fraction of a second. */
    static final Duration CALL_TIMEOUT = Duration.ofMillis(200);

    /**
     * Ends the spinning strategies' abandoned threads after each test: they spin in a plain loop
     * (no interrupt check, no primitive), which ptcheck gives up on and leaves running; a test
     * run should not keep a core busy with them.
     */
    static volatile boolean released;

    @AfterEach
    void release() {
        released = true;
    }

    static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "'" + p + "' missing from: " + message);
        }
    }

    static void spin() {
        released = false;
        while (!released) {
            Thread.onSpinWait();
        }
    }

    /**
     * pte_free_defer spins in a plain loop: no primitive is called, so only the watchdog sees it.
     * (It makes a Cell first, whose name() call is watched too and ends before the loop.)
     */
    static final class SpinsInDefer extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            new Cell(m.preset(), this);
            spin();
            return super.pteFreeDefer(m, t);
        }
    }

    @Test
    void aPlainLoopInARoutineEndsTheCheckNamingStrategyRoutineStepAndOperation() {
        CheckConfig config = CheckConfig.defaults().withCallTimeout(CALL_TIMEOUT);
        StrategyFailure f = assertThrows(StrategyFailure.class,
                () -> new Runner(config).check(X86_64, new SpinsInDefer()));
        assertContains(f.getMessage(), "strategy 'SpinsInDefer' did not return within 200 ms (the call timeout; ptcheck"
                + " gave up on it and left its thread running until the JVM exits) in pte_free_defer at step ",
                " (freeDeferred t");
        assertTrue(f.step() >= 2, f::getMessage);
        // Given up on from outside the try, it still says which try, and the operations up to the one that hung.
        assertTrue(f.tryIndex() >= 0, f::getMessage);
        assertEquals(f.step(), f.sequence().get().split("; ").length, f.sequence()::toString);
        assertTrue(f.sequence().get().matches(".*; freeDeferred t\\d+"), f.sequence()::toString);
    }

    @Test
    void aThrowSaysItsTryAndTheOperationsUpToItWhichThrowAgain() {
        StrategyFailure f = assertThrows(StrategyFailure.class,
                () -> new Runner(CheckConfig.defaults()).check(X86_64, new MalformedInputTest.ThrowsInDefer()));
        String ops = f.sequence().get();
        assertEquals(f.step(), ops.split("; ").length, ops);
        assertTrue(ops.endsWith("; freeDeferred t" + ops.substring(ops.lastIndexOf(" t") + 2)), ops);
        Walk w = Sequences.of(X86_64, new MalformedInputTest.ThrowsInDefer()).walk(0, f.tryIndex());
        for (int i = 1; i < f.step(); i++) {
            w.step();
        }
        assertEquals(w.ops().mkString("; "), ops.substring(0, ops.lastIndexOf("; ")), "the try's own operations");
        Vector<Op> parsed = Counterexample.parse("preset: x86_64\nstrategy: ThrowsInDefer\nviolation: none\n"
                + ops.replace("; ", "\n") + "\n", "ops").ops();
        StrategyFailure again = assertThrows(StrategyFailure.class, () -> new Executor(X86_64, new MalformedInputTest.ThrowsInDefer())
                .run(parsed));
        assertEquals(f.step(), again.step(), "running the operations makes it throw at the same step");
    }

    @Test
    void aThrowInTheExplorerComesWithTheOperationsThatMakeItThrowAgainOnOneThreadOrTwo() {
        for (int workers : new int[]{1, 2}) {
            StrategyFailure f = assertThrows(StrategyFailure.class, () -> new Explorer(
                    new Cell(X86_64, new MalformedInputTest.ThrowsInDefer()), Bounds.DEFAULT).withWorkers(workers)
                    .explore(4));
            assertEquals("alloc mm0; freeDeferred t0", f.sequence().getOrNull(), "the first throw in breadth-first order");
            assertEquals(-1, f.tryIndex(), "no try: an exhaustive search");
            StrategyFailure again = assertThrows(StrategyFailure.class,
                    () -> new Executor(X86_64, new MalformedInputTest.ThrowsInDefer()).run(seq(alloc(0), defer(0))));
            assertEquals(f.step(), again.step());
        }
    }

    /** serves() that spins until interrupted, then says no: the interrupt alone would let its thread go on. */
    static final class SpinsUntilInterrupted extends PagePerTable {
        @Override
        public boolean serves(Preset preset) {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            return false;
        }
    }

    @Test
    void anAbandonedCallIsNamedAsItWasStuckAndItsThreadGoesNoFurther() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean wentOn = new java.util.concurrent.atomic.AtomicBoolean();
        io.github.ptcheck.strategy.Strategy s = new SpinsUntilInterrupted();
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.run(CALL_TIMEOUT, null, null, () -> {
            StrategyMethods.serves(s, X86_64);
            StrategyMethods.serves(s, io.github.ptcheck.arch.Presets.ARM64_4K);
            wentOn.set(true);
            return null;
        }));
        assertContains(f.getMessage(), "in serves(x86_64)");
        Thread.sleep(300);
        assertFalse(wentOn.get(), "the abandoned thread stopped at its next strategy call");
    }

    @Test
    void theExplorerAndTheReplayGiveUpOnALoopToo() {
        Explorer e = new Explorer(new Cell(X86_64, new SpinsInDefer()), Bounds.DEFAULT.withCpus(0).withMms(1))
                .withCallTimeout(CALL_TIMEOUT);
        assertContains(assertThrows(StrategyFailure.class, () -> e.explore(3)).getMessage(),
                "strategy 'SpinsInDefer' did not return within 200 ms", "in pte_free_defer at step 2 (freeDeferred t0)");
        released = true;
        Replay replay = new Replay(Catalog.builtIn().withStrategy(new SpinsInDefer())).withCallTimeout(CALL_TIMEOUT);
        Counterexample c = Counterexample.of(X86_64, "SpinsInDefer", seq(alloc(0), alloc(0), defer(1)));
        assertContains(assertThrows(StrategyFailure.class, () -> replay.replay(c)).getMessage(),
                "did not return within 200 ms", "in pte_free_defer at step 3 (freeDeferred t1)");
    }

    /** serves() spins: the methods outside an operation are watched as the routines are. */
    @Test
    void aLoopInsideANestedWatchedTaskGivesUpOnThatTaskOnlyAndTheEnclosingOneGoesOn() {
        // As the command line runs a whole command on one worker and checks cell after cell inside it.
        String done = Watchdog.run(Duration.ofSeconds(60), null, null, () -> {
            Thread outer = Thread.currentThread();
            assertTrue(outer instanceof Watchdog.Worker, "the enclosing task runs on a worker");
            StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.runApart(CALL_TIMEOUT, null, null,
                    () -> StrategyMethods.watched("Looper", "serves(x86_64)", () -> {
                        spin();
                        return null;
                    })));
            assertContains(f.getMessage(), "strategy 'Looper' did not return within 200 ms", "serves(x86_64)");
            released = true;
            assertEquals("fine", Watchdog.runApart(null, null, null, () -> "fine"), "the next task runs");
            // A cell's check and exploration are such tasks: the loop ends that cell, with its try and operations.
            CheckConfig config = CheckConfig.defaults().withCallTimeout(CALL_TIMEOUT);
            StrategyFailure cell = assertThrows(StrategyFailure.class,
                    () -> new Runner(config).check(X86_64, new SpinsInDefer()));
            assertTrue(cell.tryIndex() >= 0, cell::getMessage);
            assertTrue(cell.sequence().get().matches(".*; freeDeferred t\\d+"), cell.sequence()::toString);
            released = true;
            for (int workers : new int[]{1, 2}) {
                Explorer e = new Explorer(new Cell(X86_64, new SpinsInDefer()), Bounds.DEFAULT.withCpus(0).withMms(1))
                        .withCallTimeout(CALL_TIMEOUT).withWorkers(workers);
                StrategyFailure explored = assertThrows(StrategyFailure.class, () -> e.explore(3));
                assertContains(explored.getMessage(), "did not return within 200 ms",
                        "in pte_free_defer at step 2 (freeDeferred t0)");
                released = true;
                if (workers == 1) {
                    // Given up on from outside the search, it still says the operations that make it loop.
                    assertEquals("alloc mm0; freeDeferred t0", explored.sequence().getOrNull());
                    assertEquals(-1, explored.tryIndex());
                }
            }
            assertTrue(new Runner(config.withTries(5)).check(X86_64, new PagePerTable()).passed());
            assertTrue(Thread.currentThread() == outer && !((Watchdog.Worker) outer).abandoned(),
                    "the enclosing worker was not given up on");
            return "went on";
        });
        assertEquals("went on", done);
    }

    @Test
    void aLoopInATaskRunInlineOnAWorkerStillGivesUpOnTheEnclosingTask() {
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.run(Duration.ofSeconds(60), null, null,
                () -> Watchdog.run(CALL_TIMEOUT, null, null, () -> StrategyMethods.watched("Looper", "serves(x86_64)",
                        () -> {
                            spin();
                            return null;
                        }))));
        assertContains(f.getMessage(), "strategy 'Looper' did not return within 200 ms");
    }

    static final class SpinsInServes extends PagePerTable {
        @Override
        public boolean serves(Preset preset) {
            spin();
            return true;
        }
    }

    @Test
    void aLoopInServesIsCaughtAndNamedByItsMethod() {
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.run(CALL_TIMEOUT, null, null,
                () -> StrategyMethods.serves(new SpinsInServes(), X86_64)));
        assertContains(f.getMessage(), "strategy 'SpinsInServes' did not return within 200 ms", "in serves(x86_64).");
        assertEquals(0, f.step());
    }

    /**
     * Every routine sleeps 300 ms: slow, never stuck, and interruptible (so its thread ends when
     * given up on). One table makes four calls (alloc, exit_mmap, pte_free_tlb, the batch's
     * free), 1.2 s, more than the check's time limit below.
     */
    static final class Slow extends PagePerTable {
        private static <T> T slowly(T result) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return result;
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return slowly(super.pteAllocOne(m, mm));
        }

        @Override
        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return slowly(super.pteFree(m, t));
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return slowly(super.pteFreeDefer(m, t));
        }

        @Override
        public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
            return slowly(super.pteFreeTlb(m, t));
        }

        @Override
        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
            return slowly(super.tlbRemoveTableFree(m, t));
        }

        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return slowly(super.rcuCallback(m, func, pfn));
        }

        @Override
        public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
            return slowly(super.archExitMmap(m, mm));
        }
    }

    @Test
    void withATimeBudgetASlowStrategyCannotKeepTheCheckRunningPastItsLimit() {
        // Each call returns well within the call timeout, so only the time limit of the whole
        // check (time budget + shrink limit + call timeout) can end it.
        CheckConfig config = CheckConfig.defaults().withCallTimeout(Duration.ofSeconds(1))
                .withTimeBudget(Duration.ofMillis(100)).withShrinkTimeLimit(Duration.ZERO);
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new Runner(config).check(X86_64, new Slow()));
        assertContains(f.getMessage(), "strategy 'Slow' was still running when the time limit of the check of"
                + " Slow@x86_64, 1100 ms (timeBudget 100 ms + shrinkTimeLimit 0 s + callTimeout 1 s) ran out");
    }

    /** pte_free_defer asks for more heap than any test JVM has, at once (so nothing else runs short). */
    static final class HogsTheHeap extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            long[] hog = new long[Integer.MAX_VALUE - 16];
            return hog.length == 0 ? Either.right(m) : super.pteFreeDefer(m, t);
        }
    }

    @Test
    void anOutOfMemoryErrorInACallIsReportedWithTheStrategyNamed() {
        StrategyFailure f = assertThrows(StrategyFailure.class,
                () -> new Executor(X86_64, new HogsTheHeap()).run(seq(alloc(0), defer(0))));
        assertContains(f.getMessage(), "strategy 'HogsTheHeap' ran out of memory (", "the heap is ",
                "in pte_free_defer at step 2 (freeDeferred t0)");
    }

    @Test
    void aHeapRunOutBetweenCallsNamesTheLastStrategyCalled() {
        // A strategy that keeps what it allocates runs the heap out wherever the next allocation
        // happens to be; this stands in for it without filling the test JVM's heap.
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.run(CALL_TIMEOUT, null, null, () -> {
            Watchdog.exit(Watchdog.enter("keeps-everything", "pte_free_defer", 3, defer(1)));
            throw new OutOfMemoryError("Java heap space");
        }));
        assertContains(f.getMessage(), "strategy 'keeps-everything' was the last strategy called when the heap ran out"
                + " (Java heap space; the heap is ", "in pte_free_defer at step 3 (freeDeferred t1)");
        assertTrue(f.getCause() instanceof OutOfMemoryError, f::getMessage);
    }

    /**
     * Breaks RCU_HEAD_REUSE (two call_rcu on one page) on the first pte_free_defer it is ever
     * asked for, and never again: state kept in the strategy object.
     */
    static final class FirstCallOnly extends PagePerTable {
        private int calls;

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Either<Violation, Machine> once = super.pteFreeDefer(m, t);
            return calls++ == 0 ? once.flatMap(m1 -> m1.callRcu(t.pfn(), PTE_FREE_NOW)) : once;
        }
    }

    @Test
    void aStrategyWithStateIsDiagnosedAsNotDeterministicWithTheSequenceAndBothResults() {
        StrategyFailure f = assertThrows(StrategyFailure.class,
                () -> new Runner(CheckConfig.defaults()).check(X86_64, new FirstCallOnly()));
        assertContains(f.getMessage(), "strategy 'FirstCallOnly' is not deterministic: the same sequence gave two"
                + " different results (RCU_HEAD_REUSE at step ", "no static counter, no random number");
        // The sequence is the try's, up to the first pte_free_defer, where the violation was.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("at step (\\d+), then passed\\) for (.*)\\."
                + " Fix").matcher(f.getMessage());
        assertTrue(m.find(), f::getMessage);
        String[] ops = m.group(2).split(", ");
        assertEquals(Integer.parseInt(m.group(1)), ops.length, f::getMessage);
        assertTrue(ops[ops.length - 1].startsWith("freeDeferred t"), f::getMessage);
        assertEquals(1, java.util.Arrays.stream(ops).filter(op -> op.startsWith("freeDeferred")).count(), f::getMessage);
    }

    /** The explorer and the shrinker say so too, where the run again from the boot state passes. */
    @Test
    void aStrategyWithStateIsNotDeterministicInTheExplorerAndTheShrinkerToo() {
        StrategyFailure e = assertThrows(StrategyFailure.class, () -> new Explorer(new Cell(X86_64,
                new FirstCallOnly()), Bounds.DEFAULT.withCpus(0).withMms(1)).explore(3));
        assertContains(e.getMessage(), "strategy 'FirstCallOnly' is not deterministic: the same sequence gave two"
                + " different results (a violation when the explorer reached it, then passed when run again from the"
                + " boot state) for alloc mm0, freeDeferred t0");
        FirstCallOnly spent = new FirstCallOnly();
        Executor executor = new Executor(X86_64, spent);
        io.vavr.collection.Vector<io.github.ptcheck.op.Op> ops = seq(alloc(0), defer(0));
        assertEquals(io.github.ptcheck.invariant.Invariant.RCU_HEAD_REUSE, executor.run(ops).violation().get().invariant());
        StrategyFailure s = assertThrows(StrategyFailure.class, () -> new io.github.ptcheck.shrink.Shrinker(executor,
                java.time.Duration.ofSeconds(5)).shrink(ops, io.github.ptcheck.invariant.Invariant.RCU_HEAD_REUSE));
        assertContains(s.getMessage(), "strategy 'FirstCallOnly' is not deterministic", "(RCU_HEAD_REUSE before it"
                + " was shrunk, then passed when the shrinker ran it) for alloc mm0, freeDeferred t0");
    }

    /** Breaks RCU_HEAD_REUSE only when not tracing: the traced run of its counterexample passes. */
    static final class OnlyUntraced extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Either<Violation, Machine> once = super.pteFreeDefer(m, t);
            return m.tracing() ? once : once.flatMap(m1 -> m1.callRcu(t.pfn(), PTE_FREE_NOW));
        }
    }

    @Test
    void aStrategyThatActsOtherwiseWhenTracedIsDiagnosedNotLeftToANoSuchElementException() {
        StrategyFailure f = assertThrows(StrategyFailure.class,
                () -> new Runner(CheckConfig.defaults()).check(X86_64, new OnlyUntraced()));
        assertContains(f.getMessage(), "strategy 'OnlyUntraced' is not deterministic", "(RCU_HEAD_REUSE at step 2,"
                + " then passed when traced) for alloc mm0, freeDeferred t0");
        StrategyFailure e = assertThrows(StrategyFailure.class, () -> new Explorer(new Cell(X86_64, new OnlyUntraced()),
                Bounds.DEFAULT.withCpus(0).withMms(1)).explore(3));
        assertContains(e.getMessage(), "strategy 'OnlyUntraced' is not deterministic", "(RCU_HEAD_REUSE at step 2,"
                + " then passed when traced) for alloc mm0, freeDeferred t0");
    }

    /** Breaks RCU_HEAD_REUSE (two call_rcu of one head), and spins when traced: only the shrink's traced run loops. */
    static final class SpinsWhenTraced extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            if (m.tracing()) {
                spin();
            }
            return super.pteFreeDefer(m, t).flatMap(m1 -> m1.callRcu(t.pfn(), PTE_FREE_NOW));
        }
    }

    /**
     * A loop while shrinking (here the traced run of the shrunk sequence) names the try, and the
     * operations it looped on, which loop again when traced (as {@code ptcheck run} does).
     */
    @Test
    void aLoopWhileShrinkingGivesItsTryAndTheOperationsThatLoopAgain() {
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new Runner(CheckConfig.defaults()
                .withCallTimeout(CALL_TIMEOUT)).check(X86_64, new SpinsWhenTraced()));
        assertContains(f.getMessage(), "strategy 'SpinsWhenTraced' did not return within 200 ms",
                " in pte_free_defer at step 2 (freeDeferred t0)");
        assertTrue(f.tryIndex() >= 0, f::getMessage);
        assertEquals("alloc mm0; freeDeferred t0", f.sequence().getOrNull(), "the shrunk operations, up to the loop");
        StrategyFailure again = assertThrows(StrategyFailure.class, () -> Watchdog.run(CALL_TIMEOUT, null, null,
                () -> new Executor(X86_64, new SpinsWhenTraced()).trace(seq(alloc(0), defer(0)))));
        assertEquals(2, again.step(), again::getMessage);
    }

    /** Every method outside the routines throws. */
    static final class ThrowsEverywhere extends PagePerTable {
        @Override
        public String source() {
            throw new UnsupportedOperationException("no source");
        }

        @Override
        public boolean serves(Preset preset) {
            throw new IllegalStateException("serves what?");
        }

        @Override
        public String describe(Page page) {
            throw new ArithmeticException("describe " + page.pfn());
        }
    }

    /** name() itself throws: the strategy can only be named by its class. */
    static final class Nameless extends PagePerTable {
        @Override
        public String name() {
            throw new IllegalStateException("no name yet");
        }
    }

    @Test
    void everyStrategyMethodThatThrowsIsWrappedWithTheStrategysName() {
        ThrowsEverywhere s = new ThrowsEverywhere();
        assertContains(assertThrows(StrategyFailure.class, () -> StrategyMethods.serves(s, X86_64)).getMessage(),
                "strategy 'ThrowsEverywhere' threw in serves(x86_64): java.lang.IllegalStateException: serves what?");
        assertContains(assertThrows(StrategyFailure.class, () -> StrategyMethods.source(s)).getMessage(),
                "strategy 'ThrowsEverywhere' threw in source(): java.lang.UnsupportedOperationException: no source");
        Outcome o = new Executor(X86_64, s).trace(seq(alloc(0)));
        assertContains(assertThrows(StrategyFailure.class, () -> new TextTrace(s).render(o)).getMessage(),
                "strategy 'ThrowsEverywhere' threw in describe(page 0): java.lang.ArithmeticException: describe 0");
        String nameless = MisbehavingStrategiesTest.class.getName() + "$Nameless";
        assertContains(assertThrows(StrategyFailure.class, () -> new Cell(X86_64, new Nameless())).getMessage(),
                "strategy '" + nameless + "' threw in name(): java.lang.IllegalStateException: no name yet");
        assertContains(assertThrows(StrategyFailure.class, () -> new Executor(X86_64, new Nameless())).getMessage(),
                "strategy '" + nameless + "' threw in name()");
    }
}
