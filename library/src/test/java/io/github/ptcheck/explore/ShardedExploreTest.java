package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * n jobs that split the frontier prove what one job proves: merged, their reports give the
 * whole search's verdict, depth and counterexample (the same one, not just one as short), for
 * every built-in cell, two and three jobs, split at every depth up to the search's; and the
 * explorer hands operations out in {@link Alphabet#ORDER}, on which that choice rests.
 */
class ShardedExploreTest {

    static final Bounds BOUNDS = Bounds.DEFAULT.withMaxTables(4);
    static final int DEPTH = 4;

    private static ExploreReport merged(Cell c, int jobs, int splitDepth) {
        List<ExploreReport> reports = List.range(1, jobs + 1).map(k -> new Explorer(c, BOUNDS)
                .withShard(new Shard(k, jobs), splitDepth).explore(DEPTH));
        return ExploreMerge.merge(reports);
    }

    @TestFactory
    List<DynamicTest> mergedShardsGiveTheWholeSearchsVerdictAndCounterexample() {
        return Strategies.all().flatMap(s -> Presets.all().filter(s::serves).map(p -> new Cell(p, s)))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ExploreReport whole = new Explorer(c, BOUNDS).explore(DEPTH);
                    for (int jobs : new int[] {2, 3}) {
                        for (int split = 1; split <= DEPTH; split += 2) {
                            ExploreReport m = merged(c, jobs, split);
                            String what = c.name() + ", " + jobs + " jobs split at depth " + split;
                            assertEquals(whole.passed(), m.passed(), what);
                            assertEquals(whole.depthCompleted(), m.depthCompleted(), what);
                            assertEquals(whole.finding().map(f -> f.shrunk()), m.finding().map(f -> f.shrunk()), what);
                            assertEquals(whole.finding().map(f -> f.violation()), m.finding().map(f -> f.violation()),
                                    what);
                            assertTrue(m.statesVisited() >= whole.statesVisited(), what);
                            // Down to the split every job visits what the whole search does: counted once.
                            int levels = Math.min(split + 1, whole.statesPerDepth().size());
                            assertEquals(whole.statesPerDepth().take(levels), m.statesPerDepth().take(levels), what);
                        }
                    }
                }));
    }

    @Test
    void eachJobExpandsOnlyItsShareOfTheFrontier() {
        Cell c = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));
        ExploreReport whole = new Explorer(c, BOUNDS).explore(4);
        long atSplit = whole.statesPerDepth().get(2);
        long sharedPrefix = whole.statesPerDepth().take(3).sum().longValue();
        long beyond = 0;
        for (int k = 1; k <= 3; k++) {
            ExploreReport job = new Explorer(c, BOUNDS).withShard(new Shard(k, 3), 2).explore(4);
            assertEquals(whole.statesPerDepth().take(3), job.statesPerDepth().take(3), "levels up to the split, job " + k);
            assertTrue(job.statesVisited() < whole.statesVisited(), "job " + k + " of 3: " + job.summary());
            beyond += job.statesVisited() - sharedPrefix;
        }
        assertTrue(beyond >= whole.statesVisited() - sharedPrefix, "the jobs together reach every state beyond "
                + atSplit + " frontier states");
    }

    @Test
    void theExplorerOffersOperationsInAlphabetOrder() {
        Cell c = new Cell(Presets.X86_64, Strategies.named("x86-v6.14"));
        Vector<io.github.ptcheck.model.Machine> states = Vector.of(c.executor().boot());
        int checked = 0;
        for (int d = 0; d < 4; d++) {
            Vector<io.github.ptcheck.model.Machine> next = Vector.empty();
            for (io.github.ptcheck.model.Machine m : states) {
                Vector<Op> ops = Alphabet.enabled(m, Bounds.DEFAULT.withCpus(3));
                assertEquals(ops.sorted(Alphabet.ORDER), ops, "at " + m);
                checked += ops.size();
                for (Op op : ops.take(6)) {
                    next = next.append(c.executor().apply(m, op, d + 1).machine());
                }
            }
            states = next;
        }
        assertTrue(checked > 1000, "operations checked: " + checked);
        assertTrue(Alphabet.SEQUENCE_ORDER.compare(Vector.of(new Op.ExitMm(0)), Vector.of(new Op.Alloc(0),
                new Op.Alloc(0))) < 0, "shorter first");
    }

    @Test
    void reportsOfDifferentExplorationsDoNotMerge() {
        Cell c = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));
        ExploreReport four = new Explorer(c, BOUNDS).explore(4);
        ExploreReport three = new Explorer(c, BOUNDS).explore(3);
        String message = assertThrows(IllegalArgumentException.class, () -> ExploreMerge.merge(List.of(four, three)))
                .getMessage();
        assertTrue(message.contains("one depth"), message);
        assertFalse(ExploreMerge.merge(List.of(four)).cutByStateBudget());
    }
}
