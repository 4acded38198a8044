package io.github.ptcheck.sched;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.powerpc.ReadThenDecrement;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import io.github.ptcheck.strategy.s390.PageTableFreeVariant;
import io.vavr.collection.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
