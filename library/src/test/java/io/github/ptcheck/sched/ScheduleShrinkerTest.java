package io.github.ptcheck.sched;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.shrink.Shrunk;
import io.github.ptcheck.shrink.Shrinker;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import io.github.ptcheck.strategy.s390.PageTableFreeVariant;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.BitSet;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interleaved shrinker deletes chunks, not only single operations, carrying the schedule
 * along. The case: {@link UnlockedCursor} on powerpc64-hash-64k (16 fragments a page,
 * {@code get_pte_from_cache()} without {@code mm->page_table_lock}) with 19 allocations of mm0,
 * the 18th preempted before its first kernel call while the 19th runs. The first 16 fill page 0,
 * the 17th takes page 1 and leaves the cursor at its fragment 1, which the 18th and 19th both
 * read: {@code DOUBLE_ALLOC}. Delete any one of the first 17 and the cursor is clear when they
 * read it (the page's last fragment was handed out), so each takes a page of its own; delete
 * the 18th or 19th and nothing overlaps. Deleting the first 16 together keeps the race.
 */
class ScheduleShrinkerTest {

    private static final Executor EXECUTOR = new Executor(Presets.POWERPC64_HASH_64K, new UnlockedCursor());
    private static final Vector<Op> NINETEEN = Vector.fill(19, () -> alloc(0));
    private static final Schedule EIGHTEENTH_PREEMPTED = Schedule.parse("18:0 19");

    private static boolean doubleAlloc(Vector<Op> ops, Schedule s) {
        return new Interleaver(EXECUTOR).run(ops, s).violation()
                .exists(v -> v.invariant() == Invariant.DOUBLE_ALLOC);
    }

    /** Without operation {@code i}, the schedule's turns renumbered to name the same operations. */
    private static boolean doubleAllocWithout(Vector<Op> ops, Schedule s, int i) {
        BitSet gone = new BitSet();
        gone.set(i);
        return doubleAlloc(Edits.delete(ops, i, 1), s.without(gone));
    }

    @Test
    void noSingleDeletionKeepsTheRaceButDeletingAWholePageDoes() {
        assertTrue(doubleAlloc(NINETEEN, EIGHTEENTH_PREEMPTED));
        for (int i = 0; i < NINETEEN.size(); i++) {
            assertFalse(doubleAllocWithout(NINETEEN, EIGHTEENTH_PREEMPTED, i), "without allocation " + (i + 1));
        }
        BitSet firstPage = new BitSet();
        firstPage.set(0, 16);
        assertEquals(Schedule.parse("2:0 3"), EIGHTEENTH_PREEMPTED.without(firstPage));
        assertTrue(doubleAlloc(Edits.delete(NINETEEN, 0, 16), EIGHTEENTH_PREEMPTED.without(firstPage)));
    }

    @Test
    void chunkDeletionShrinksNineteenAllocationsToThree() {
        Shrunk s = new ScheduleShrinker(EXECUTOR, Duration.ofMinutes(5))
                .shrink(NINETEEN, EIGHTEENTH_PREEMPTED, Invariant.DOUBLE_ALLOC);
        assertEquals(seq(alloc(0), alloc(0), alloc(0)), s.ops());
        assertEquals(Schedule.parse("2:0 3"), s.trace().schedule());
        assertEquals(Invariant.DOUBLE_ALLOC, s.trace().violation().get().invariant());
        assertEquals(2, s.trace().violation().get().step());
        assertEquals(Minimality.ONE_MINIMAL, s.minimality());
        for (int i = 0; i < 3; i++) {
            assertFalse(doubleAllocWithout(s.ops(), s.trace().schedule(), i), "without allocation " + (i + 1));
        }
    }

    private static Shrunk shrink(Executor ex, Vector<Op> ops, String schedule, Invariant invariant) {
        Schedule s = Schedule.parse(schedule);
        assertEquals(invariant, new Interleaver(ex).run(ops, s).violation().get().invariant(), "the input breaks it");
        Shrunk out = new ScheduleShrinker(ex, Duration.ofMinutes(5)).shrink(ops, s, invariant);
        assertEquals(invariant, out.trace().violation().get().invariant());
        assertEquals(Minimality.ONE_MINIMAL, out.minimality());
        return out;
    }

    /**
     * The last allocation comes after mm0 exited, so it is skipped; yet deleting it alone loses the
     * use-after-free, because its turn {@code 4} is what runs the exit (operations start in order)
     * while step 2 is preempted. Dropping it as a skipped operation, its turn gone with it, and
     * cutting the turns of what never began, gives the three operations the bug needs.
     */
    @Test
    void aSkippedOperationIsDropped() {
        Vector<Op> ops = seq(alloc(0), alloc(0), exit(0), alloc(0));
        assertTrue(new Interleaver(EXECUTOR).probe(ops, Schedule.parse("2:0 4")).skipped().get(3), "the last alloc is skipped");
        Shrunk s = shrink(EXECUTOR, ops, "2:0 4", Invariant.USE_AFTER_FREE);
        assertEquals(seq(alloc(0), alloc(0), exit(0)), s.ops());
        assertEquals(Schedule.parse("2:0 3"), s.trace().schedule());
    }

    /**
     * The fragment race with a {@code fill} as the preempted allocation: it reads the cursor as an
     * {@code alloc} does, so narrowed to its first {@code alloc} (the turn {@code 2:0} following
     * it) the race stays, with one table where the fill made a page's fifteen.
     */
    @Test
    void aFillIsNarrowedToTheAllocationTheRaceNeeds() {
        Shrunk s = shrink(EXECUTOR, seq(alloc(0), fill(0), alloc(0)), "2:0 3", Invariant.DOUBLE_ALLOC);
        assertEquals(seq(alloc(0), alloc(0), alloc(0)), s.ops());
        assertEquals(Schedule.parse("2:0 3"), s.trace().schedule());
    }

    /**
     * s390 without the pending bit: {@code pte_free()} of t1 preempted after five kernel calls
     * while t0 is freed reads a freed page. Either order of the two frees races, so the shrink
     * puts t0's free first (the turns staying at their positions: the race is the same with the
     * roles of the two frees exchanged), as a plain shrink orders neighbours.
     */
    @Test
    void neighboursAreSwappedIntoTheSimplerOrder() {
        Executor ex = new Executor(io.github.ptcheck.arch.Presets.S390X, PageTableFreeVariant.noPendingBit());
        Shrunk s = shrink(ex, seq(alloc(0), alloc(0), free(1), free(0)), "3:5 4", Invariant.USE_AFTER_FREE);
        assertEquals(seq(alloc(0), alloc(0), free(0), free(1)), s.ops());
        assertEquals(Schedule.parse("3:5 4"), s.trace().schedule());
    }

    /**
     * The race of the unlocked cursor as the documentation shows it ({@code docs/model.md},
     * {@code InterleavedCounterexampleTest}: three allocations, step 2 preempted before its first
     * kernel call), buried in noise a random try carries: a free of a table never made, another
     * mm's fill and exit. It shrinks to the documented three allocations under {@code 2:0 3}.
     */
    @Test
    void theDocumentedRaceShrinksToItsCounterexampleThroughNoise() {
        Vector<Op> ops = seq(free(7), alloc(0), fill(1), alloc(0), exit(1), alloc(0));
        Shrunk s = shrink(EXECUTOR, ops, "4:0 6", Invariant.DOUBLE_ALLOC);
        assertEquals(seq(alloc(0), alloc(0), alloc(0)), s.ops());
        assertEquals(Schedule.parse("2:0 3"), s.trace().schedule());
    }

    /**
     * With no preemption the interleaved shrinker makes the plain one's edits, so it gives the
     * plain one's counterexample: here {@code powerpc-naive-v1}'s RCU head reuse, where the plain
     * shrinker narrows the fill to an allocation.
     */
    @Test
    void withoutPreemptionsItShrinksAsThePlainShrinkerDoes() {
        Executor ex = new Executor(io.github.ptcheck.arch.Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        Vector<Op> ops = seq(alloc(0), fill(0), defer(0), defer(1));
        Shrunk plain = new Shrinker(ex, Duration.ofMinutes(5)).shrink(ops, Invariant.RCU_HEAD_REUSE);
        Shrunk s = shrink(ex, ops, "", Invariant.RCU_HEAD_REUSE);
        assertEquals(seq(alloc(0), alloc(0), defer(0), defer(1)), plain.ops());
        assertEquals(plain.ops(), s.ops());
        assertTrue(s.trace().schedule().sequential());
    }
}
