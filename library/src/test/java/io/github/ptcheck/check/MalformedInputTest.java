package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to the public API, and strategies that cannot be run, end in an error that names
 * the problem: never a bare stack trace, never a hang.
 */
class MalformedInputTest {

    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private static <T extends Throwable> String message(Class<T> type, Executable e) {
        String msg = assertThrows(type, e).getMessage();
        assertTrue(msg != null && !msg.isBlank(), "an error needs a message");
        return msg;
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "'" + p + "' missing from: " + message);
        }
    }

    // ---------------------------------------------------------------- Executor

    @Test
    void executorNeedsAPreset() {
        assertContains(message(NullPointerException.class, () -> new Executor(null, new PagePerTable())),
                "preset must not be null");
    }

    @Test
    void executorNeedsAStrategy() {
        assertContains(message(NullPointerException.class, () -> new Executor(X86_64, null)),
                "strategy must not be null");
    }

    @Test
    void runAndTraceNeedOps() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        assertContains(message(NullPointerException.class, () -> ex.run(null)), "ops must not be null");
        assertContains(message(NullPointerException.class, () -> ex.trace(null)), "ops must not be null");
    }

    @Test
    void aNullOperationIsNamedByItsIndex() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Vector<Op> ops = Vector.of(alloc(0), null, defer(0));
        assertContains(message(IllegalArgumentException.class, () -> ex.run(ops)),
                "ops must not contain null", "index 1");
        assertContains(message(IllegalArgumentException.class, () -> ex.trace(ops)),
                "ops must not contain null", "index 1");
    }

    @Test
    void applyNeedsAMachineAndAnOperation() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        assertContains(message(NullPointerException.class, () -> ex.apply(null, alloc(0), 1)),
                "machine must not be null");
        assertContains(message(NullPointerException.class, () -> ex.apply(ex.boot(), null, 1)),
                "operation must not be null");
    }

    @Test
    void applyRefusesAMachineOfAnotherPreset() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        Machine s390 = Machine.boot(Presets.S390X);
        assertContains(message(IllegalArgumentException.class, () -> ex.apply(s390, alloc(0), 1)),
                "s390x", "x86_64");
    }

    // ------------------------------------------------------- presets, strategies

    @Test
    void unknownPresetListsTheKnownOnes() {
        String msg = message(IllegalArgumentException.class, () -> Presets.named("x86"));
        assertContains(msg, "unknown preset 'x86'");
        for (Preset p : Presets.all()) {
            assertContains(msg, p.name());
        }
        assertContains(message(IllegalArgumentException.class, () -> Presets.named(null)),
                "preset name is null", "x86_64");
    }

    @Test
    void unknownStrategyListsTheKnownOnes() {
        String msg = message(IllegalArgumentException.class, () -> Strategies.named("generic"));
        assertContains(msg, "unknown strategy 'generic'");
        for (Strategy s : Strategies.all()) {
            assertContains(msg, s.name());
        }
    }

    @Test
    void aTableSizeThatDoesNotDivideThePageIsRefused() {
        assertContains(message(IllegalArgumentException.class, () -> Preset.of("odd", "x86", 4096, 3000)),
                "odd", "table size 3000", "must divide the page size 4096");
        assertContains(message(IllegalArgumentException.class, () -> Preset.of("big", "x86", 4096, 8192)),
                "table size 8192", "must divide the page size 4096");
        assertContains(message(IllegalArgumentException.class, () -> Preset.of("zero", "x86", 4096, 0)),
                "table size 0");
    }

    @Test
    void aPageSizeThatIsNoPowerOfTwoIsRefused() {
        assertContains(message(IllegalArgumentException.class, () -> Preset.of("p", "x86", 3000, 1000)),
                "page size 3000", "power of two");
    }

    @Test
    void aBadPresetNameIsRefused() {
        assertContains(message(IllegalArgumentException.class, () -> Preset.of("my preset", "x86", 4096, 4096)),
                "'my preset'", "letters, digits");
        assertContains(message(IllegalArgumentException.class, () -> Preset.of("", "x86", 4096, 4096)),
                "preset name ''");
        assertContains(message(NullPointerException.class, () -> Preset.of(null, "x86", 4096, 4096)),
                "preset name must not be null");
        assertContains(message(NullPointerException.class, () -> Preset.of("p", null, 4096, 4096)),
                "preset arch must not be null");
    }

    @Test
    void aUserPresetRuns() {
        Preset p = Preset.of("toy-2", "toy", 4096, 2048);
        assertEquals(2, p.tablesPerPage());
        assertTrue(new Executor(p, new PagePerTable()).run(seq(alloc(0), defer(0))).passed());
    }

    // ------------------------------------------------------ strategies that fail

    static final class ThrowsInDefer extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void aThrowingStrategyIsNamedWithRoutineStepAndOperation() {
        Executor ex = new Executor(X86_64, new ThrowsInDefer());
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> ex.run(seq(alloc(0), lock(0), defer(0))));
        assertContains(f.getMessage(), "strategy 'ThrowsInDefer'", "threw", "in pte_free_defer", "at step 3",
                "(freeDeferred t0)", "boom");
        assertEquals("ThrowsInDefer", f.strategy());
        assertEquals(3, f.step());
        assertInstanceOf(IllegalStateException.class, f.getCause());
        assertEquals("boom", f.getCause().getMessage());
        // The same through trace(), and at a teardown step: exitMm does not defer, so no throw.
        assertTrue(ex.trace(seq(alloc(0))).passed());
    }

    static final class ThrowsInCallback extends PagePerTable {
        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            throw new UnsupportedOperationException("callback not written");
        }
    }

    @Test
    void aThrowingCallbackDuringTeardownIsNamedByItsFunction() {
        Executor ex = new Executor(X86_64, new ThrowsInCallback());
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> ex.run(seq(alloc(0), defer(0))));
        // teardown: step 3 exitMm mm0, step 4 rcuBarrier
        assertContains(f.getMessage(), "in pte_free_now", "at step 4", "(rcuBarrier)", "callback not written");
        assertInstanceOf(UnsupportedOperationException.class, f.getCause());
    }

    static final class ReturnsNull extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return null;
        }
    }

    static final class ReturnsRightNull extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return Either.right(null);
        }
    }

    static final class ReturnsLeftNull extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return Either.left(null);
        }
    }

    @Test
    void aStrategyReturningNullIsNamed() {
        for (Strategy s : new Strategy[] {new ReturnsNull(), new ReturnsRightNull(), new ReturnsLeftNull()}) {
            StrategyFailure f = assertThrows(StrategyFailure.class,
                    () -> new Executor(X86_64, s).run(seq(alloc(0), free(0))), s::name);
            assertContains(f.getMessage(), "strategy '" + s.name() + "'", "returned null", "in pte_free",
                    "at step 2", "(free t0)");
            assertNull(f.getCause());
        }
    }

    static final class AllocatesIntoNullMachine extends PagePerTable {
        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return Either.right(new Allocated(null, new Slot(0, 0)));
        }
    }

    static final class AllocatesNoSlot extends PagePerTable {
        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return super.pteAllocOne(m, mm).map(a -> new Allocated(a.machine(), null));
        }
    }

    static final class AllocatesNull extends PagePerTable {
        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return Either.right(null);
        }
    }

    @Test
    void pteAllocOneReturningNullPartsIsNamed() {
        for (Strategy s : new Strategy[] {new AllocatesIntoNullMachine(), new AllocatesNoSlot(), new AllocatesNull()}) {
            StrategyFailure f = assertThrows(StrategyFailure.class,
                    () -> new Executor(X86_64, s).run(seq(alloc(0))), s::name);
            assertContains(f.getMessage(), "strategy '" + s.name() + "'", "returned null", "in pte_alloc_one",
                    "at step 1", "(alloc mm0)");
        }
    }

    static final class AllocatesOutsideThePage extends PagePerTable {
        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return super.pteAllocOne(m, mm).map(a -> new Allocated(a.machine(), new Slot(a.slot().pfn(), 1)));
        }
    }

    @Test
    void aFragmentOutsideThePageIsNamed() {
        StrategyFailure f = assertThrows(StrategyFailure.class,
                () -> new Executor(X86_64, new AllocatesOutsideThePage()).run(seq(alloc(0), alloc(0))));
        assertContains(f.getMessage(), "in pte_alloc_one", "at step 1", "fragment 1", "0..0");
    }

    // ------------------------------------------------------ strategies that loop

    /** The callback puts its own rcu_head back on the queue, every time. */
    static final class RequeuesForever extends PagePerTable {
        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return m.callRcu(pfn, func);
        }
    }

    @Test
    void rcuBarrierOverACallbackThatRequeuesItselfEnds() {
        Executor ex = new Executor(X86_64, new RequeuesForever());
        StrategyFailure f = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(StrategyFailure.class, () -> ex.run(seq(alloc(0), defer(0), barrier()))));
        assertContains(f.getMessage(), "strategy 'RequeuesForever'", "loops", "in rcu_barrier", "at step 3",
                "(rcuBarrier)", "pte_free_now(page 0 rcu_head)");
        // A runCallback step runs one callback: it comes back, and the step ends.
        Machine m = ex.boot();
        int n = 0;
        for (Op op : seq(alloc(0), defer(0), run(0), run(0))) {
            Applied a = ex.apply(m, op, ++n);
            assertTrue(!a.violated() && !a.wasSkipped(), op::toString);
            m = a.machine();
        }
        assertEquals(1, m.callbacks().size());
    }

    /** Queues more mmu_gather batch callbacks at once than rcu_barrier() allows callbacks to queue. */
    static final class QueuesManyBatches extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Machine cur = m;
            for (int i = 0; i < Executor.BARRIER_LIMIT + 5; i++) {
                cur = cur.tlbRemoveTable(t.id()).get();
            }
            return Either.right(cur);
        }

        @Override
        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
            return m.pageAllocated(t.pfn()) ? pteFree(m, t) : Either.right(m);
        }
    }

    @Test
    void callbacksQueuedBeforeRcuBarrierAreNoLoop() {
        Executor ex = new Executor(X86_64, new QueuesManyBatches());
        Outcome o = assertTimeoutPreemptively(NO_HANG, () -> ex.trace(seq(alloc(0), defer(0), barrier())));
        assertTrue(o.passed(), () -> o.violation().get().summary());
        assertEquals(Executor.BARRIER_LIMIT + 5, o.steps().get(1).after().callbacks().size());
        assertTrue(o.steps().get(2).after().callbacks().isEmpty());
    }

    static final class SetsActiveForever extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Machine cur = m;
            while (true) {
                cur = cur.setPageActive(t.pfn()).get();
            }
        }
    }

    static final class NotesForever extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Machine cur = m;
            while (true) {
                cur = cur.note("still thinking about " + t.name());
            }
        }
    }

    static final class AllocatesForever extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Machine cur = m;
            while (true) {
                cur = cur.allocPage().machine();
            }
        }
    }

    @Test
    void aPrimitiveLoopHitsTheMachinesLoopGuard() {
        for (Strategy s : new Strategy[] {new SetsActiveForever(), new NotesForever(), new AllocatesForever()}) {
            for (boolean traced : new boolean[] {false, true}) {
                Executor ex = new Executor(X86_64, s);
                Vector<Op> ops = seq(alloc(0), alloc(0), defer(1));
                StrategyFailure f = assertTimeoutPreemptively(NO_HANG, () -> assertThrows(StrategyFailure.class,
                        () -> {
                            if (traced) {
                                ex.trace(ops);
                            } else {
                                ex.run(ops);
                            }
                        }), s::name);
                assertContains(f.getMessage(), "strategy '" + s.name() + "'", "loops", "in pte_free_defer",
                        "at step 3", "(freeDeferred t1)");
                assertInstanceOf(Machine.StrategyLoopException.class, f.getCause());
                assertContains(f.getCause().getMessage(), String.valueOf(Machine.PRIMITIVES_PER_OPERATION));
            }
        }
    }

    @Test
    void theLoopGuardIsPerOperation() {
        // Many operations, each few primitives: no loop.
        Vector<Op> ops = Vector.range(0, 2000).flatMap(i -> seq(alloc(0), defer(i), run(0)));
        Outcome o = new Executor(X86_64, new PagePerTable()).run(ops);
        assertTrue(o.passed());
        assertSame(0, o.skipped());
    }
}
