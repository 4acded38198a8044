package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How deep exhaustive mode gets clean for every strategy that is not broken on purpose, on
 * every preset it serves, with 2 CPUs, 2 mms and 6 tables: every sequence of up to
 * {@value #DEPTH} operations (and its teardown) passes. The one exception is the finding of
 * docs/strategies.md: powerpc-pageactive-v6.6 where a page holds several fragments, whose
 * shortest counterexample is two operations and the teardown.
 */
class MergedStrategiesExploreTest {

    static final int DEPTH = 5;
    static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(6);

    @TestFactory
    List<DynamicTest> cleanToDepth() {
        return Strategies.all().filter(s -> !Strategies.knownBroken(s.name()))
                .flatMap(s -> Presets.all().filter(s::serves).map(p -> cell(p, s)))
                .filter(c -> !pageActiveFinding(c))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ExploreReport r = new Explorer(c, BOUNDS).explore(DEPTH);
                    assertTrue(r.passed(), () -> r.summary());
                    assertEquals(DEPTH, r.depthCompleted(), r.summary());
                    assertTrue(r.statesVisited() > 1000, r.summary());
                }));
    }

    @TestFactory
    List<DynamicTest> pageActiveExitFindingIsTwoOperations() {
        return List.of(Presets.POWERPC64_HASH_64K, Presets.POWERPC64_RADIX_64K)
                .map(p -> cell(p, Strategies.named("powerpc-pageactive-v6.6")))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ExploreReport r = new Explorer(c, BOUNDS).explore(DEPTH);
                    assertEquals(1, r.depthCompleted(), r.summary());
                    var f = r.finding().get();
                    assertEquals(Invariant.BAD_PAGE_STATE, f.violation().invariant());
                    assertEquals(3, f.violation().step(), "step 3 is the teardown's exitMm mm0");
                    assertEquals(Vector.of(new Op.Alloc(0), new Op.FreeDeferred(0)), f.shrunk());
                    assertEquals(Minimality.SHORTEST, f.minimality());
                }));
    }

    private static Cell cell(Preset p, Strategy s) {
        return new Cell(p, s);
    }

    private static boolean pageActiveFinding(Cell c) {
        return c.strategy().name().equals("powerpc-pageactive-v6.6") && c.preset().tablesPerPage() > 1;
    }
}
