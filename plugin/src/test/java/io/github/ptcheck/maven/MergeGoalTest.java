package io.github.ptcheck.maven;

import io.github.ptcheck.report.ShardMerge;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ptcheck.shard} and {@code ptcheck:merge}: the jobs of a matrix each check their share,
 * and their ptcheck.json, merged, is the whole check's; the merge fails the build as the whole
 * check would, and names what is wrong with reports that are not one matrix.
 */
class MergeGoalTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private static final CheckRequest REQUEST = CheckRequest.defaults().withCells("generic-v6.6@x86_64",
            "generic-v6.6@powerpc64-hash-64k", "s390-hh-v2@s390x", "s390-fullpage-v6.7@s390x")
            .withNumbers(3, 20, 20, 2, 2, 3, 30, null).withExhaustive(4, 100_000);

    /** Runs one job (or the whole check) into {@code dir}; a job that finds an unexpected violation fails, as it should. */
    private Path check(String shard, int shardDepth, String dir) throws Exception {
        return check(shard, shardDepth, dir, null);
    }

    /** The same, in Maven module {@code module} ({@code groupId:artifactId}), or outside one (null). */
    private Path check(String shard, int shardDepth, String dir, String module) throws Exception {
        return check(REQUEST, shard, shardDepth, dir, module);
    }

    /** The same, with other parameters than {@link #REQUEST}. */
    private Path check(CheckRequest request, String shard, int shardDepth, String dir, String module) throws Exception {
        Plan plan = Plan.of(request, List.of()).sharded(shard, shardDepth).withWorkers(2);
        Path reports = project.resolve(dir);
        try {
            CheckGoal goal = new CheckGoal(plan, new Commands("./mvnw", request), reports, "ptcheck.m", project, null,
                    true, log);
            (module == null ? goal : goal.inModule(module, null, null)).execute();
        } catch (MojoFailureException expected) {
            // generic-v6.6 on powerpc64-hash-64k breaks RCU_HEAD_REUSE, which no known verdict expects.
        }
        return reports.resolve(ReportFiles.JSON);
    }

    @Test
    void jobsSplittingTheCellsMergeIntoTheWholeChecksReportAndFailAsItWould() throws Exception {
        String whole = Files.readString(check(null, 0, "whole"));
        check("1/3", 0, "shards/job1");
        check("2/3", 0, "shards/job2");
        check("3/3", 0, "shards/job3");
        Path merged = project.resolve("merged/ptcheck.json");
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> new MergeGoal(true, log).execute(List.of(project.resolve("shards")), merged));
        assertTrue(e.getMessage().contains("1 cell(s) not as expected"), e.getMessage());
        assertEquals(whole, Files.readString(merged));
        assertTrue(log.at("INFO").contains("ptcheck:merge: 3 jobs, 4 cells: 2 failed, 2 passed; 1 not as expected"),
                log.at("INFO"));
        assertTrue(log.at("INFO").contains("  s390-hh-v2@s390x: failed (LEAK in 4 operations, shortest (exhaustive))"),
                log.at("INFO"));
        // The failed merge's log alone: the operations, the command that checks it again, the file and its replay.
        Path file = merged.resolveSibling("generic-v6.6@powerpc64-hash-64k.ptcheck");
        assertTrue(log.at("ERROR").contains("\nFAILED generic-v6.6@powerpc64-hash-64k\n  RCU_HEAD_REUSE at step 4"),
                log.at("ERROR"));
        assertTrue(log.at("ERROR").contains("\n  found by exhaustive search: 4 operations, none shorter:\n      1  alloc"
                + " mm0\n"), log.at("ERROR"));
        assertTrue(log.at("ERROR").contains("\n  >>  4  freeDeferred t1\n  reproduce: ./mvnw ptcheck:check"
                + " -Dptcheck.cells=generic-v6.6@powerpc64-hash-64k -Dptcheck.seed=3 "), log.at("ERROR"));
        assertTrue(log.at("ERROR").contains("\n  counterexample: " + file + "\n  replay:    mvn"
                + " io.github.ptcheck:ptcheck-maven-plugin:" + io.github.ptcheck.Version.current() + ":replay"
                + " -Dptcheck.file=" + file + "\n"), log.at("ERROR"));
        assertEquals(Files.readString(project.resolve("shards/job2/generic-v6.6@powerpc64-hash-64k.ptcheck")),
                Files.readString(file), "the file the job that checked the cell wrote");
        ShardMerge.Merged again = new MergeGoal(false, log).execute(List.of(project.resolve("shards")), merged);
        assertEquals(1, again.notAsExpected());
    }

    /**
     * A matrix of more jobs than cells (6 for 4): the jobs past the cells check nothing, say so,
     * and write a report that says so, and the merge of all six is the whole check's report.
     */
    @Test
    void moreJobsThanCellsMergeIntoTheWholeChecksReport() throws Exception {
        String whole = Files.readString(check(null, 0, "whole"));
        for (int k = 1; k <= 6; k++) {
            check(k + "/6", 0, "shards/job" + k);
        }
        assertTrue(log.at("WARNING").contains("ptcheck: shard 5/6 has no cell (4 cells for 6 jobs): this job checks"
                + " nothing, and its ptcheck.json says so to ptcheck:merge; a matrix of at most 4 jobs does the same"
                + " work"), log.at("WARNING"));
        Path merged = project.resolve("merged/ptcheck.json");
        new MergeGoal(false, log).execute(List.of(project.resolve("shards")), merged);
        assertEquals(whole, Files.readString(merged));
    }

    @Test
    void jobsSplittingTheFrontierGiveTheWholeChecksVerdictsAndCounterexamples() throws Exception {
        String whole = Files.readString(check(null, 0, "whole"));
        Path one = check("1/2", 2, "a");
        Path two = check("2/2", 2, "b");
        assertTrue(Files.readString(one).contains("\"splitDepth\": 2"), "each job says how it split");
        assertTrue(log.at("INFO").contains("\n  generic-v6.6@x86_64: clean to depth 4 of 4 (this job's share of the"
                + " frontier at depth 2, 1/2); "), "a job's clean is its share's: " + log.at("INFO"));
        ShardMerge.Merged m = new MergeGoal(false, log).execute(List.of(two, one), project.resolve("m.json"));
        for (String cell : new String[] {"generic-v6.6@x86_64", "generic-v6.6@powerpc64-hash-64k", "s390-hh-v2@s390x"}) {
            assertEquals(verdictAndFinding(whole, cell), verdictAndFinding(m.json(), cell), cell);
        }
        assertTrue(verdictAndFinding(m.json(), "s390-hh-v2@s390x").contains("\"invariant\": \"LEAK\""), m.json());
    }

    /**
     * A job whose share of the frontier misses the expected bug (one try, and no state of its
     * share past depth 1) logs no ERROR block claiming every sequence was explored and the bug
     * lost, only that the merge settles it; its clean is its share's.
     */
    @Test
    void aJobOfAFrontierSplitSpeaksOfItsShareOnly() throws Exception {
        check(REQUEST.withNumbers(3, 1, 20, 2, 2, 3, 30, null), "5/5", 1, "five", null);
        assertTrue(log.at("INFO").contains("  s390-hh-v2@s390x: clean to depth 4 of 4, no new state beyond it (this"
                + " job's share of the frontier at depth 1, 5/5)"), log.at("INFO"));
        assertTrue(!log.text().contains("PASSED, expected to fail s390-hh-v2@s390x") && log.at("ERROR").isBlank(),
                log.text());
        assertTrue(log.at("WARNING").contains("ptcheck: left to ptcheck:merge: s390-hh-v2@s390x (expected violation not"
                + " reached within ptcheck.maxTables=3"), log.text());
    }

    /**
     * A job of a frontier split that finds no violation of a cell expected to fail, in its share:
     * its table, its progress line, its totals and its HTML and JUnit reports say that its share
     * holds no finding and the merge judges the cell, not {@code PASSED, expected to fail}, which
     * only the merge can know; the job passes (its JUnit report has no failure for it either).
     */
    @Test
    void aJobOfAFrontierSplitLeavesAnExpectedBugItDidNotFindToTheMerge() throws Exception {
        CheckRequest request = CheckRequest.defaults().withCells("s390-hh-v2@s390x", "generic-v6.6@x86_64")
                .withNumbers(3, 1, 20, 2, 2, 3, 30, null).withExhaustive(4, 100_000);
        Plan plan = Plan.of(request, List.of()).sharded("5/5", 1).withWorkers(2);
        Path reports = project.resolve("five");
        new CheckGoal(plan, new Commands("./mvnw", request), reports, "ptcheck.m", project, null, true, log).execute();
        String share = "no finding in this share (5/5 of the frontier at depth 1); judged at merge";
        assertTrue(log.at("INFO").contains("\ns390-hh-v2@s390x     " + share + "  "), log.at("INFO"));
        assertTrue(log.at("INFO").contains("] s390-hh-v2@s390x " + share + "; 1 of 1 tries"), log.at("INFO"));
        assertTrue(log.at("INFO").contains("2 passed (1 expected to fail, judged at merge)"), log.at("INFO"));
        assertTrue(!log.text().contains("PASSED, expected to fail"), log.text());
        String junit = Files.readString(reports.resolve(ReportFiles.JUNIT));
        assertTrue(junit.contains(" failures=\"0\" errors=\"0\" skipped=\"1\""), junit);
        assertTrue(junit.contains("<skipped message=\"" + share + " (expected "), junit);
        assertTrue(!junit.contains("EXPECTED_VIOLATION_NOT_FOUND"), junit);
        String html = Files.readString(reports.resolve(ReportFiles.HTML));
        assertTrue(html.contains(share) && !html.contains("PASSED, expected to fail"), html);
        String json = Files.readString(reports.resolve(ReportFiles.JSON));
        assertTrue(json.contains("\"asExpected\": false"), "the merge still sees the cell as not as expected, "
                + "unless another job found its bug: " + json);
    }

    /** The lines of a cell's object in the report from its verdict to its finding's trace, counts left out. */
    private static String verdictAndFinding(String json, String cell) {
        int at = json.indexOf("\"cell\": \"" + cell + "\"");
        String part = json.substring(at, json.indexOf("\"trace\"", at) > 0 && json.indexOf("\"cell\": \"", at + 1) > 0
                ? json.indexOf("\"cell\": \"", at + 1) : json.length());
        return part.replaceAll("(?s)\"coverage\": \\{.*?\\}", "").replaceAll("(?m)^.*\"opsExecuted\".*$", "");
    }

    @Test
    void eachModulesJobsMergeIntoThatModulesReportAndTwoModulesAreRefusedByName() throws Exception {
        String whole = Files.readString(check(null, 0, "checks/whole", "com.example:checks"));
        assertTrue(whole.startsWith("{\n  \"ptcheck\": \"" + io.github.ptcheck.Version.current()
                + "\",\n  \"module\": \"com.example:checks\",\n"), whole);
        check("1/2", 0, "ci/checks/job1", "com.example:checks");
        check("2/2", 0, "ci/checks/job2", "com.example:checks");
        check("1/2", 0, "ci/strategies/job1", "com.example:strategies");
        Path merged = project.resolve("merged/ptcheck.json");
        new MergeGoal(false, log).execute(List.of(project.resolve("ci/checks")), merged);
        assertEquals(whole, Files.readString(merged), "one module's jobs give its whole check's report, module and all");

        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> new MergeGoal(false, log)
                .execute(List.of(project.resolve("ci/checks/job1"), project.resolve("ci/strategies/job1")), merged));
        assertTrue(e.getMessage().startsWith("ptcheck:merge: the reports are of 2 modules (com.example:checks: "
                + project.resolve("ci/checks/job1/ptcheck.json") + "; com.example:strategies: "
                + project.resolve("ci/strategies/job1/ptcheck.json") + "): merge each module's reports on its own"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("both job 1/2"), "not mistaken for one job given twice: " + e.getMessage());
    }

    /** A job given other bounds (here ptcheck.cpus) fails the merge, naming the field, both values and both reports. */
    @Test
    void jobsGivenOtherBoundsAreRefused() throws Exception {
        Path one = check("1/2", 0, "a");
        Path two = check(REQUEST.withNumbers(3, 20, 20, 3, 2, 3, 30, null), "2/2", 0, "b", null);
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> new MergeGoal(false, log)
                .execute(List.of(one, two), project.resolve("m.json")));
        assertTrue(e.getMessage().startsWith("ptcheck:merge: jobs of different runs: " + one + " has cpus 2, " + two
                + " cpus 3 (bounds); run every job with the same --cpus (ptcheck.cpus)"), e.getMessage());
    }

    @Test
    void noReportsGivenNamesTheParameterToSet() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> new MergeGoal(true, log)
                .execute(List.of(), project.resolve("m.json")));
        assertEquals("ptcheck:merge: no reports to merge: set ptcheck.reports to the jobs' ptcheck.json files or the"
                + " directory CI downloaded them to, e.g. mvn ptcheck:merge -Dptcheck.reports=shards"
                + " (docs/ci-matrix.md)", e.getMessage());
    }

    @Test
    void badShardsAndReportsAreNamed() throws Exception {
        Plan plan = Plan.of(REQUEST, List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan.sharded("3-4", 0)).getMessage()
                .startsWith("<shard> (ptcheck.shard): a shard is k/n, e.g. 2/4 for the second of four jobs; was '3-4',"
                        + " as in -Dptcheck.shard=${{ matrix.shard }}/4"));
        assertEquals("<shard> (ptcheck.shard): a shard is k/n with whole numbers, e.g. 2/4 for the second of four"
                + " jobs; was 'a/b', as in -Dptcheck.shard=${{ matrix.shard }}/4 with the matrix's shard: [1, 2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> plan.sharded("a/b", 0)).getMessage(),
                "no cause for Maven to print after it");
        assertNull(assertThrows(IllegalArgumentException.class, () -> plan.sharded("a/b", 0)).getCause());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan.sharded("1/99999999999", 0)).getMessage()
                .contains("a shard is k/n with n at most 2147483647 jobs; was '1/99999999999'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan.sharded("5/4", 0)).getMessage()
                .contains("1 <= k <= n"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan.sharded("1/2", 4)).getMessage()
                .contains("shardDepth must be 0"));
        Plan interleaved = Plan.of(REQUEST.withInterleavings(true, null), List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> interleaved.sharded("1/2", 2)).getMessage()
                .startsWith("shardDepth splits the search over sequences, not the one over schedules that"
                + " interleavings (or preemptions) add: every job would search all of it; leave ptcheck.shardDepth"
                + " out"));
        assertEquals(2, interleaved.sharded("1/2", 0).cells().size(), "split by cells, interleavings and all");
        assertEquals(List.of("generic-v6.6@powerpc64-hash-64k", "s390-fullpage-v6.7@s390x"),
                plan.sharded("2/2", 0).cells().map(c -> c.name()).toJavaList());
        assertEquals(4, plan.sharded("2/2", 1).cells().size(), "a frontier split keeps every cell");

        check("1/2", 0, "lone");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> new MergeGoal(true, log)
                .execute(List.of(project.resolve("lone")), project.resolve("m.json")));
        assertTrue(e.getMessage().contains("job(s) [2] of 2 are missing"), e.getMessage());
        e = assertThrows(MojoExecutionException.class, () -> new MergeGoal(true, log)
                .execute(List.of(project.resolve("nothing-here")), project.resolve("m.json")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
