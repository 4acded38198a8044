package io.github.ptcheck.maven;

import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckGoalTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private CheckGoal goal(CheckRequest r, String keepGoing, java.util.List<Strategy> user) {
        Plan plan = Plan.of(r, user);
        return new CheckGoal(plan, new Commands("./mvnw", r), project.resolve("target/ptcheck"), "ptcheck.my-module",
                project, keepGoing, true, log);
    }

    private CheckGoal goal(CheckRequest r, boolean failOnViolation) {
        return goal(r, failOnViolation ? null : "failOnViolation is false", java.util.List.of());
    }

    /** generic-v6.6 where tables share a page is the naive scheme; no known verdict expects that. */
    @Test
    void aViolationNobodyExpectedFailsWithOneBlockForItsPresetsAndAShortMessage() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@powerpc64-hash-64k",
                "generic-v6.6@powerpc64-radix-64k", "generic-v6.6@x86_64").withNumbers(7, 50, 40, 2, 2, 40, 30, null);
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> goal(r, true).execute());
        assertEquals("ptcheck: generic-v6.6 on 2 presets (RCU_HEAD_REUSE). See the ERROR block above and"
                + " target/ptcheck/ptcheck.html", e.getMessage());

        String info = log.at("INFO");
        assertTrue(info.contains("ptcheck: 3 cells: 2 failed, 1 passed;"), info);
        assertTrue(info.contains("\ngeneric-v6.6@powerpc64-hash-64k   FAILED "), info);
        String error = log.at("ERROR");
        assertTrue(error.startsWith("FAILED generic-v6.6 on 2 presets: powerpc64-hash-64k, powerpc64-radix-64k\n"
                + "  RCU_HEAD_REUSE at step 4 on page 0: "), error);
        assertEquals(1, error.split("ptcheck trace: ", -1).length - 1, "one trace for both presets: " + error);
        assertTrue(error.matches("(?s).*  seed 7, \\d+(st|nd|rd|th) try; .*"), error);
        assertTrue(error.contains(" to 4 operations (1-minimal):\n"
                + "      1  alloc mm0\n      2  alloc mm0\n      3  freeDeferred t0\n  >>  4  freeDeferred t1\n"), error);
        assertTrue(error.contains("\n    >>  4  freeDeferred t1\n"), "the trace, indented: " + error);
        assertTrue(error.contains("  counterexample: target/ptcheck/generic-v6.6@powerpc64-hash-64k.ptcheck\n"
                + "                  target/ptcheck/generic-v6.6@powerpc64-radix-64k.ptcheck\n"
                + "  reproduce: ./mvnw ptcheck:check"
                + " -Dptcheck.cells=generic-v6.6@powerpc64-hash-64k,generic-v6.6@powerpc64-radix-64k"
                + " -Dptcheck.seed=7 -Dptcheck.tries=50\n"
                + "  replay:    ./mvnw ptcheck:replay -Dptcheck.file=target/ptcheck/generic-v6.6@powerpc64-hash-64k.ptcheck\n"
                + "  replay:    ./mvnw ptcheck:replay"
                + " -Dptcheck.file=target/ptcheck/generic-v6.6@powerpc64-radix-64k.ptcheck\n"), error);
        assertFalse(error.contains("x86_64"), "a passing cell has no block");

        Path dir = project.resolve("target/ptcheck");
        assertTrue(Files.readString(dir.resolve("ptcheck.json")).contains("\"cell\": \"generic-v6.6@x86_64\""));
        assertTrue(Files.readString(dir.resolve("ptcheck.html")).startsWith("<!DOCTYPE html>"));
        String junit = Files.readString(dir.resolve("TEST-ptcheck.xml"));
        assertTrue(junit.contains("failures=\"2\""), junit);
        assertTrue(junit.contains("<testsuite name=\"ptcheck.my-module\""), junit);
        assertTrue(junit.contains("name=\"generic-v6.6@x86_64\" classname=\"ptcheck.my-module.generic-v6_6\" time=\""),
                junit);
        String cex = Files.readString(dir.resolve("generic-v6.6@powerpc64-hash-64k.ptcheck"));
        assertTrue(cex.contains("\nviolation: RCU_HEAD_REUSE step=4 page=0\nseed: 7\n"), cex);
        assertFalse(Files.exists(dir.resolve("generic-v6.6@x86_64.ptcheck")), "no file for a passing cell");
    }

    /**
     * In module checks of a multi-module build run from its top, the log names every file from
     * the top, where the reproduce command runs with -f; the replay's -Dptcheck.file stays
     * relative to the module, where Maven resolves it.
     */
    @Test
    void inAModuleTheLogNamesFilesFromTheTopAndTheReplayFileFromTheModule() throws Exception {
        Path checks = project.resolve("checks");
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@powerpc64-hash-64k")
                .withNumbers(7, 50, 40, 2, 2, 40, 30, null);
        CheckGoal goal = new CheckGoal(Plan.of(r, java.util.List.of()), new Commands(Commands.launcher(project, checks),
                r), checks.resolve("target/ptcheck"), "ptcheck.checks", checks, null, true, log)
                .inModule("com.example:checks", project, "ptcheck: install the modules it depends on first");
        MojoFailureException e = assertThrows(MojoFailureException.class, goal::execute);
        assertTrue(e.getMessage().endsWith(". See the ERROR block above and checks/target/ptcheck/ptcheck.html"),
                e.getMessage());
        String error = log.at("ERROR");
        assertTrue(error.contains("  counterexample: checks/target/ptcheck/generic-v6.6@powerpc64-hash-64k.ptcheck\n"
                + "  reproduce: mvn -f checks/pom.xml ptcheck:check -Dptcheck.cells=generic-v6.6@powerpc64-hash-64k"
                + " -Dptcheck.seed=7 -Dptcheck.tries=50\n"
                + "  replay:    mvn -f checks/pom.xml ptcheck:replay"
                + " -Dptcheck.file=target/ptcheck/generic-v6.6@powerpc64-hash-64k.ptcheck\n"), error);
        assertTrue(error.endsWith(".ptcheck\nptcheck: install the modules it depends on first\n"),
                "after the block: " + error);
        assertTrue(log.at("INFO").contains("\nptcheck reports: checks/target/ptcheck (ptcheck.html, "), log.at("INFO"));
        assertTrue(Files.readString(checks.resolve("target/ptcheck/ptcheck.json"))
                .contains("\"module\": \"com.example:checks\""));
    }

    @Test
    void theFinalMessageStaysShortWhateverFails() {
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@powerpc64-hash-64k", "generic-v6.6@s390x",
                "powerpc-naive-v1@s390x", "s390-naive-v1@powerpc64-hash-64k", "powerpc-refcount-v2@s390x",
                "powerpc-pageactive-v6.6@s390x").withNumbers(0, 50, 40, 2, 2, 40, 30, null);
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> goal(r, true).execute());
        assertTrue(e.getMessage().length() < 200, e.getMessage().length() + ": " + e.getMessage());
        assertTrue(e.getMessage().matches("ptcheck: generic-v6.6 on 2 presets \\(RCU_HEAD_REUSE\\); .*"
                + "; and \\d+ more\\. See the ERROR blocks above and target/ptcheck/ptcheck\\.html"), e.getMessage());
    }

    @Test
    void aKnownVerdictThatHoldsPassesTheBuildAndShowsAShortBlock() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("powerpc-naive-v1");
        goal(r, true).execute();
        assertEquals("", log.at("ERROR").strip(), "nothing at ERROR: " + log.text());
        String info = log.at("INFO");
        assertTrue(info.contains("expected to break an invariant (known verdicts, docs/strategies.md, and"
                + " <expectedViolations>): powerpc-naive-v1@powerpc64-hash-64k, powerpc-naive-v1@powerpc64-radix-64k\n"),
                info);
        assertTrue(info.contains("ptcheck: 3 cells: 2 failed (2 as expected), 1 passed;"), info);
        assertTrue(info.contains("\nfailed as expected powerpc-naive-v1 on 2 presets: powerpc64-hash-64k,"
                + " powerpc64-radix-64k\n  RCU_HEAD_REUSE at step 4 on page 0: "), info);
        assertTrue(info.contains("\n  expected: RCU_HEAD_REUSE (known verdict,"
                + " docs/strategies.md#the-two-bugs-of-the-first-patch)\n"), info);
    }

    @Test
    void aKnownVerdictThatNoLongerHoldsFailsTheBuild() {
        // One operation per sequence cannot defer a table it allocated: the mm-exit finding is out of reach.
        CheckRequest r = CheckRequest.defaults().withCells("powerpc-pageactive-v6.6@powerpc64-hash-64k")
                .withNumbers(0, 20, 1, 2, 2, 40, 30, null);
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> goal(r, true).execute());
        // Sequences of one operation, below the default 40: the bug is not reached within them, not lost.
        assertEquals("ptcheck: powerpc-pageactive-v6.6@powerpc64-hash-64k (expected violation not reached within the"
                + " tries and ptcheck.maxLength=1). See the"
                + " ERROR block above and target/ptcheck/ptcheck.html", e.getMessage());
        String error = log.at("ERROR");
        assertFalse(error.contains("lost"), error);
        assertTrue(error.contains("PASSED, expected to fail powerpc-pageactive-v6.6@powerpc64-hash-64k\n"
                + "  powerpc-pageactive-v6.6@powerpc64-hash-64k: 20 tries with seed 0 found no violation; the bug may need"
                + " more tries than 20 (the default is 200); within ptcheck.maxLength=1 (the default is 40): the bug may"
                + " need more\n"
                + "  expected BAD_PAGE_STATE or EARLY_FREE or USE_AFTER_FREE (known verdict, docs/strategies.md#"), error);
    }

    @Test
    void anExpectedViolationPassesTheBuildAndIsReportedAsExpected() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("s390-naive-v1@s390x")
                .withExpectedViolations("s390-naive-v1@s390x");
        List<CellReport> reports = goal(r, true).execute();
        assertFalse(reports.head().passed());
        assertEquals("", log.at("ERROR").strip(), "nothing at ERROR: " + log.text());
        String info = log.at("INFO");
        assertTrue(info.contains("ptcheck: 1 cell: 1 failed (1 as expected), 0 passed;"), info);
        assertTrue(info.contains("\nfailed as expected s390-naive-v1@s390x\n  UNION_CLOBBER at step 2"), info);
        assertTrue(info.contains("\n  expected: a violation (<expectedViolations>)\n"), info);
        assertTrue(info.contains("  counterexample: target/ptcheck/s390-naive-v1@s390x.ptcheck\n"), info);
        Path junit = project.resolve("target/ptcheck/TEST-ptcheck.xml");
        assertTrue(Files.readString(junit).contains("failures=\"0\" errors=\"0\" skipped=\"1\""));
        assertTrue(Files.exists(project.resolve("target/ptcheck/s390-naive-v1@s390x.ptcheck")));
    }

    @Test
    void anExpectedCellThatPassesFailsTheBuild() {
        CheckRequest r = CheckRequest.defaults().withCells("powerpc-naive-v1@powerpc64-4k")
                .withExpectedViolations("powerpc-naive-v1").withNumbers(0, 20, 40, 2, 2, 40, 30, null);
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> goal(r, true).execute());
        assertTrue(e.getMessage().startsWith("ptcheck: powerpc-naive-v1@powerpc64-4k (expected violation not reached within the"
                + " tries)."),
                e.getMessage());
        assertTrue(log.at("ERROR").contains("  powerpc-naive-v1@powerpc64-4k: 20 tries with seed 0 found no violation;"
                + " the bug may need more tries than 20 (the default is 200)\n"
                + "  expected a violation (<expectedViolations>).\n"), log.text());
        assertTrue(log.at("INFO").contains("PASSED, expected to fail"), log.text());
    }

    @Test
    void aLineForEachFinishedCellAndForALongCellLinesWhileItRuns() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@x86_64", "powerpc-naive-v1@powerpc64-hash-64k")
                .withNumbers(0, 3, 40, 2, 2, 40, 30, null).withExhaustive(2, 100_000);
        goal(r, true).progressEvery(java.time.Duration.ZERO).execute();
        String info = log.at("INFO");
        assertTrue(info.contains("\nptcheck: generic-v6.6@x86_64: 1 of 3 tries, "), info);
        assertTrue(info.contains("\nptcheck: generic-v6.6@x86_64: 2 of 3 tries, "), info);
        assertTrue(info.contains("\nptcheck: exploring generic-v6.6@x86_64: depth 1 of 2, "), info);
        assertTrue(info.contains("\nptcheck: [1/2] generic-v6.6@x86_64 passed; 3 of 3 tries; explored "), info);
        assertTrue(info.matches("(?s).*\nptcheck: \\[2/2\\] powerpc-naive-v1@powerpc64-hash-64k failed as expected"
                + " \\(RCU_HEAD_REUSE at step 4\\); \\d of 3 tries; explored \\d+ states to depth \\d of 2; \\d+\\.\\d s\n.*"),
                info);
    }

    @Test
    void withTestFailureIgnoreTheBuildGoesOnWithAWarningSayingWhy() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@powerpc64-radix-64k");
        goal(r, "maven.test.failure.ignore is true", java.util.List.of()).execute();
        assertTrue(log.at("ERROR").contains("RCU_HEAD_REUSE at step 4"), "the finding is still shown");
        assertTrue(log.at("WARNING").contains("maven.test.failure.ignore is true: the build goes on.\n"), log.text());
    }

    @Test
    void withFailOnViolationFalseTheBuildGoesOnWithAWarning() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@powerpc64-radix-64k");
        goal(r, false).execute();
        assertTrue(log.at("ERROR").contains("RCU_HEAD_REUSE at step 4"), "the finding is still shown");
        assertTrue(log.at("WARNING").contains("failOnViolation is false: the build goes on.\n"), log.text());
    }

    @Test
    void staleCounterexampleFilesOfAnEarlierRunAreRemoved() throws Exception {
        Path dir = Files.createDirectories(project.resolve("target/ptcheck"));
        Files.writeString(dir.resolve("fixed-long-ago@x86_64.ptcheck"), "old");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        goal(CheckRequest.defaults().withCells("generic-v6.6@x86_64").withNumbers(0, 5, 40, 2, 2, 40, 30, null),
                true).execute();
        assertFalse(Files.exists(dir.resolve("fixed-long-ago@x86_64.ptcheck")));
        assertTrue(Files.exists(dir.resolve("notes.txt")), "only .ptcheck files are ptcheck's");
    }

    /** Outside target/ ptcheck deletes no .ptcheck file, so it names the ones this run did not write. */
    @Test
    void staleCounterexampleFilesOutsideTargetStayAndAreNamedInAWarning() throws Exception {
        Path dir = Files.createDirectories(project.resolve("reports"));
        Files.writeString(dir.resolve("generic-v6.6@x86_64.ptcheck"), "an earlier run's finding");
        Files.writeString(dir.resolve("generic-v6.6@powerpc64-hash-64k.ptcheck"), "rewritten by this run");
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@x86_64", "generic-v6.6@powerpc64-hash-64k")
                .withNumbers(0, 5, 40, 2, 2, 40, 30, null);
        new CheckGoal(Plan.of(r, java.util.List.of()), new Commands("./mvnw", r), dir, "ptcheck.my-module", project,
                "failOnViolation is false", false, log).execute();
        assertEquals("an earlier run's finding", Files.readString(dir.resolve("generic-v6.6@x86_64.ptcheck")));
        assertTrue(log.at("WARNING").contains("ptcheck: reports holds 1 counterexample file this run did not write, from"
                + " an earlier run or by hand: generic-v6.6@x86_64.ptcheck. ptcheck deletes old .ptcheck files only in"
                + " a reports directory under the build directory; delete them, or set reportsDirectory below"
                + " ${project.build.directory}\n"), log.at("WARNING"));
    }

    /**
     * A strategy that throws in one cell is an execution error, not a verdict, and hides nothing:
     * the cells after it are checked and reported, its block says where and how to run it again,
     * every report keeps it as not judged, and the build fails naming it and the finding apart.
     */
    @Test
    void aStrategyThatThrowsFailsItsCellAndTheOtherCellsAreStillJudged() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("throws@x86_64", "my-generic@x86_64",
                "generic-v6.6@powerpc64-hash-64k").withNumbers(7, 50, 40, 2, 2, 40, 30, null);
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> goal(r, null, java.util.List.of(new Fixtures.Throws(), new Fixtures.MyGeneric())).execute());
        assertEquals("ptcheck: 1 cell not judged, the strategy failed: throws@x86_64; not as expected: generic-v6.6@"
                + "powerpc64-hash-64k (RCU_HEAD_REUSE at step 4). See the ERROR blocks above and target/ptcheck/ptcheck.html",
                e.getMessage());

        String info = log.at("INFO");
        assertTrue(info.contains("ptcheck: 2 cells judged, 1 not judged (below): 1 failed, 1 passed;"), info);
        assertTrue(info.matches("(?s).*\nmy-generic@x86_64 +passed +50/50 .*"), info);
        assertTrue(info.contains("ptcheck: [2/3] my-generic@x86_64 passed"), "the cells after it ran: " + info);
        String error = log.at("ERROR");
        assertTrue(error.startsWith("ptcheck: [1/3] throws@x86_64 NOT JUDGED, its strategy failed"), error);
        assertTrue(error.contains("\nptcheck: not judged, their strategy failed (the ERROR blocks below say where):"
                + " throws@x86_64\n"), error);
        assertTrue(error.contains("\nFAILED generic-v6.6@powerpc64-hash-64k\n"), "the finding's block too: " + error);
        assertTrue(error.matches("(?s).*\nptcheck cannot judge throws@x86_64: strategy 'throws' threw in pte_free_defer at"
                + " step \\d+ \\(freeDeferred t\\d+\\): java.lang.IllegalStateException: not written yet\\. Fix the"
                + " strategy: [^\n]*\n  seed 7, 1st try; the operations as run \\(the teardown follows them\\): [^\n]*"
                + "freeDeferred t\\d+\n.*"), error);
        assertTrue(error.contains("\n  reproduce: ./mvnw test-compile ptcheck:check -Dptcheck.cells=throws@x86_64"
                + " -Dptcheck.seed=7 -Dptcheck.tries=50 '-Dptcheck.strategyClasses=" + Fixtures.Throws.class.getName()
                + "'\n"), error);

        Path dir = project.resolve("target/ptcheck");
        String json = Files.readString(dir.resolve("ptcheck.json"));
        assertTrue(json.contains("\"cells\": 3,\n    \"failed\": 1,\n    \"passed\": 1,\n    \"notJudged\": 1,\n"
                + "    \"notAsExpected\": 2,"), json);
        assertTrue(json.indexOf("\"cell\": \"throws@x86_64\"") < json.indexOf("\"cell\": \"my-generic@x86_64\""),
                "in its place, first: " + json);
        assertTrue(json.contains("\"verdict\": \"notJudged\""), json);
        String junit = Files.readString(dir.resolve("TEST-ptcheck.xml"));
        assertTrue(junit.contains("tests=\"3\" failures=\"1\" errors=\"1\""), junit);
        assertTrue(junit.contains("<error message=\"strategy &#39;throws&#39; threw in pte_free_defer"), junit);
        assertTrue(Files.readString(dir.resolve("ptcheck.html")).contains("Not judged: the strategy failed (1)"));
    }

    /** The same in exhaustive mode, with and without interleavings: the other cells are explored and their lines logged. */
    @Test
    void inExhaustiveModeAStrategyThatThrowsFailsOnlyItsCell() {
        for (boolean interleaved : new boolean[] {false, true}) {
            log.lines.clear();
            CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@x86_64", "throws@x86_64")
                    .withNumbers(7, 10, 40, 2, 2, 40, 30, null).withExhaustive(3, 100_000)
                    .withInterleavings(interleaved, interleaved ? 1 : null);
            MojoExecutionException e = assertThrows(MojoExecutionException.class,
                    () -> goal(r, null, java.util.List.of(new Fixtures.Throws())).execute());
            assertTrue(e.getMessage().startsWith("ptcheck: 1 cell not judged, the strategy failed: throws@x86_64."),
                    e.getMessage());
            assertTrue(log.at("INFO").contains("\n  generic-v6.6@x86_64: clean to depth 3 of 3; "), log.text());
            assertTrue(log.at("ERROR").contains("\nptcheck cannot judge throws@x86_64: strategy 'throws' threw in"
                    + " pte_free_defer"), log.text());
        }
    }

    /**
     * A routine the interleaving search resumed another way: "not deterministic", reproduced by
     * the check of the cell with its depth and interleavings, no operations named to run (one run
     * of them need not pause the routine where the search did).
     */
    @Test
    void aRoutineResumedAnotherWayIsReproducedByTheCheckWithItsInterleavings() {
        CheckRequest r = CheckRequest.defaults().withCells("alternating-callback@x86_64")
                .withNumbers(7, 1, 1, 2, 2, 40, 30, null).withExhaustive(3, 100_000).withInterleavings(true, 2);
        assertThrows(MojoExecutionException.class,
                () -> goal(r, null, java.util.List.of(new Fixtures.AlternatingCallback())).execute());
        String error = log.at("ERROR");
        assertTrue(error.contains("\nptcheck cannot judge alternating-callback@x86_64: strategy 'alternating-callback'"
                + " is not deterministic: the same sequence gave two different results (kernel call 3 of step 2,"), error);
        assertFalse(error.contains("found by exhaustive search"), error);
        assertTrue(error.contains("\n  reproduce: ./mvnw test-compile ptcheck:check"
                + " -Dptcheck.cells=alternating-callback@x86_64 -Dptcheck.seed=7 -Dptcheck.tries=1"), error);
        assertTrue(error.contains(" -Dptcheck.depth=3 "), error);
        assertTrue(error.contains(" -Dptcheck.interleavings=true"), error);
    }

    @Test
    void exhaustiveModeReportsEachCellAndItsShortestCounterexampleReplacesTheShrunkOne() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("powerpc-pageactive-v6.6@powerpc64-hash-64k",
                "generic-v6.6@x86_64").withNumbers(7, 10, 40, 2, 2, 40, 30, null).withExhaustive(3, 100_000);
        goal(r, true).execute();
        String info = log.at("INFO");
        assertTrue(info.contains("; exhaustive to depth 3, at most 100000 states per cell, "
                + io.github.ptcheck.explore.Explorer.DEFAULT_WORKERS + " thread"), info);
        assertTrue(info.contains("\nexhaustive: every sequence of up to 3 operations, 2 CPUs, 2 mms, 40 tables:\n"
                + "  powerpc-pageactive-v6.6@powerpc64-hash-64k: BAD_PAGE_STATE in 2 operations (shortest); "), info);
        assertTrue(info.contains("\n  generic-v6.6@x86_64: clean to depth 3 of 3; "), info);
        assertTrue(info.contains("  found by exhaustive search: 2 operations, none shorter:\n"
                + "      1  alloc mm0\n      2  freeDeferred t0\n  >>  3  exitMm mm0   (teardown)\n"), info);
        Path dir = project.resolve("target/ptcheck");
        String cex = Files.readString(dir.resolve("powerpc-pageactive-v6.6@powerpc64-hash-64k.ptcheck"));
        assertTrue(cex.contains("\nminimality: shortest (exhaustive)\n"), cex);
        assertTrue(cex.contains("\nseed: 7\n"), "the seed of the check the search was part of: " + cex);
        String json = Files.readString(dir.resolve("ptcheck.json"));
        assertFalse(json.contains("\"seed\": \"0\""), "cells and findings carry the check's seed 7: " + json);
        assertTrue(json.contains("\"seed\": \"7\""), json);
        assertTrue(json.contains("\"explore.depth\": 3,"), json);
        assertTrue(json.contains("\"explore.depthCompleted\": 3,"), json);
    }

    @Test
    void anExplorationStoppedByTheStateBudgetIsAWarningNotAFailure() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("generic-v6.6@x86_64").withNumbers(0, 5, 40, 2, 2, 40, 30,
                null).withExhaustive(6, 50);
        goal(r, true).execute();
        assertTrue(log.at("WARNING").contains("  generic-v6.6@x86_64: clean to depth "), log.text());
        assertTrue(log.at("WARNING").contains("; stopped by the state budget of 50 (ptcheck.stateBudget)\n"),
                log.text());
    }

    @Test
    void theSameParametersGiveTheSameReports() throws Exception {
        CheckRequest r = CheckRequest.defaults().withCells("@powerpc64-hash-64k").withNumbers(3, 30, 40, 2, 2, 40, 30,
                null).withExpectedViolations("powerpc-naive-v1", "powerpc-pageactive-v6.6@powerpc64-hash-64k",
                "powerpc-pageactive-fda4d71651f7@powerpc64-hash-64k");
        goal(r, true).execute();
        Path dir = project.resolve("target/ptcheck");
        String json = Files.readString(dir.resolve("ptcheck.json"));
        String html = Files.readString(dir.resolve("ptcheck.html"));
        goal(r, true).execute();
        assertEquals(json, Files.readString(dir.resolve("ptcheck.json")));
        assertEquals(html, Files.readString(dir.resolve("ptcheck.html")));
    }

    @Test
    void theGoalClearsThePreviousRunsReportsBeforeItChecksAnything() throws Exception {
        Path dir = Files.createDirectories(project.resolve("target/ptcheck"));
        for (String old : new String[] {"ptcheck.json", "ptcheck.html", "TEST-ptcheck.xml", "old@x86_64.ptcheck",
                ".ptcheck-writing-123.tmp"}) {
            Files.writeString(dir.resolve(old), "from the run before");
        }
        // While this run's cell runs (and it could be killed), what was there must not pass for its reports.
        LooksAtReports.dir = dir;
        assertThrows(MojoExecutionException.class, () -> goal(CheckRequest.defaults().withCells("looks@x86_64"), null,
                java.util.List.of(new LooksAtReports())).execute());
        assertTrue(log.at("ERROR").contains("java.lang.IllegalStateException: the reports directory holds []."),
                log.text());
        goal(CheckRequest.defaults().withCells("generic-v6.6@x86_64").withNumbers(0, 5, 40, 2, 2, 40, 30, null), true)
                .execute();
        try (java.util.stream.Stream<Path> written = Files.list(dir)) {
            assertEquals(java.util.List.of("TEST-ptcheck.xml", "ptcheck.html", "ptcheck.json"),
                    written.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void cellsProbablyNotMeantAreWarnedAboutAndStillRun() throws Exception {
        goal(CheckRequest.defaults().withCells("generic-v6.6@x86_64", "generic-v6.6@x86_64", "sparc64-v6.6@x86_64")
                .withNumbers(0, 5, 40, 2, 2, 40, 30, null).withExpectedViolations("powerpc-naive-v1"), true).execute();
        String warn = log.at("WARNING");
        assertTrue(warn.contains("ptcheck: cell generic-v6.6@x86_64 is named twice in <cells> ('generic-v6.6@x86_64');"
                + " it runs once\n"), warn);
        assertTrue(warn.contains("ptcheck: strategy sparc64-v6.6 does not serve x86_64 (the kernel does not use it"
                + " there); checking sparc64-v6.6@x86_64 anyway, as <cells> asks (it serves sparc64)\n"), warn);
        assertTrue(warn.contains("ptcheck: <expectedViolations> entry 'powerpc-naive-v1' matches no cell checked in this"
                + " run, so it expects nothing here"), warn);
        assertTrue(log.at("INFO").contains("ptcheck: 2 cells: "), log.text());
    }

    @Test
    void aStrategyCallThatNeverReturnsEndsTheGoalNamingItInsteadOfHangingTheBuild() {
        try {
            CheckRequest r = CheckRequest.defaults().withCells("spins@x86_64").withCallTimeout(1);
            MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> Watched.run(r.callTimeout(),
                    () -> goal(r, null, java.util.List.of(new Fixtures.Spins())).execute()));
            // The check of the cell runs on a worker of its own: the goal gives up on it and names the cell.
            assertTrue(e.getMessage().startsWith("ptcheck: 1 cell not judged, the strategy failed: spins@x86_64."),
                    e.getMessage());
            String error = log.at("ERROR");
            assertTrue(error.contains("\nptcheck cannot judge spins@x86_64: strategy 'spins' did not return"
                    + " within 1 s (the call timeout; ptcheck gave up on it and left its thread running until the JVM"
                    + " exits) in pte_free_defer at step "), error);
            // The try and its operations, as for a throw.
            assertTrue(error.matches("(?s).* If it is only slow, raise -Dptcheck.callTimeout \\(seconds, 1 now\\)\\.\n"
                    + "  seed 0, \\d+(st|nd|rd|th) try; the operations as run \\(the teardown follows them\\): [^\n]*"
                    + "freeDeferred t\\d+\n.*"), error);
        } finally {
            Fixtures.Spins.release();
        }
    }

    /** A user's strategy that throws, saying what its reports directory holds while its cell runs. */
    static final class LooksAtReports extends Fixtures.MyGeneric {
        static volatile Path dir;

        @Override
        public String name() {
            return "looks";
        }

        @Override
        public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine> pteFreeDefer(
                io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table table) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                throw new IllegalStateException("the reports directory holds " + files.map(p -> p.getFileName()
                        .toString()).toList());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
