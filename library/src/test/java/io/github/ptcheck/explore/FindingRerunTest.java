package io.github.ptcheck.explore;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.RunAgain;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Bounds;
import io.vavr.control.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A strategy that fails only when the search runs a violating path again to build its finding
 * (replayed to find its operations, then traced, then untraced twice; a stateful strategy can):
 * the failure carries the operations, as one in the search's own runs does.
 */
class FindingRerunTest {

    private static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(1).withMms(1).withMaxTables(2);

    @BeforeEach
    void reset() {
        RunAgain.reset();
    }

    @AfterEach
    void release() {
        RunAgain.release();
    }

    /**
     * Queues the page's rcu_head twice (RCU_HEAD_REUSE at the first freeDeferred the search
     * runs), but from its second call on, which only a run after the search's makes, misbehaves.
     */
    private static final class QueuesTwice extends PagePerTable {
        private final RunAgain then;

        QueuesTwice(RunAgain then) {
            this.then = then;
        }

        @Override
        public String name() {
            return then.named("queues-twice");
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            then.unlessFirst();
            return m.callRcu(t.pfn(), PTE_FREE_NOW).flatMap(m1 -> m1.callRcu(t.pfn(), PTE_FREE_NOW));
        }
    }

    @Test
    void aThrowWhileTheFindingIsRunAgainComesWithItsOperations() {
        for (int workers : new int[] {1, 2}) {
            RunAgain.reset();
            Explorer e = new Explorer(new Cell(Presets.X86_64, new QueuesTwice(RunAgain.THROWS)), BOUNDS)
                    .withWorkers(workers);
            StrategyFailure f = assertThrows(StrategyFailure.class, () -> e.explore(3));
            assertTrue(f.getMessage().startsWith("strategy 'queues-twice-then-throws' threw in pte_free_defer"
                    + " at step 2 (freeDeferred t0)"), f::getMessage);
            assertEquals("alloc mm0; freeDeferred t0", f.sequence().getOrNull(),
                    workers + " workers: " + f.getMessage());
        }
    }

    /**
     * Forgets the table in pte_free_defer (a LEAK the teardown after the first freeDeferred
     * shows), and throws from its second call on: in the replay that finds the operations to the
     * leaking state, before the finding's runs.
     */
    private static final class LeaksThenThrows extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            RunAgain.THROWS.unlessFirst();
            return Either.right(m);
        }
    }

    @Test
    void aThrowWhileThePathToTheFindingIsReplayedComesWithItsOperations() {
        Explorer e = new Explorer(new Cell(Presets.X86_64, new LeaksThenThrows()), BOUNDS);
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> e.explore(3));
        assertTrue(f.getMessage().startsWith("strategy 'LeaksThenThrows' threw in pte_free_defer at step 2"
                + " (freeDeferred t0)"), f::getMessage);
        assertEquals("alloc mm0; freeDeferred t0", f.sequence().getOrNull(), f::getMessage);
    }

    @Test
    void aLoopWhileTheFindingIsRunAgainComesWithItsOperations() {
        Explorer e = new Explorer(new Cell(Presets.X86_64, new QueuesTwice(RunAgain.LOOPS)), BOUNDS)
                .withCallTimeout(Duration.ofMillis(200));
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> e.explore(3));
        assertTrue(f.getMessage().startsWith("strategy 'queues-twice-then-loops' did not return within 200 ms"),
                f::getMessage);
        assertTrue(f.getMessage().contains(" in pte_free_defer at step 2 (freeDeferred t0)"), f::getMessage);
        assertEquals("alloc mm0; freeDeferred t0", f.sequence().getOrNull(), f::getMessage);
    }
}
