package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every size a check is given has a documented upper bound (docs/reliability.md), checked before
 * anything runs, with a message that names the bound and what each unit costs; and exhaustive
 * mode sizes its state budget from the heap, so that it stops before it could run out of memory.
 */
class ParameterBoundsTest {

    private static final Cell CELL = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));

    private static void assertRefused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void eachSizeAtItsMaximumIsTakenAndOneAboveIsRefusedSayingWhy() {
        Bounds most = new Bounds(Bounds.MAX_CPUS, Bounds.MAX_MMS, Bounds.MAX_TABLES, Bounds.DEFAULT.kinds());
        CheckConfig c = CheckConfig.defaults().withTries(CheckConfig.MAX_TRIES).withMaxLength(CheckConfig.MAX_LENGTH)
                .withBounds(most);
        assertEquals(64, c.bounds().cpus());
        assertRefused("cpus must be between 0 and 64, was 2147483647 (CPUs that may read; each adds reader operations"
                + " to every step)", () -> most.withCpus(Integer.MAX_VALUE));
        assertRefused("mms must be between 1 and 64, was 65 (mms that allocate; each adds an alloc and an exit to every"
                + " step)", () -> most.withMms(65));
        assertRefused("maxTables must be between 1 and 1000, was 1001 (tables in one run; each adds a free and a lookup"
                + " per reading CPU to every step)", () -> most.withMaxTables(1001));
        assertRefused("tries must be between 1 and 10000000, was 10000001 (at about 20,000 tries a second that runs for"
                + " hours; set a time budget for a long run)", () -> c.withTries(CheckConfig.MAX_TRIES + 1));
        assertRefused("maxLength must be between 1 and 10000, was 2147483647 (operations per sequence; a longer"
                + " sequence takes longer to shrink than the shrink time limit, and its trace runs to megabytes)",
                () -> c.withMaxLength(Integer.MAX_VALUE));
        assertRefused("depth must be between 1 and 1000, was 1001 (the number of operations before the teardown; each"
                + " level holds at least one new state and most hold thousands, so no state budget reaches it)",
                () -> new Explorer(CELL, Bounds.DEFAULT).explore(Explorer.MAX_DEPTH + 1));
        assertRefused("callTimeout must be positive, was 0 s (the default is 10 s)",
                () -> c.withCallTimeout(java.time.Duration.ZERO));
    }

    @Test
    void theDefaultStateBudgetIsHalfTheHeapAtTheMeasuredBytesPerState() {
        long max = Runtime.getRuntime().maxMemory();
        assertEquals(Math.min(Explorer.MAX_STATE_BUDGET, max / 2 / Explorer.BYTES_PER_STATE), Explorer.heapStateBudget());
        Explorer byDefault = new Explorer(CELL, Bounds.DEFAULT);
        assertEquals(Explorer.heapStateBudget(), byDefault.budget());
        assertTrue(byDefault.budgetFromHeap());
    }

    @Test
    void theHeapAMessageSuggestsIsTwiceThisOneInWholeGigabytesAndNeverSmaller() {
        long max = Runtime.getRuntime().maxMemory();
        for (int atLeast : new int[] {2, 4}) {
            String option = Explorer.largerHeap(atLeast);
            assertTrue(option.matches("-Xmx[0-9]+g"), option);
            long gb = Long.parseLong(option.substring(4, option.length() - 1));
            assertTrue(gb >= atLeast, option);
            // Twice this heap, rounded up to a whole gigabyte: never a heap smaller than this one.
            assertTrue(gb << 30 >= 2 * max, option + " for a heap of " + (max >> 20) + " MB");
            assertTrue(gb == atLeast || (gb - 1) << 30 < 2 * max, option + " for a heap of " + (max >> 20) + " MB");
        }
    }

    @Test
    void aBudgetAboveWhatTheHeapHoldsIsCutToItAndTheReportSaysSo() {
        Explorer greedy = new Explorer(CELL, Bounds.DEFAULT).withStateBudget(Explorer.MAX_STATE_BUDGET);
        assertEquals(Explorer.heapStateCapacity(), greedy.budget());
        assertTrue(greedy.budgetFromHeap());
        Explorer modest = new Explorer(CELL, Bounds.DEFAULT).withStateBudget(50);
        assertEquals(50, modest.budget());
        ExploreReport cut = new ExploreReport(CELL, Bounds.DEFAULT, 9, 3, false, 50, Vector.of(1L, 3L, 46L), 80,
                50, true, true, false, Option.none());
        assertTrue(cut.summary().endsWith(", stopped by the state budget of 50, sized from the "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap at 1000 bytes a state: give the JVM more heap"
                + " (-Xmx) to explore further)"), cut.summary());
        ExploreReport guarded = new ExploreReport(CELL, Bounds.DEFAULT, 9, 3, false, 50, Vector.of(1L, 3L, 46L), 80,
                50, true, true, false, Option.none(), true);
        assertTrue(guarded.loweredByHeap() && !cut.loweredByHeap());
        assertTrue(guarded.summary().endsWith(", stopped by the state budget of 50, lowered to the states visited when"
                + " garbage collections left less than 15% of the " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MB heap free (these states take more than the 1000 bytes a state the budget assumes): give the JVM"
                + " more heap (-Xmx) to explore further)"), guarded.summary());
        assertEquals(1L, guarded.joinedTo(new io.github.ptcheck.check.Runner(io.github.ptcheck.check.CheckConfig
                .defaults().withTries(1)).check(CELL)).coverage().counts().get("explore.heapRanLow").get());
        ExploreReport asked = modest.explore(9);
        assertTrue(asked.cutByStateBudget() && !asked.stateBudgetFromHeap(), asked::summary);
        assertTrue(asked.summary().endsWith(", stopped by the state budget of 50)"), asked::summary);
    }
}
