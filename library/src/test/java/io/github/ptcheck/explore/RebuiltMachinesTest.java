package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A level keeps the machines of its first states only ({@link Explorer#MACHINES_KEPT}); the
 * search rebuilds the others by running their paths again. The report is the same whatever it
 * keeps: every built-in cell is explored here keeping no machine at all, and one, against the
 * default, on one thread and on three.
 */
class RebuiltMachinesTest {

    private static final Bounds BOUNDS = Bounds.DEFAULT.withMaxTables(4);

    private static Cell cell(String name) {
        int at = name.indexOf('@');
        return new Cell(Presets.named(name.substring(at + 1)), Strategies.named(name.substring(0, at)));
    }

    private static void assertSameReport(ExploreReport expected, ExploreReport actual, String what) {
        assertEquals(expected.summary() + " " + expected.statesPerDepth(),
                actual.summary() + " " + actual.statesPerDepth(), what);
        assertEquals(expected, actual, what);
    }

    @TestFactory
    List<DynamicTest> everyBuiltInCellGivesTheSameReportKeepingNoMachine() {
        return Strategies.all().flatMap(s -> Presets.all().filter(s::serves).map(p -> new Cell(p, s)))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Explorer e = new Explorer(c, BOUNDS);
                    for (int workers : new int[] {1, 3}) {
                        ExploreReport kept = e.withWorkers(workers).explore(4);
                        assertSameReport(kept, e.withWorkers(workers).keepingMachines(0).explore(4),
                                c.name() + " on " + workers + " threads, no machine kept");
                        assertSameReport(kept, e.withWorkers(workers).keepingMachines(1).explore(4),
                                c.name() + " on " + workers + " threads, one machine kept per level");
                    }
                }));
    }

    @Test
    void deepExplorationsGiveTheSameReportKeepingNoMachine() {
        for (String name : List.of("generic-v6.6@x86_64", "s390-fullpage-v6.7@s390x",
                "powerpc-refcount-v2@powerpc64-hash-64k", "x86-v6.14-semi-rcu@x86_64")) {
            Explorer e = new Explorer(cell(name), Bounds.DEFAULT).withWorkers(1);
            ExploreReport kept = e.explore(6);
            ExploreReport rebuilt = e.keepingMachines(0).explore(6);
            assertSameReport(kept, rebuilt, name + ", depth 6");
            assertTrue(kept.statesVisited() > 1_000 || kept.finding().isDefined(), name + ": " + kept.summary());
        }
    }

    @Test
    void everyShardOfACiMatrixGivesTheSameReportKeepingNoMachine() {
        // A shard expands only its share of the split level: the others are neither expanded nor rebuilt.
        for (String name : List.of("generic-v6.6@x86_64", "x86-v6.14-semi-rcu@x86_64")) {
            for (int k = 1; k <= 3; k++) {
                for (int workers : new int[] {1, 2}) {
                    Explorer e = new Explorer(cell(name), BOUNDS).withWorkers(workers).withShard(new Shard(k, 3), 2);
                    assertSameReport(e.explore(5), e.keepingMachines(0).explore(5),
                            name + ", shard " + k + "/3 on " + workers + " threads");
                }
            }
        }
    }

    @Test
    void theDefaultKeepsEveryMachineOfTheLevelsABenchmarkExpands() {
        // ExploreBenchmark's depth 7 expands levels of at most 7,899 states on generic-v6.6:
        // none is rebuilt there, so the one-core figure measures the search itself.
        ExploreReport r = new Explorer(cell("generic-v6.6@x86_64"), Bounds.DEFAULT).withWorkers(1).explore(7);
        long largestExpanded = r.statesPerDepth().dropRight(1).max().get();
        assertTrue(largestExpanded < Explorer.MACHINES_KEPT, r.statesPerDepth().toString());
        assertEquals(new Explorer(cell("generic-v6.6@x86_64"), Bounds.DEFAULT).machinesKept(), Explorer.MACHINES_KEPT);
    }
}
