package io.github.ptcheck.report;

import io.github.ptcheck.check.CellReport;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleSummaryTest {

    @Test
    void aFixedWidthTableThenTheFailingCellWithItsShrunkSequenceSeedAndCommand() {
        CellReport naive = SampleReports.naive();
        String out = new ConsoleSummary(SampleReports::command).render(List.of(naive, SampleReports.generic()));
        String expected = ""
                + "ptcheck: 2 cells: 1 failed, 1 passed; 1290 operations\n"
                + "cell                                 verdict                  tries   ops  violation              shrunk  minimality\n"
                + "-----------------------------------  ---------------------  -------  ----  ---------------------  ------  ----------\n"
                + "powerpc-naive-v1@powerpc64-hash-64k  FAILED (known broken)  18/1000   290  RCU_HEAD_REUSE step 4  4 of 9  1-minimal\n"
                + "generic-v6.6@x86_64                  passed                 100/100  1000  -                      -       -\n"
                + "\n"
                + "FAILED (known broken) powerpc-naive-v1@powerpc64-hash-64k\n"
                + "  " + naive.finding().get().violation().summary() + "\n"
                + "  seed 42, 18th try; shrunk from 9 to 4 operations (1-minimal):\n"
                + "      1  alloc mm0\n"
                + "      2  alloc mm0\n"
                + "      3  freeDeferred t0\n"
                + "  >>  4  freeDeferred t1\n"
                + "  reproduce: ./mvnw ptcheck:check -Dptcheck.seed=42 -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k\n";
        assertEquals(expected, out);
        assertTrue(naive.finding().get().violation().summary().startsWith("RCU_HEAD_REUSE at step 4 on page 0: "));
    }

    /** Cells not judged (their strategy failed) are counted in the totals line, which otherwise leaves them out. */
    @Test
    void theTotalsLineCountsTheCellsNotJudged() {
        List<CellReport> two = List.of(SampleReports.naive(), SampleReports.generic());
        assertTrue(new ConsoleSummary().withNotJudged(12).table(two).startsWith("ptcheck: 2 cells judged, 12 not judged"
                + " (below): 1 failed, 1 passed; 1290 operations\ncell "));
        assertTrue(new ConsoleSummary().withNotJudged(1).table(List.of(SampleReports.generic())).startsWith(
                "ptcheck: 1 cell judged, 1 not judged (below): 0 failed, 1 passed; 1000 operations\n"));
        assertEquals(new ConsoleSummary().table(two), new ConsoleSummary().withNotJudged(0).table(two));
    }

    @Test
    void aViolationInTheTeardownShowsTheTeardownStepsAndTheLeakCheck() {
        String out = new ConsoleSummary().render(List.of(SampleReports.leaky()));
        assertTrue(out.contains("leaky@x86_64  FAILED   1/100    4  LEAK step 4 (teardown)  2 of 3  partially shrunk\n"), out);
        assertTrue(out.contains("  seed 5, 1st try; shrunk from 3 to 2 operations (partially shrunk):\n"
                + "      1  alloc mm0\n"
                + "      2  freeDeferred t0\n"
                + "      3  exitMm mm0   (teardown)\n"
                + "      4  rcuBarrier   (teardown)\n"
                + "  >> leak check after the teardown\n"), out);
        assertFalse(out.contains("reproduce:"), "no command supplied, none shown");
    }

    @Test
    void noLineEndsInBlanksAndEqualInputGivesEqualBytes() {
        String a = new ConsoleSummary(SampleReports::command).render(SampleReports.all());
        String b = new ConsoleSummary(SampleReports::command).render(SampleReports.all());
        assertEquals(a, b);
        for (String line : a.split("\n")) {
            assertEquals(line.stripTrailing(), line);
        }
        assertTrue(a.contains("10 budget"), "a budget-cut cell says so in its tries: " + a);
        assertTrue(a.contains("\n  found by exhaustive search: 2 operations, none shorter:\n"), a);
        assertFalse(a.contains("shrunk from 2 to 2"), "no shrinking is claimed where none happened: " + a);
    }

    @Test
    void cellsDeclaredExpectedReadAsExpectedOrAsPassedWhenTheViolationWasNotFound() {
        CellReport naive = SampleReports.naive();
        CellReport generic = SampleReports.generic();
        ConsoleSummary summary = new ConsoleSummary(SampleReports::command)
                .expecting(c -> c.strategy().name().equals("powerpc-naive-v1") || c.preset().name().equals("x86_64"));
        String out = summary.render(List.of(naive, generic));
        assertTrue(out.startsWith("ptcheck: 2 cells: 1 failed (1 as expected), 1 passed (1 expected to fail);"
                + " 1290 operations\n"), out);
        assertTrue(out.contains("\npowerpc-naive-v1@powerpc64-hash-64k  failed as expected        18/1000"), out);
        assertTrue(out.contains("\ngeneric-v6.6@x86_64                  PASSED, expected to fail  100/100"), out);
        assertTrue(out.contains("\nfailed as expected powerpc-naive-v1@powerpc64-hash-64k\n"), out);
    }

    @Test
    void theTableAndEachFindingRenderAlsoAlone() {
        CellReport naive = SampleReports.naive();
        CellReport generic = SampleReports.generic();
        ConsoleSummary summary = new ConsoleSummary(SampleReports::command);
        String table = summary.table(List.of(naive, generic));
        assertEquals(summary.render(List.of(naive, generic)), table + "\n" + summary.finding(naive));
        assertTrue(summary.finding(naive).startsWith("FAILED (known broken) powerpc-naive-v1@powerpc64-hash-64k\n"));
        assertEquals("", summary.finding(generic), "a passing cell has no finding block");
        assertFalse(table.contains("reproduce:"));
    }
}
