package io.github.ptcheck.sched;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.shrink.Shrunk;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
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
}
