package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.sched.Interleaver;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With interleavings on, random mode goes on after its first failing try as it does without
 * them ({@link LaterFindingsTest}, {@link Runner#goesOn}): when the first failure is a race that
 * only a PCT schedule shows, a later try that breaks another invariant run whole is still run,
 * shrunk on its own (sequentially, not with the race's schedule) and reported.
 */
class LaterInterleavedFindingsTest {

    /**
     * Two independent bugs on powerpc64-hash-64k (16 PTE fragments a page).
     *
     * <p>The race: {@link UnlockedCursor}, {@code powerpc-refcount-v2} with
     * {@code get_pte_from_cache()} reading and moving {@code mm->context.pte_frag} without
     * {@code mm->page_table_lock}. Run whole, each allocation moves the cursor before the next
     * reads it, so no sequence breaks anything; it needs a first allocation to set the cursor, then
     * two more overlapped on two CPUs, the first preempted after it read the cursor and before it
     * moved it, so that both hand out the same fragment ({@code DOUBLE_ALLOC}). Only a PCT
     * schedule gives that.
     *
     * <p>The plain bug: {@code pte_free()} of a table while three other tables of its mm are
     * attached also frees the page, which those three fragments still use
     * ({@code USE_AFTER_FREE}). It needs four allocations in one mm and a free, with no exit in
     * between: no schedule helps, and a random sequence reaches it rarer than two neighbouring
     * allocations of one mm, so with the seed below the race comes first.
     */
    static final class RaceThenPlainBug extends ForwardingStrategy {
        RaceThenPlainBug() {
            super(new UnlockedCursor());
        }

        @Override
        public String name() {
            return "test-race-then-plain-bug";
        }

        @Override
        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return LaterFindingsTest.freesThePageAmongThree(m, t, super::pteFree);
        }
    }

    private static final Cell CELL = new Cell(Presets.POWERPC64_HASH_64K, new RaceThenPlainBug());

    private static CellReport check(int tries) {
        return new Runner(CheckConfig.defaults().withSeed(11).withTries(tries).withInterleavings()).check(CELL);
    }

    @Test
    void anInvariantALaterPlainTryBreaksIsReportedAfterAnInterleavedOne() {
        CellReport r = check(CheckConfig.DEFAULT_TRIES);
        Finding first = r.finding().getOrElseThrow(() -> new AssertionError("passed"));
        // Try 7 (0-based) passes run whole; a PCT schedule of two of its allocations breaks it.
        assertEquals(Invariant.DOUBLE_ALLOC, first.violation().invariant());
        assertEquals(7, first.tryIndex());
        assertEquals(40, first.original().size());
        assertEquals(seq(alloc(0), alloc(0), alloc(0)), first.shrunk());
        assertEquals(Schedule.parse("2:0 3"), first.schedule(), "step 2 preempted before its first kernel call");
        assertEquals(2, first.violation().step());
        assertEquals(Minimality.ONE_MINIMAL, first.minimality());
        assertTrue(CELL.executor().run(first.shrunk()).passed(), "run whole, the three allocations are fine");
        // Try 11 breaks the other invariant run whole: four tables of mm0, then one freed.
        assertEquals(1, r.otherFindings().size(), r.otherFindings()::toString);
        Finding later = r.otherFindings().get(0);
        assertEquals(Invariant.USE_AFTER_FREE, later.violation().invariant());
        assertEquals(11, later.tryIndex());
        assertEquals(16, later.original().size());
        assertEquals(seq(alloc(0), alloc(0), alloc(0), alloc(0), free(0)), later.shrunk());
        assertEquals(Schedule.SEQUENTIAL, later.schedule());
        assertEquals(5, later.violation().step());
        assertEquals(Minimality.ONE_MINIMAL, later.minimality());
        // First failing try 8 (1-based), last new one 12: it ran while fewer than min(8 + 1000, 2 * 12) had run.
        assertEquals(24, r.triesRun());
        assertFalse(Runner.goesOn(r.triesRun(), first.tryIndex() + 1, later.tryIndex() + 1));
        assertFalse(r.cutByBudget());
        // The same seed gives the same findings, schedules included.
        assertEquals(r.findings(), check(CheckConfig.DEFAULT_TRIES).findings());
    }

    /**
     * Seed 3's race is found in a try whose first 16 allocations of mm0 fill a page: one
     * operation at a time the shrink stopped at 19 allocations under {@code 18:0 19} (deleting any
     * one of the first 17 moves the race off the cursor, see
     * {@code sched.ScheduleShrinkerTest}); deleting chunks takes the whole page away.
     */
    @Test
    void aRaceBehindAFullPageShrinksToThreeAllocations() {
        Finding f = new Runner(CheckConfig.defaults().withSeed(3).withInterleavings()).check(CELL).finding()
                .getOrElseThrow(() -> new AssertionError("passed"));
        assertEquals(Invariant.DOUBLE_ALLOC, f.violation().invariant());
        assertEquals(1, f.tryIndex());
        assertEquals(40, f.original().size());
        assertEquals(seq(alloc(0), alloc(0), alloc(0)), f.shrunk());
        assertEquals(Schedule.parse("2:0 3"), f.schedule());
        assertEquals(2, f.violation().step());
        assertEquals(Minimality.ONE_MINIMAL, f.minimality());
        // 1-minimal in fact: without any one allocation (the schedule following), no double allocation.
        Interleaver in = new Interleaver(CELL.executor());
        for (int i = 0; i < f.shrunk().size(); i++) {
            BitSet gone = new BitSet();
            gone.set(i);
            assertFalse(in.run(Edits.delete(f.shrunk(), i, 1), f.schedule().without(gone)).violation()
                    .exists(v -> v.invariant() == Invariant.DOUBLE_ALLOC), "without allocation " + (i + 1));
        }
    }

    @Test
    void triesThatStopBeforeTheLaterTryReportOnlyTheRace() {
        // Tries 0 to 10: the race of try 7, not try 11's free.
        LaterFindingsTest.assertOnlyFinding(check(11), 11, Invariant.DOUBLE_ALLOC, seq(alloc(0), alloc(0), alloc(0)));
    }
}
