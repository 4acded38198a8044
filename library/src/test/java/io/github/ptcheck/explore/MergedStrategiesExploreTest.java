package io.github.ptcheck.explore;

import io.github.ptcheck.KnownFindings;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exhaustive mode on every built-in cell, with 2 CPUs, 2 mms and 6 tables: a cell of
 * {@link KnownFindings#SHORTEST} yields exactly that shortest counterexample; every other one is
 * clean: every sequence of up to {@value #DEPTH} operations (and its teardown) passes.
 */
class MergedStrategiesExploreTest {

    static final int DEPTH = 5;
    static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(6);

    @TestFactory
    List<DynamicTest> everyBuiltInCell() {
        return Strategies.all().flatMap(s -> Presets.all().filter(s::serves).map(p -> new Cell(p, s)))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    String name = c.strategy().name() + "@" + c.preset().name();
                    ExploreReport r = new Explorer(c, BOUNDS).explore(DEPTH);
                    KnownFindings.shortest(name).forEach(e -> {
                        var f = r.finding().getOrElseThrow(() -> new AssertionError(name + " passed: " + r.summary()));
                        assertEquals(e.invariant(), f.violation().invariant(), r::summary);
                        assertEquals(e.step(), f.violation().step(), r::summary);
                        assertEquals(e.ops(), f.shrunk(), r::summary);
                        assertEquals(Minimality.SHORTEST, f.minimality());
                    });
                    if (KnownFindings.shortest(name).isEmpty()) {
                        assertTrue(r.passed(), r::summary);
                        assertEquals(DEPTH, r.depthCompleted(), r.summary());
                        assertTrue(r.statesVisited() > 1000, r.summary());
                    }
                }));
    }
}
