package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default tries reach the shapes where sharing bugs live, on a strategy that is correct on
 * shared pages ({@link DeferWholePage}), so no violation ends the check early.
 */
class RareShapesTest {

    static Stream<Arguments> sharedPages() {
        return Stream.of(Presets.POWERPC64_HASH_64K, Presets.POWERPC64_RADIX_64K)
                .flatMap(p -> LongStream.range(0, 3).mapToObj(seed -> Arguments.of(p, seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("sharedPages")
    void defaultTriesReachTheRareShapes(Preset preset, long seed) {
        CellReport r = new Runner(CheckConfig.defaults().withSeed(seed)).check(preset, new DeferWholePage());
        assertTrue(r.passed(), () -> r.finding().get().violation().summary());
        Coverage c = r.coverage();
        // Half a page of tables deferred in one grace period (a reader inside throughout).
        assertTrue(c.get(Metric.MAX_TABLES_OF_ONE_PAGE_IN_FLIGHT) >= 8, c::toString);
        // A reader that stays inside for half a sequence or more.
        assertTrue(c.get(Metric.LONGEST_READ_SECTION) >= CheckConfig.DEFAULT_MAX_LENGTH / 2, c::toString);
        assertEquals(2, c.get(Metric.MAX_READERS_INSIDE));
        assertTrue(c.get(Metric.DEFERRALS_OF_HELD_TABLES) > 0, c::toString);
        assertTrue(c.get(Metric.DEFERRALS_WITH_READER_INSIDE) > c.get(Metric.DEFERRALS_OF_HELD_TABLES), c::toString);
        // mmu_gather batches whose callback drops the last fragment and queues the page.
        assertTrue(c.get(Metric.CALLBACKS_QUEUED_BY_CALLBACKS) > 0, c::toString);
        // Teardown interleaved with frees in flight.
        assertTrue(c.get(Metric.EXITS_WITH_GRACE_PENDING) > 0, c::toString);
        assertTrue(c.get(Metric.MAX_CALLBACKS_QUEUED) >= 8, c::toString);
        for (OpKind k : OpKind.values()) {
            if ((k == OpKind.RECLAIM || k == OpKind.RECLAIM_ONE) && !new DeferWholePage().mmConfig().ptReclaim()) {
                continue; // offered only where the kernel has PT_RECLAIM
            }
            assertTrue(c.executed(k) > 0, () -> k + " never executed: " + c);
        }
        // Many tables share few pages: far fewer pages than tables.
        assertTrue(c.get(Metric.PAGES_ALLOCATED) * 4 < c.get(Metric.TABLES_ALLOCATED), c::toString);
        // Whole pages handed out: fill tries make the tables of a page one operation.
        assertTrue(c.get(Metric.TABLES_ALLOCATED) > c.executed(OpKind.ALLOC) + c.executed(OpKind.FILL), c::toString);
        assertEquals(c.get(Metric.PAGES_ALLOCATED), c.get(Metric.PAGES_FREED));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void onePageOneTableNeverHasTwoTablesOfAPageInFlight(long seed) {
        Coverage c = new Runner(CheckConfig.defaults().withSeed(seed)).check(Presets.X86_64,
                Strategies.named("generic-v6.6")).coverage();
        assertEquals(1, c.get(Metric.MAX_TABLES_OF_ONE_PAGE_IN_FLIGHT), c::toString);
        assertEquals(c.executed(OpKind.ALLOC), c.get(Metric.PAGES_ALLOCATED), "one page per table");
        assertEquals(0, c.executed(OpKind.FILL), "nothing to fill where a page holds one table");
    }

    static LongStream seeds() {
        return LongStream.range(0, 3);
    }
}
