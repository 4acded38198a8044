package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.SharedPages;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.FreesPageAtOnceOnDefer;
import io.github.ptcheck.invariant.QueuesRcuHeadPerTable;
import io.github.ptcheck.invariant.ReusesFreedFragment;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.POWERPC64_HASH_64K;
import static io.github.ptcheck.arch.Presets.S390X;
import static io.github.ptcheck.TestPresets.SRMMU_WITH_DEFER;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any sub-sequence of a sequence runs (design: shrinking is plain deletion): operations whose
 * precondition no longer holds are skipped, never an exception.
 */
class SubsequencesTest {

    /**
     * Ten operations, each depending on an earlier one: two tables of one page deferred while a
     * reader holds one of them, an allocation right after, a free, a callback.
     */
    static final Vector<Op> TEN = seq(alloc(0), alloc(0), lock(0), lookup(0, 1), defer(1), defer(0), alloc(0),
            unlock(0), free(2), run(0));

    record Cell(Strategy strategy, Preset preset, boolean correct) {
        @Override
        public String toString() {
            return strategy.name() + " on " + preset.name();
        }
    }

    static final List<Cell> CELLS = List.of(
            new Cell(new PagePerTable(), X86_64, true),
            new Cell(new PagePerTable(), S390X, true),
            new Cell(new SharedPages(), POWERPC64_HASH_64K, true),
            new Cell(new SharedPages(), SRMMU_WITH_DEFER, true),
            new Cell(new SharedPages(), X86_64, true),
            new Cell(new QueuesRcuHeadPerTable(), POWERPC64_HASH_64K, false),
            new Cell(new FreesPageAtOnceOnDefer(), X86_64, false),
            new Cell(new ReusesFreedFragment(), POWERPC64_HASH_64K, false));

    private static Vector<Op> without(Vector<Op> ops, int i) {
        return ops.removeAt(i);
    }

    @Test
    void everySingleDeletionRuns() {
        for (Cell c : CELLS) {
            Executor ex = new Executor(c.preset(), c.strategy());
            for (int i = 0; i < TEN.size(); i++) {
                Vector<Op> ops = without(TEN, i);
                String what = c + " without op " + (i + 1) + " (" + TEN.get(i) + ")";
                Outcome fast = assertDoesNotThrow(() -> ex.run(ops), what);
                Outcome traced = assertDoesNotThrow(() -> ex.trace(ops), what);
                assertEquals(fast.violation(), traced.violation().map(v -> v.withEvents(List.empty())));
                assertEquals(fast.executed(), traced.executed());
                assertEquals(fast.skipped(), traced.skipped());
                if (c.correct()) {
                    assertTrue(fast.passed(), () -> what + ": " + fast.violation().get().summary());
                }
            }
        }
    }

    @Test
    void everySubsequenceRunsAndOnlyTheBrokenStrategiesFailSome() {
        for (Cell c : CELLS) {
            Executor ex = new Executor(c.preset(), c.strategy());
            int failed = 0;
            for (int mask = 0; mask < 1 << TEN.size(); mask++) {
                int bits = mask;
                Vector<Op> ops = TEN.zipWithIndex().filter(t -> (bits & 1 << t._2) != 0).map(t -> t._1);
                Outcome o = assertDoesNotThrow(() -> ex.run(ops), () -> c + " " + ops);
                assertEquals(ops, o.ops());
                if (c.correct()) {
                    assertTrue(o.passed(), () -> c + " " + ops + ": " + o.violation().get().summary());
                }
                failed += o.passed() ? 0 : 1;
            }
            if (!c.correct()) {
                assertTrue(failed > 0, () -> c + " fails no sub-sequence: the cell shows nothing");
            }
        }
    }
}
