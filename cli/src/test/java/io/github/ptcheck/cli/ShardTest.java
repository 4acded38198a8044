package io.github.ptcheck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --shard}, {@code --json} and {@code ptcheck merge}: the jobs of a matrix, merged, give
 * the whole check's report (split by cells: the same bytes; split by frontier: the same
 * verdicts and counterexamples) and its exit code.
 */
class ShardTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private String json(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    /** A strategy that is not built in, as the Maven plugin or the JUnit extension loads one: generic-v6.6 renamed. */
    public static class Mine implements io.github.ptcheck.strategy.Strategy {
        private final io.github.ptcheck.strategy.Strategy of = io.github.ptcheck.strategy.Strategies.named("generic-v6.6");

        public String name() { return "mine"; }
        public String source() { return of.source(); }
        public boolean serves(io.github.ptcheck.arch.Preset p) { return of.serves(p); }
        public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, Allocated> pteAllocOne(
                io.github.ptcheck.model.Machine m, int mm) { return of.pteAllocOne(m, mm); }
        public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine> pteFree(
                io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) { return of.pteFree(m, t); }
        public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine> pteFreeDefer(
                io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) { return of.pteFreeDefer(m, t); }
        public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine>
                tlbRemoveTableFree(io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) {
            return of.tlbRemoveTableFree(m, t);
        }
        public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine> rcuCallback(
                io.github.ptcheck.model.Machine m, String func, int pfn) { return of.rcuCallback(m, func, pfn); }
    }

    /**
     * A report that does not record where a strategy of the user's was loaded from (the Maven
     * plugin's, the JUnit extension's) merges into a replay line with {@code <its classes>}, and the
     * merge says on the next line that it is not a path but for the reader to fill in.
     */
    @Test
    void aReplayWhoseStrategyPathNoReportRecordsSaysSo() throws Exception {
        io.github.ptcheck.check.Cell cell = new io.github.ptcheck.check.Cell(
                io.github.ptcheck.arch.Presets.named("powerpc64-hash-64k"), new Mine());
        io.github.ptcheck.check.CellReport r = new io.github.ptcheck.check.Runner(io.github.ptcheck.check.CheckConfig
                .defaults().withTries(200)).check(cell);
        assertTrue(r.finding().isDefined(), "generic-v6.6 breaks RCU_HEAD_REUSE on powerpc64-hash-64k");
        Files.writeString(dir.resolve("plugin.json"), new io.github.ptcheck.report.JsonReport()
                .render(io.vavr.collection.List.of(r)));
        Run merged = run("merge", dir.resolve("plugin.json").toString(), "--save", dir.resolve("cex").toString());
        assertEquals(1, merged.exit(), merged::toString);
        assertTrue(merged.out().contains(" replay --strategy-path <its classes> --strategy-class "
                + Mine.class.getName() + " " + dir.resolve("cex") + "/mine@powerpc64-hash-64k.ptcheck\n  (<its classes>"
                + " is not a path: the job's report does not record where the strategy's classes are (it was written"
                + " by the Maven plugin or the JUnit extension, not by ptcheck check/explore --json); put the jar or"
                + " class folder that holds it there)\n"), merged::toString);
    }

    @Test
    void checkJobsSplittingTheCellsMergeIntoTheWholeChecksReport() throws Exception {
        String[] cells = {"generic-v6.6@x86_64", "powerpc-naive-v1@powerpc64-hash-64k", "s390-naive-v1@s390x"};
        Run whole = run(concat(cells, "--tries", "30", "--json", dir.resolve("whole.json").toString()));
        assertEquals(0, whole.exit(), whole::toString);
        for (int k = 1; k <= 2; k++) {
            Run job = run(concat(cells, "--tries", "30", "--shard", k + "/2", "--json",
                    dir.resolve("job" + k + ".json").toString()));
            assertEquals(0, job.exit(), job::toString);
        }
        Run merged = run("merge", dir.resolve("job2.json").toString(), dir.resolve("job1.json").toString(), "--json",
                dir.resolve("merged.json").toString());
        assertEquals(0, merged.exit(), merged::toString);
        assertEquals(json("whole.json"), json("merged.json"));
        assertTrue(merged.out().startsWith("ptcheck merge: 2 jobs, 3 cells: 2 failed, 1 passed"), merged::toString);
        assertTrue(merged.out().contains("\n  s390-naive-v1@s390x: failed (UNION_CLOBBER in "), merged::toString);
    }

    /**
     * A merge with a cell not as expected shows its operations, the command that checks it again,
     * and with --save its counterexample file and the replay command, which gives the violation
     * again; it exits 1, as the whole check would.
     */
    @Test
    void theMergeShowsACellNotAsExpectedAndItsReplayReproducesIt() throws Exception {
        String[] cells = {"explore", "generic-v6.6@x86_64", "generic-v6.6@powerpc64-hash-64k", "--depth", "4",
                "--max-tables", "3"};
        for (int k = 1; k <= 2; k++) {
            run(concat(cells, "--shard", k + "/2", "--shard-depth", "2", "--json",
                    dir.resolve("job" + k + ".json").toString()));
        }
        Run merged = run("merge", dir.resolve("job1.json").toString(), dir.resolve("job2.json").toString(), "--save",
                dir.resolve("cex").toString());
        assertEquals(1, merged.exit(), merged::toString);
        Path file = dir.resolve("cex/generic-v6.6@powerpc64-hash-64k.ptcheck");
        assertTrue(merged.out().contains("\n\nFAILED generic-v6.6@powerpc64-hash-64k\n  RCU_HEAD_REUSE at step 4 on"
                + " page 0: "), merged::toString);
        assertTrue(merged.out().contains("\n  found by exhaustive search: 4 operations, none shorter:\n      1  alloc"
                + " mm0\n      2  alloc mm0\n      3  freeDeferred t0\n  >>  4  freeDeferred t1\n  reproduce: "
                + Launcher.command() + " explore generic-v6.6@powerpc64-hash-64k --depth 4 --max-tables 3\n"
                + "  counterexample: " + file + "\n  replay:    " + Launcher.command() + " replay " + file + "\n"),
                merged::toString);
        Run replay = run("replay", file.toString());
        assertEquals(1, replay.exit(), replay::toString);
        assertTrue(replay.out().contains("RCU_HEAD_REUSE at step 4"), replay::toString);
    }

    /** Five jobs for three cells: jobs 4 and 5 check nothing, say so, exit 0, and the merge is the whole check's. */
    @Test
    void moreJobsThanCellsMergeIntoTheWholeChecksReport() throws Exception {
        String[] cells = {"generic-v6.6@x86_64", "powerpc-naive-v1@powerpc64-hash-64k", "s390-naive-v1@s390x"};
        run(concat(cells, "--tries", "30", "--json", dir.resolve("whole.json").toString()));
        for (int k = 1; k <= 5; k++) {
            Run job = run(concat(cells, "--tries", "30", "--shard", k + "/5", "--json",
                    dir.resolve("shards/job" + k + "/ptcheck.json").toString()));
            assertEquals(0, job.exit(), job::toString);
            assertEquals(k > 3, job.out().contains("\nptcheck: --shard " + k + "/5 has no cell (3 cells for 5 jobs):"
                    + " this job checks nothing, and its report says so to ptcheck merge; a matrix of at most 3 jobs"
                    + " does the same work"), job::toString);
        }
        Run merged = run("merge", dir.resolve("shards").toString(), "--json", dir.resolve("merged.json").toString());
        assertEquals(0, merged.exit(), merged::toString);
        assertEquals(json("whole.json"), json("merged.json"));
    }

    @Test
    void exploreJobsSplittingTheFrontierGiveTheWholeExplorationsCounterexamples() throws Exception {
        String[] cells = {"explore", "generic-v6.6@x86_64", "s390-hh-v2@s390x", "--depth", "4", "--max-tables", "3"};
        Run whole = run(concat(cells, "--json", dir.resolve("whole.json").toString()));
        for (int k = 1; k <= 3; k++) {
            Run job = run(concat(cells, "--shard", k + "/3", "--shard-depth", "2", "--workers", "2", "--json",
                    dir.resolve("job" + k + ".json").toString()));
            assertEquals(whole.exit(), job.exit(), job::toString);
        }
        Run merged = run("merge", dir.resolve("job1.json").toString(), dir.resolve("job2.json").toString(),
                dir.resolve("job3.json").toString(), "--json", dir.resolve("merged.json").toString());
        assertEquals(whole.exit(), merged.exit(), merged::toString);
        String w = json("whole.json");
        String m = json("merged.json");
        String finding = w.substring(w.indexOf("\"shrunk\""), w.indexOf("\"original\""));
        assertTrue(m.contains(finding), "the whole exploration's counterexample " + finding + " in " + m);
        assertTrue(merged.out().contains("\n  s390-hh-v2@s390x: failed (LEAK in 4 operations, shortest (exhaustive))"),
                merged::toString);
        // The jobs' states summed, said to be so: not the one exploration's count, which no job knows.
        assertTrue(merged.out().contains("\n  generic-v6.6@x86_64: passed; 3 jobs explored "), merged::toString);
        assertTrue(merged.out().contains(" states, summed (within depth 2 counted once, past it each job's: a state"
                + " two jobs reach counts twice)\n"), merged::toString);
        assertTrue(!m.contains("\"explore.statesVisited\"") && m.contains("\"explore.statesVisitedSummed\""), m);
    }

    /**
     * A job whose share of the frontier holds no state past the split (five jobs for the three
     * states at depth 1) says its clean is its share's, and prints no block claiming that every
     * sequence was explored and the expected bug lost: it leaves the verdict to the merge.
     */
    @Test
    void aJobOfAFrontierSplitSpeaksOfItsShareOnly() throws Exception {
        Run job = run("explore", "s390-hh-v2@s390x", "--depth", "4", "--max-tables", "3", "--shard", "5/5",
                "--shard-depth", "1");
        assertEquals(0, job.exit(), job::toString);
        assertTrue(job.out().contains("  clean to depth 4 of 4, closed (this job's share of the frontier at depth 1,"
                + " 5/5); "), job::toString);
        assertTrue(!job.out().contains("PASSED, expected to fail") && !job.out().contains("explored,"
                + " none broke an invariant"), job::toString);
        // Its table says what the job knows: no finding in its share, the merge judges the cell.
        assertTrue(job.out().contains("\ns390-hh-v2@s390x  no finding in this share (5/5 of the frontier at depth 1);"
                + " judged at merge  clean to depth 4 of 4, closed"), job::toString);
        assertTrue(job.out().contains("\nptcheck: left to ptcheck merge: s390-hh-v2@s390x (expected violation not"
                + " reached within --max-tables 3)"), job::toString);
        // Its last line neither calls the cell as expected nor counts it as passed.
        assertTrue(job.out().contains("\nptcheck: every cell this job can judge as expected: 0 passed, 0 broke the"
                + " invariant expected of it; 1 left to ptcheck merge (above)\n"), job::toString);
    }

    @Test
    void aMissingJobIsAUsageError() throws Exception {
        run("check", "generic-v6.6@x86_64", "s390-naive-v1@s390x", "--tries", "5", "--shard", "1/2", "--json",
                dir.resolve("job1.json").toString());
        Run merged = run("merge", dir.resolve("job1.json").toString());
        assertEquals(2, merged.exit(), merged::toString);
        assertTrue(merged.err().contains("job(s) [2] of 2 are missing"), merged::toString);
        Run bad = run("check", "generic-v6.6@x86_64", "--shard", "2/1");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("ptcheck: --shard: a shard is k/n with 1 <= k <= n, e.g. 2/4 for the second of"
                + " four jobs; was 2/1, as in --shard ${{ matrix.shard }}/4"), bad::toString);
        for (String shard : new String[] {"0/3", "4/3", "1/0", "a/b", "1/99999999999", "3"}) {
            Run wrong = run("check", "generic-v6.6@x86_64", "--shard", shard);
            assertEquals(2, wrong.exit(), wrong::toString);
            assertTrue(wrong.err().startsWith("ptcheck: --shard: a shard is k/n") && (wrong.err().contains("'" + shard
                    + "'") || wrong.err().contains("was " + shard + ",")), wrong::toString);
        }
        Run schedules = run("explore", "generic-v6.6@x86_64", "--depth", "3", "--interleavings", "--shard", "1/2",
                "--shard-depth", "1");
        assertEquals(2, schedules.exit(), schedules::toString);
        assertTrue(schedules.err().contains("--shard-depth splits the search over sequences, not the one over"
                + " schedules that --interleavings (--preemptions) adds: every job would search all of it"),
                schedules::toString);
    }

    /** Jobs of a cell split given the cells in different orders both took generic: exit 2, naming the cell and both files. */
    @Test
    void aCellTwoJobsOfACellSplitCheckedIsAUsageError() throws Exception {
        Run one = run("check", "generic-v6.6@x86_64", "sparc64-v6.6@sparc64", "--shard", "1/2", "--json",
                dir.resolve("r1.json").toString(), "--tries", "5");
        Run two = run("check", "sparc64-v6.6@sparc64", "generic-v6.6@x86_64", "--shard", "2/2", "--json",
                dir.resolve("r2.json").toString(), "--tries", "5");
        assertEquals(0, one.exit(), one::toString);
        assertEquals(0, two.exit(), two::toString);
        Run merged = run("merge", dir.resolve("r1.json").toString(), dir.resolve("r2.json").toString());
        assertEquals(2, merged.exit(), merged::toString);
        assertTrue(merged.err().contains("cell generic-v6.6@x86_64 is reported by both " + dir.resolve("r1.json")
                + " and " + dir.resolve("r2.json")), merged::toString);
        assertTrue(merged.err().contains("give every job the same cells in the same order"), merged::toString);
        assertTrue(!merged.out().contains("every cell as expected"), merged::toString);
    }

    /** Jobs given other bounds than their matrix's are not one run: exit 2, naming the option, both values and both files. */
    @Test
    void jobsGivenOtherBoundsAreAUsageErrorNamingTheFieldAndTheFiles() throws Exception {
        String[] cells = {"generic-v6.6@x86_64", "s390-naive-v1@s390x", "--tries", "5"};
        run(concat(cells, "--shard", "1/2", "--json", dir.resolve("job1.json").toString()));
        run(concat(cells, "--shard", "2/2", "--cpus", "3", "--json", dir.resolve("job2.json").toString()));
        assertTrue(json("job2.json").contains("\"bounds\": {\n    \"cpus\": 3,\n"), json("job2.json"));
        Run merged = run("merge", dir.resolve("job1.json").toString(), dir.resolve("job2.json").toString());
        assertEquals(2, merged.exit(), merged::toString);
        assertTrue(merged.err().contains("jobs of different runs: " + dir.resolve("job1.json") + " has cpus 2, "
                + dir.resolve("job2.json") + " cpus 3 (bounds); run every job with the same --cpus (ptcheck.cpus)"),
                merged::toString);

        String[] explore = {"explore", "generic-v6.6@x86_64", "--depth", "3", "--max-tables", "3", "--shard-depth", "1"};
        run(concat(explore, "--shard", "1/2", "--json", dir.resolve("e1.json").toString()));
        run(concat(explore, "--shard", "2/2", "--state-budget", "5000", "--json", dir.resolve("e2.json").toString()));
        merged = run("merge", dir.resolve("e1.json").toString(), dir.resolve("e2.json").toString());
        assertEquals(2, merged.exit(), merged::toString);
        assertTrue(merged.err().contains(dir.resolve("e1.json") + " has stateBudget unset, " + dir.resolve("e2.json")
                + " stateBudget 5000 (bounds); run every job with the same --state-budget"), merged::toString);
    }

    /** Reports of two Maven modules' matrices (the plugin writes "module") are refused here as in ptcheck:merge. */
    @Test
    void reportsOfTwoModulesAreAUsageErrorNamingEachModule() throws Exception {
        for (int k = 1; k <= 2; k++) {
            run("check", "generic-v6.6@x86_64", "s390-naive-v1@s390x", "--tries", "30", "--shard", k + "/2",
                    "--json", dir.resolve("job" + k + ".json").toString());
        }
        String version = "\"ptcheck\": \"" + io.github.ptcheck.Version.current() + "\",";
        Files.writeString(dir.resolve("checks1.json"), withModule(json("job1.json"), "com.example:checks"));
        Files.writeString(dir.resolve("drivers1.json"), withModule(json("job1.json"), "com.example:drivers"));
        Run merged = run("merge", dir.resolve("checks1.json").toString(), dir.resolve("drivers1.json").toString());
        assertEquals(2, merged.exit(), merged::toString);
        assertTrue(merged.err().contains("the reports are of 2 modules (com.example:checks: " + dir.resolve(
                "checks1.json") + "; com.example:drivers: " + dir.resolve("drivers1.json") + "): merge each module's"
                + " reports on its own"), merged::toString);
        Files.writeString(dir.resolve("checks2.json"), withModule(json("job2.json"), "com.example:checks"));
        merged = run("merge", dir.resolve("checks1.json").toString(), dir.resolve("checks2.json").toString(), "--json",
                dir.resolve("merged.json").toString());
        assertEquals(0, merged.exit(), merged::toString);
        assertTrue(json("merged.json").contains(version + "\n  \"module\": \"com.example:checks\",\n"),
                "the merged report keeps the module: " + json("merged.json"));
    }

    /**
     * A report as the plugin writes it in module {@code module}: the entry after the version, and
     * no checksum, as one written before reports carried it (an edited report with one is refused).
     */
    private static String withModule(String json, String module) {
        String version = "\"ptcheck\": \"" + io.github.ptcheck.Version.current() + "\",";
        return json.replace(version, version + "\n  \"module\": \"" + module + "\",")
                .replaceFirst(",\n  \"checksum\": \"[0-9a-f]{16}\"\n}", "\n}");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = a[0].equals("explore") ? new String[a.length + b.length] : new String[a.length + b.length + 1];
        int at = 0;
        if (!a[0].equals("explore")) {
            all[at++] = "check";
        }
        for (String s : a) {
            all[at++] = s;
        }
        for (String s : b) {
            all[at++] = s;
        }
        return all;
    }
}
