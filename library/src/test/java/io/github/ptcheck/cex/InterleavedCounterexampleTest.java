package io.github.ptcheck.cex;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.sched.ScheduleExplorer;
import io.github.ptcheck.sched.ScheduleReport;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule is part of a counterexample: written as a {@code schedule:} header, read back,
 * and replayed turn for turn; without it the same operations pass.
 */
class InterleavedCounterexampleTest {

    private static final UnlockedCursor UNLOCKED = new UnlockedCursor();
    private static final Catalog CATALOG = Catalog.builtIn().withStrategy(UNLOCKED);

    /** The race of the fragment cursor without mm->page_table_lock, as the exhaustive search finds it. */
    private static Finding race() {
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, UNLOCKED);
        ScheduleReport r = new ScheduleExplorer(cell, Bounds.DEFAULT.withCpus(1).withMms(1).withMaxTables(3), 1)
                .explore(3);
        assertTrue(r.finding().isDefined(), r::summary);
        return r.finding().get();
    }

    @Test
    void theFileOfAnInterleavedFindingRecordsItsScheduleAndReplaysIt() {
        Finding f = race();
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, UNLOCKED);
        String text = Counterexample.of(cell, f).text(new TextTrace(UNLOCKED).render(f.trace()));
        assertTrue(text.contains("\nschedule: 2:0 3 2\n"), text);
        assertTrue(text.contains("side by side"), "the trace in the file shows the CPUs side by side:\n" + text);

        CounterexampleFile file = CounterexampleFile.parse(text, "race.ptcheck", CATALOG);
        assertEquals(Schedule.parse("2:0 3 2"), file.counterexample().schedule().get());
        ReplayResult r = new Replay(CATALOG).replay(file);
        assertEquals(ReplayResult.Verdict.REPRODUCED, r.verdict(), r.explanation());
        assertEquals(Invariant.DOUBLE_ALLOC, r.outcome().violation().get().invariant());
        assertTrue(r.explanation().contains("under schedule 2:0 3 2"), r.explanation());

        String sequential = text.replace("schedule: 2:0 3 2\n", "");
        ReplayResult s = new Replay(CATALOG).replay(CounterexampleFile.parse(sequential, "race.ptcheck", CATALOG));
        assertEquals(ReplayResult.Verdict.NOT_REPRODUCED, s.verdict(), "run whole, the three allocations are fine");
    }

    @Test
    void theScheduleCountsInTheChecksumOnlyWhenThereIsOne() {
        Counterexample plain = Counterexample.of(Presets.POWERPC64_HASH_64K, "powerpc-naive-v1",
                io.vavr.collection.Vector.of(io.github.ptcheck.Ops.alloc(0), io.github.ptcheck.Ops.alloc(0)));
        Counterexample interleaved = plain.withSchedule(Schedule.parse("1:0 2 1"));
        assertTrue(!WrittenChecksum.of(plain).equals(WrittenChecksum.of(interleaved)));
        assertEquals(WrittenChecksum.of(plain), WrittenChecksum.of(plain.withSchedule(Schedule.SEQUENTIAL)),
                "a sequential schedule is no schedule: files without one keep their checksum");
    }

    @Test
    void aMalformedTurnIsReportedAtItsColumn() {
        String text = "preset: powerpc64-hash-64k\nstrategy: powerpc-naive-v1\nviolation: none\n"
                + "schedule: 1:0 two 1\n\nalloc mm0\nalloc mm0\n";
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "bad.ptcheck", Catalog.builtIn()));
        assertEquals(4, e.line());
        assertEquals(15, e.column());
        assertTrue(e.getMessage().contains("expected a schedule like '1:2 2 1'"), e.getMessage());
        assertTrue(e.getMessage().contains("found 'two'"), e.getMessage());
    }

    @Test
    void aTurnNamingAnOperationTheFileDoesNotHaveIsAnError() {
        String text = "preset: powerpc64-hash-64k\nstrategy: powerpc-naive-v1\nviolation: none\n"
                + "schedule: 1:0 3 1\n\nalloc mm0\nalloc mm0\n";
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "bad.ptcheck", Catalog.builtIn()));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("schedule turn '3' names operation 3 of a sequence of 2"), e.getMessage());
    }

    @Test
    void aTurnTooLargeForAnyFileIsSaidToBeSo() {
        String text = "preset: powerpc64-hash-64k\nstrategy: powerpc-naive-v1\nviolation: none\n"
                + "schedule: 1:0 99999999999\n\nalloc mm0\nalloc mm0\n";
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "bad.ptcheck", Catalog.builtIn()));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("found '99999999999'; the number is too large (at most 2147483647)"),
                e.getMessage());
    }

    @Test
    void anEmptyScheduleLineSaysToLeaveItOut() {
        String text = "preset: powerpc64-hash-64k\nstrategy: powerpc-naive-v1\nviolation: none\n"
                + "schedule:\n\nalloc mm0\n";
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "bad.ptcheck", Catalog.builtIn()));
        assertTrue(e.getMessage().contains("leave the line out"), e.getMessage());
    }
}
