package io.github.ptcheck.report;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jobs of a CI matrix, merged, report what one job reports: split by cells, the very same
 * report; split by frontier, the same verdicts and the same counterexamples (trace and file
 * included), with the exploration's counts the jobs'. Reports that do not make one matrix are
 * refused, naming the problem.
 */
class ShardMergeTest {

    static final List<Cell> CELLS = List.of("generic-v6.6@x86_64", "powerpc-naive-v1@powerpc64-hash-64k",
            "s390-hh-v2@s390x", "x86-v6.14-early-dtor@x86_64", "s390-pageactive-v6.6@s390x")
            .map(n -> new Cell(Presets.named(n.substring(n.indexOf('@') + 1)), Strategies.named(n.substring(0,
                    n.indexOf('@')))));
    static final Bounds BOUNDS = Bounds.DEFAULT.withMaxTables(3);
    static final CheckConfig CONFIG = CheckConfig.defaults().withTries(20).withMaxLength(20).withBounds(BOUNDS);
    static final int DEPTH = 4;

    /** What one job writes: its cells' random checks, each joined by its part of the exploration. */
    private static String job(List<Cell> cells, Shard shard, int splitDepth) {
        return job(cells, shard, splitDepth, CONFIG, null);
    }

    /** The same, with the random checks run by {@code config} and the explorations within its bounds and that state budget. */
    private static String job(List<Cell> cells, Shard shard, int splitDepth, CheckConfig config, Long stateBudget) {
        Runner runner = new Runner(config);
        List<CellReport> reports = cells.map(c -> {
            Explorer e = new Explorer(c, config.bounds());
            e = splitDepth >= 0 ? e.withShard(shard, splitDepth) : e;
            e = stateBudget == null ? e : e.withStateBudget(stateBudget);
            return e.explore(DEPTH).joinedTo(runner.check(c));
        });
        return new JsonReport().sharded(shard, splitDepth).bounds(RunBounds.of(config).withStateBudget(stateBudget))
                .render(reports);
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<Map<String, Object>> cells(String json) {
        return (java.util.List<Map<String, Object>>) ((Map<String, Object>) JsonReader.parse(json)).get("cells");
    }

    @Test
    void jobsThatSplitTheCellsMergeIntoTheWholeChecksReport() {
        String whole = job(CELLS, Shard.ALL, -1);
        for (int n : new int[] {2, 3, 7}) {
            java.util.List<ShardMerge.Job> jobs = new ArrayList<>();
            for (int k = n; k >= 1; k--) { // any order
                Shard s = new Shard(k, n);
                jobs.add(new ShardMerge.Job("job" + k + ".json", job(s.of(CELLS), s, -1)));
            }
            ShardMerge.Merged m = ShardMerge.merge(jobs);
            assertEquals(whole, m.json(), n + " jobs");
            assertEquals(5, m.cells());
            assertEquals(3, m.failed());
        }
    }

    /**
     * A matrix cut down to one job ({@code shard: [1]}, the job given 1/1) writes the whole check's
     * report, with no shard entry; its merge is that report, and fails as it does.
     */
    @Test
    void aMatrixOfOneJobMergesIntoItsReport() {
        String whole = job(CELLS, new Shard(1, 1), 2);
        ShardMerge.Merged m = ShardMerge.merge(java.util.List.of(new ShardMerge.Job("ptcheck-1/ptcheck.json", whole)));
        assertEquals(whole, m.json());
        assertEquals(5, m.cells());
        assertEquals(3, m.notAsExpected(), "nothing is expected in these reports: the three cells that break one");
    }

    @Test
    void jobsThatSplitTheFrontierMergeIntoTheWholeChecksVerdictsAndCounterexamples() {
        java.util.List<Map<String, Object>> whole = cells(job(CELLS, Shard.ALL, -1));
        for (int split : new int[] {1, 2}) {
            java.util.List<ShardMerge.Job> jobs = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                jobs.add(new ShardMerge.Job("job" + k + ".json", job(CELLS, new Shard(k, 3), split)));
            }
            ShardMerge.Merged result = ShardMerge.merge(jobs);
            java.util.List<Map<String, Object>> merged = cells(result.json());
            assertEquals(whole.size(), merged.size());
            for (int i = 0; i < whole.size(); i++) {
                Map<String, Object> w = whole.get(i);
                Map<String, Object> m = merged.get(i);
                String what = w.get("cell") + ", split at depth " + split;
                for (String key : new String[] {"cell", "verdict", "asExpected", "finding", "triesRun", "opsExecuted"}) {
                    assertEquals(w.get(key), m.get(key), what + ": " + key);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> wc = (Map<String, Object>) w.get("coverage");
                @SuppressWarnings("unchecked")
                Map<String, Object> mc = (Map<String, Object>) m.get("coverage");
                assertEquals(wc.get("explore.depthCompleted"), mc.get("explore.depthCompleted"), what);
                // No job knows the one search's count: the merge does not write a sum under its name.
                assertTrue(!mc.containsKey("explore.statesVisited") && !mc.containsKey("explore.transitions"), what);
                assertEquals(3L, mc.get("explore.jobs"), what);
                int at = i;
                java.util.List<Map<String, Object>> jc = jobs.stream().map(j -> coverage(cells(j.json()).get(at)))
                        .toList();
                long shared = (Long) jc.get(0).get("explore.sharedStates");
                jc.forEach(c -> assertEquals(shared, c.get("explore.sharedStates"), what + ": every job visits the"
                        + " states within the split depth alike"));
                assertTrue(shared > 1, what + ": the boot state and the levels up to the split");
                long summed = jc.stream().mapToLong(c -> (Long) c.get("explore.statesVisited")).sum();
                assertEquals(summed - 2 * shared, mc.get("explore.statesVisitedSummed"),
                        what + ": the shared states counted once, the three jobs' others added");
                assertEquals(jc.stream().mapToLong(c -> (Long) c.get("explore.transitions")).sum(),
                        mc.get("explore.transitionsSummed"), what);
                if (m.get("finding") == null) {
                    assertTrue((Long) mc.get("explore.statesVisitedSummed") >= (Long) wc.get("explore.statesVisited"),
                            what + ": every state of the whole search is some job's");
                }
                assertTrue(!wc.containsKey("explore.sharedStates"), what + ": a whole search's report has none");
                assertTrue(result.lines().get(i).contains("; 3 jobs explored " + mc.get("explore.statesVisitedSummed")
                        + " states, summed (within depth " + split + " counted once, past it each job's: a state two"
                        + " jobs reach counts twice)"), result.lines().get(i));
                wc.keySet().stream().filter(k -> !k.startsWith("explore.")).forEach(k -> assertEquals(wc.get(k),
                        mc.get(k), what + ": " + k));
            }
            assertNotNull(merged.get(2).get("finding"), "s390-hh-v2 breaks an invariant");
        }
    }

    /**
     * Explorations alone (the command line's explore, no random check): a cell's operations are
     * its exploration's transitions, and merge as they do, summed over the jobs, not the one
     * job's whose finding the cell took.
     */
    @Test
    void explorationsAloneSumTheirOperationsAsTheirTransitions() {
        java.util.List<ShardMerge.Job> jobs = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Shard s = new Shard(k, 3);
            jobs.add(new ShardMerge.Job("job" + k + ".json", new JsonReport().sharded(s, 2).render(CELLS.map(c ->
                    new Explorer(c, BOUNDS).withShard(s, 2).explore(DEPTH).asCellReport()))));
        }
        java.util.List<Map<String, Object>> merged = cells(ShardMerge.merge(jobs).json());
        for (int i = 0; i < CELLS.size(); i++) {
            int at = i;
            long transitions = jobs.stream().mapToLong(j -> (Long) coverage(cells(j.json()).get(at))
                    .get("explore.transitions")).sum();
            assertEquals(transitions, coverage(merged.get(i)).get("explore.transitionsSummed"), CELLS.get(i).name());
            assertEquals(transitions, merged.get(i).get("opsExecuted"), CELLS.get(i).name());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> coverage(Map<String, Object> cell) {
        return (Map<String, Object>) cell.get("coverage");
    }

    /**
     * The merge shows each cell not as expected with what it broke, its shrunk operations (the step
     * that broke marked), the command that checks it again and its counterexample file's replay
     * command; a cell not judged with what failed and its command; the counterexample files of
     * every finding, as the whole check writes them.
     */
    @Test
    void theMergeShowsEachCellNotAsExpectedWithItsOperationsAndCommands() {
        Runner runner = new Runner(CONFIG);
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        java.util.function.Function<CellReport, String> again = r -> "./mvnw ptcheck:check -Dptcheck.cells="
                + r.cell().name();
        // Job 1: generic, s390-hh-v2 (LEAK, not expected: nothing is), s390-pageactive; job 2: naive-v1, and x86 not judged.
        String job1 = new JsonReport(again).sharded(one, -1).render(one.of(CELLS).map(runner::check));
        String job2 = new JsonReport(again).sharded(two, -1).notJudged(List.of(failed(1, CELLS.get(3))))
                .render(List.of(runner.check(CELLS.get(1))));
        ShardMerge.Merged m = ShardMerge.merge(java.util.List.of(new ShardMerge.Job("1.json", job1),
                new ShardMerge.Job("2.json", job2)));
        assertEquals(java.util.List.of("powerpc-naive-v1@powerpc64-hash-64k", "s390-hh-v2@s390x",
                "x86-v6.14-early-dtor@x86_64"), m.unexpected().stream().map(MergedFinding::cell).toList());
        CellReport hh = runner.check(CELLS.get(2));
        io.github.ptcheck.check.Finding f = hh.finding().get();
        java.util.List<String> block = m.unexpected().get(1).lines();
        assertEquals("FAILED s390-hh-v2@s390x", block.get(0));
        assertEquals("  " + f.violation().summary(), block.get(1));
        assertEquals("  seed 0, " + TryNumber.ordinal(f.tryIndex()) + "; shrunk from " + f.original().size() + " to "
                + f.shrunk().size() + " operations (" + f.minimality().words() + "):", block.get(2));
        assertEquals("      1  " + f.shrunk().get(0), block.get(3));
        assertTrue(f.violation().step() > f.shrunk().size(), "LEAK comes in the teardown");
        assertEquals("  >> in the teardown, step " + f.violation().step(), block.get(3 + f.shrunk().size()));
        assertEquals("  reproduce: ./mvnw ptcheck:check -Dptcheck.cells=s390-hh-v2@s390x", block.get(block.size() - 1));
        assertEquals(FindingFile.text(hh.cell(), f), m.unexpected().get(1).counterexample());
        assertEquals("mvn io.github.ptcheck:ptcheck-maven-plugin:" + io.github.ptcheck.Version.current()
                + ":replay -Dptcheck.file=cex/s390-hh-v2@s390x.ptcheck", m.unexpected().get(1).replay(
                "cex/s390-hh-v2@s390x.ptcheck", true));
        assertEquals("ptcheck replay cex/s390-hh-v2@s390x.ptcheck", m.unexpected().get(1).replay(
                "cex/s390-hh-v2@s390x.ptcheck", false));
        assertEquals(java.util.List.of("NOT JUDGED x86-v6.14-early-dtor@x86_64", "  strategy 'x86-v6.14-early-dtor'"
                + " threw in pte_free_defer at step 3 (freeDeferred t0): java.lang.IllegalStateException: not written"
                + " yet", "  reproduce: ./mvnw ptcheck:check -Dptcheck.cells=x86-v6.14-early-dtor@x86_64"),
                m.unexpected().get(2).lines().stream().map(l -> l.replaceAll("(yet)\\..*", "$1")).toList());
        assertEquals(java.util.List.of("powerpc-naive-v1@powerpc64-hash-64k.ptcheck", "s390-hh-v2@s390x.ptcheck"),
                java.util.List.copyOf(m.counterexamples().keySet()));
        assertEquals(null, MergedFinding.fileName("../../etc@x"), "no file outside the directory");
    }

    /** A cell whose strategy failed in a job, as {@link JsonReport#notJudged} writes it. */
    private static NotJudged failed(int position, Cell cell) {
        return new NotJudged(position, cell, CONFIG.seed(), CONFIG.tries(), new io.github.ptcheck.check.StrategyFailure(
                cell.strategy().name(), 3, "freeDeferred t0", "pte_free_defer", "threw",
                new IllegalStateException("not written yet")), "./mvnw ptcheck:check -Dptcheck.cells=" + cell.name());
    }

    @Test
    void aCellNotJudgedInOneJobIsNotJudgedInTheMergeAndFailsIt() {
        // Split by cells: job 2 of 2 has positions 1 and 3; its second cell's strategy failed.
        Shard two = new Shard(2, 2);
        Runner runner = new Runner(CONFIG);
        String job2 = new JsonReport().sharded(two, -1).bounds(RunBounds.of(CONFIG)).notJudged(List.of(failed(1,
                CELLS.get(3)))).render(List.of(runner.check(CELLS.get(1))));
        Shard one = new Shard(1, 2);
        String job1 = new JsonReport().sharded(one, -1).bounds(RunBounds.of(CONFIG)).render(one.of(CELLS)
                .map(runner::check));
        ShardMerge.Merged m = ShardMerge.merge(java.util.List.of(new ShardMerge.Job("job2.json", job2),
                new ShardMerge.Job("job1.json", job1)));
        assertEquals(5, m.cells(), "the cell not judged is one of the cells, in its place");
        assertEquals(1, m.notJudged());
        assertEquals(2, m.failed(), "powerpc-naive-v1 and s390-hh-v2 broke an invariant; the cell not judged did not");
        assertEquals(3, m.notAsExpected(), "naive-v1 is expected to fail; s390-hh-v2, s390-pageactive and the cell"
                + " not judged are not as expected");
        Map<String, Object> x86 = cells(m.json()).get(3);
        assertEquals("x86-v6.14-early-dtor@x86_64", x86.get("cell"));
        assertEquals("notJudged", x86.get("verdict"));
        assertEquals(false, x86.get("asExpected"));
        assertTrue(m.lines().get(3).startsWith("x86-v6.14-early-dtor@x86_64: not judged, its strategy failed: strategy"
                + " 'x86-v6.14-early-dtor' threw in pte_free_defer at step 3 (freeDeferred t0)"), m.lines().get(3));
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) ((Map<String, Object>) JsonReader.parse(m.json()))
                .get("totals");
        assertEquals(Map.of("cells", 5L, "failed", 2L, "passed", 2L, "notJudged", 1L, "notAsExpected", 3L),
                Map.of("cells", totals.get("cells"), "failed", totals.get("failed"), "passed", totals.get("passed"),
                        "notJudged", totals.get("notJudged"), "notAsExpected", totals.get("notAsExpected")));

        // Split by frontier: a job whose share failed leaves the cell not judged, though the other found nothing.
        List<Cell> generic = List.of(CELLS.get(0));
        String share1 = job(generic, one, 1);
        String share2 = new JsonReport().sharded(two, 1).bounds(RunBounds.of(CONFIG)).notJudged(List.of(failed(0,
                CELLS.get(0)))).render(List.empty());
        ShardMerge.Merged f = ShardMerge.merge(java.util.List.of(new ShardMerge.Job("a.json", share1),
                new ShardMerge.Job("b.json", share2)));
        assertEquals(1, f.notJudged());
        assertEquals(1, f.notAsExpected());
        assertEquals("notJudged", cells(f.json()).get(0).get("verdict"));

        // Both shares failed: the merge keeps the shorter operations, which one whole search meets first.
        Op alloc = new Op.Alloc(0);
        String longer = new JsonReport().sharded(one, 1).bounds(RunBounds.of(CONFIG)).notJudged(List.of(failedAfter(
                CELLS.get(0), alloc, alloc, new Op.FreeDeferred(1)))).render(List.empty());
        String shorter = new JsonReport().sharded(two, 1).bounds(RunBounds.of(CONFIG)).notJudged(List.of(failedAfter(
                CELLS.get(0), alloc, new Op.FreeDeferred(0)))).render(List.empty());
        ShardMerge.Merged both = ShardMerge.merge(java.util.List.of(new ShardMerge.Job("a.json", longer),
                new ShardMerge.Job("b.json", shorter)));
        @SuppressWarnings("unchecked")
        Map<String, Object> failure = (Map<String, Object>) cells(both.json()).get(0).get("strategyFailure");
        assertEquals(java.util.List.of("alloc mm0", "freeDeferred t0"), failure.get("operations"));
    }

    /** {@link #failed} in an exploration, after the operations {@code ran} (the last the one that threw). */
    private static NotJudged failedAfter(Cell cell, Op... ran) {
        return new NotJudged(0, cell, 0L, 0, failed(0, cell).failure().during(-1, Vector.of(ran), false),
                "ptcheck run " + cell.name());
    }

    /**
     * A cell not judged as {@link JsonReport#notJudged} writes it or not at all: edited to be as
     * expected it would pass in the merge a cell no job could judge; without its failure, or with a
     * finding, it is not what any job wrote; a judged cell with a strategy failure neither.
     */
    @Test
    void anEditedCellNotJudgedIsRefusedNotPassed() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        Runner runner = new Runner(CONFIG);
        String job2 = new JsonReport().sharded(two, -1).bounds(RunBounds.of(CONFIG)).notJudged(List.of(failed(1,
                CELLS.get(3)))).render(List.of(runner.check(CELLS.get(1))));
        ShardMerge.Job job1 = new ShardMerge.Job("job1.json", new JsonReport().sharded(one, -1)
                .bounds(RunBounds.of(CONFIG)).render(one.of(CELLS).map(runner::check)));
        String early = "x86-v6.14-early-dtor@x86_64";
        assertMessage("job2.json: cell " + early + ": 'asExpected' of a cell not judged is true where ptcheck writes"
                + " false (a cell whose strategy failed is never as expected): the report is corrupted or edited",
                List.of(job1, edited(job2, early, c -> c.put("asExpected", true))));
        assertMessage("job2.json: cell " + early + ": a cell not judged has no 'strategyFailure' object", List.of(job1,
                edited(job2, early, c -> c.remove("strategyFailure"))));
        assertMessage("job2.json: cell " + early + ": a cell not judged has a 'strategyFailure' without its 'message'",
                List.of(job1, edited(job2, early, c -> ((Map<?, ?>) c.get("strategyFailure")).remove("message"))));
        assertMessage("job2.json: cell " + early + ": a cell not judged has a 'finding'", List.of(job1,
                edited(job2, early, c -> c.put("finding", Map.of()))));
        assertMessage("job2.json: cell powerpc-naive-v1@powerpc64-hash-64k: a cell whose verdict is \"failed\" has a"
                + " 'strategyFailure'", List.of(job1, edited(job2, "powerpc-naive-v1@powerpc64-hash-64k",
                c -> c.put("strategyFailure", new java.util.LinkedHashMap<>()))));
    }

    /**
     * A report changed by hand after its job wrote it, in fields that each still read as ptcheck
     * writes them, would merge into a whole check that no job found: a failure made a pass, a cell
     * dropped from the end of a job's share (the share sizes still add up). Refused by its checksum,
     * naming the file. A report re-indented by a tool still merges: the checksum is of the content.
     */
    @Test
    void aReportChangedAfterItsJobWroteItIsRefused() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        // Job 1 has generic, s390-hh-v2 (breaks LEAK; nothing is expected in these reports) and s390-pageactive.
        String job1 = job(one.of(CELLS), one, -1);
        ShardMerge.Job job2 = new ShardMerge.Job("job2.json", job(two.of(CELLS), two, -1));
        assertEquals(3, ShardMerge.merge(java.util.List.of(new ShardMerge.Job("job1.json", job1), job2))
                .notAsExpected(), "as written, with nothing expected: the three cells that break an invariant");
        String hh = "s390-hh-v2@s390x";
        String changed = "job1.json was changed after ptcheck wrote it: its content no longer matches the checksum";
        assertMessage(changed, List.of(job2, edited("job1.json", job1, hh, c -> c.put("asExpected", true))));
        assertMessage(changed, List.of(job2, edited("job1.json", job1, hh, c -> {
            c.put("verdict", "passed");
            c.put("asExpected", true);
            c.put("finding", null);
        })));
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) JsonReader.parse(job1);
        ((java.util.List<?>) root.get("cells")).remove(2); // 2 + 2 cells: the sizes of a split of 4
        assertMessage(changed, List.of(job2, new ShardMerge.Job("job1.json", Json.write(root))));

        String reindented = job1.replace("\n  ", "\n\t");
        assertEquals(ShardMerge.merge(java.util.List.of(new ShardMerge.Job("job1.json", job1), job2)).json(),
                ShardMerge.merge(java.util.List.of(new ShardMerge.Job("job1.json", reindented), job2)).json());
        assertMessage("job1.json has no checksum where job2.json has one", List.of(job2, new ShardMerge.Job(
                "job1.json", withoutChecksum(job1))));
    }

    /** A report as ptcheck wrote it before reports carried a checksum. */
    private static String withoutChecksum(String json) {
        return json.replaceFirst(",\n  \"checksum\": \"[0-9a-f]{16}\"\n}", "\n}");
    }

    /** {@code json} as job2.json, its cell {@code name} edited by {@code edit}. */
    private static ShardMerge.Job edited(String json, String name,
                                         java.util.function.Consumer<Map<String, Object>> edit) {
        return edited("job2.json", json, name, edit);
    }

    /** {@code json} as {@code file}, its cell {@code name} edited by {@code edit}, the checksum as it was. */
    @SuppressWarnings("unchecked")
    private static ShardMerge.Job edited(String file, String json, String name,
                                         java.util.function.Consumer<Map<String, Object>> edit) {
        Map<String, Object> root = (Map<String, Object>) JsonReader.parse(json);
        ((java.util.List<Map<String, Object>>) root.get("cells")).stream().filter(c -> name.equals(c.get("cell")))
                .forEach(edit);
        return new ShardMerge.Job(file, Json.write(root));
    }

    @Test
    void reportsThatAreNotOneWholeMatrixAreRefused() {
        Shard one = new Shard(1, 3);
        Shard two = new Shard(2, 3);
        ShardMerge.Job a = new ShardMerge.Job("a.json", job(one.of(CELLS), one, -1));
        ShardMerge.Job b = new ShardMerge.Job("b.json", job(two.of(CELLS), two, -1));
        assertMessage("job(s) [3] of 3 are missing: the merged report would lack their cells or their part of the"
                + " search; give the ptcheck.json of every job. A job that wrote none stopped first (see its log): a"
                + " cancelled runner, a build error, or in a multi-module build an earlier module that failed (run the"
                + " jobs with --fail-at-end, -fae); run it again", List.of(a, b));
        assertMessage("are both job 1/3", List.of(a, b, a));
        assertMessage("is not JSON", List.of(a, new ShardMerge.Job("c.json", "<html>")));
        assertMessage("w.json has no 'shard' entry: it is a whole check's report (its job was given no shard, or"
                + " 1/1), which merges only alone", List.of(a, b, new ShardMerge.Job("w.json", job(CELLS.take(1),
                Shard.ALL, -1))));
        Shard otherMatrix = new Shard(2, 2);
        assertMessage("merge the reports of one matrix", List.of(a, new ShardMerge.Job("d.json",
                job(otherMatrix.of(CELLS), otherMatrix, -1))));
    }

    /**
     * Two jobs of a cell split that were given the cells in different orders both took the same
     * cell and left the other unchecked: refused, naming the cell and both reports. Jobs that split
     * the frontier all report every cell, as they should.
     */
    @Test
    void aCellReportedByTwoJobsOfACellSplitIsRefused() {
        List<Cell> listed = CELLS.take(2); // generic first, as job 1 was given them; job 2 got them reversed
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        ShardMerge.Job r1 = new ShardMerge.Job("r1.json", job(one.of(listed), one, -1));
        ShardMerge.Job r2 = new ShardMerge.Job("r2.json", job(two.of(listed.reverse()), two, -1));
        assertMessage("cell generic-v6.6@x86_64 is reported by both r1.json and r2.json", List.of(r1, r2));
        assertMessage("give every job the same cells in the same order", List.of(r2, r1));
        ShardMerge.Merged frontier = ShardMerge.merge(java.util.List.of(
                new ShardMerge.Job("f1.json", job(listed, one, 1)), new ShardMerge.Job("f2.json", job(listed, two, 1))));
        assertEquals(2, frontier.cells());
    }

    /** Shares of a frontier explored with and without symmetry reduction are not shares of one search. */
    @Test
    void jobsThatDifferInSymmetryReductionAreRefused() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        List<Cell> cells = CELLS.take(1);
        Runner runner = new Runner(CONFIG);
        String reduced = job(cells, one, 2);
        String every = new JsonReport().sharded(two, 2, false).bounds(RunBounds.of(CONFIG)).render(cells.map(c -> new Explorer(c, BOUNDS)
                .withShard(two, 2).withSymmetry(false).explore(DEPTH).joinedTo(runner.check(c))));
        assertTrue(every.contains("\"symmetry\": false") || every.contains("\"symmetry\":false"), every);
        assertMessage("b.json explored with symmetry reduction off but a.json with symmetry reduction: their shares"
                + " are not of one search", List.of(new ShardMerge.Job("a.json", reduced), new ShardMerge.Job("b.json",
                every)));
    }

    /** Jobs that got other options than --shard are of different runs: the field, the values and the files named. */
    @Test
    void jobsOfDifferentRunsAreRefused() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        List<Cell> cells = CELLS.take(2);
        ShardMerge.Job a = new ShardMerge.Job("s1.json", new JsonReport().sharded(one, -1).render(one.of(cells)
                .map(c -> new Runner(CONFIG).check(c))));
        ShardMerge.Job seven = new ShardMerge.Job("seed7_2.json", new JsonReport().sharded(two, -1).render(two
                .of(cells).map(c -> new Runner(CONFIG.withSeed(7)).check(c))));
        assertMessage("jobs of different runs: s1.json has seed 0, seed7_2.json seed 7 (cell ", List.of(a, seven));
        ShardMerge.Job fewer = new ShardMerge.Job("t.json", new JsonReport().sharded(two, -1).render(two.of(cells)
                .map(c -> new Runner(CONFIG.withTries(5)).check(c))));
        assertMessage("s1.json has tries 20, t.json tries 5", List.of(a, fewer));
        ShardMerge.Job explored = new ShardMerge.Job("e.json", new JsonReport().sharded(two, -1).render(two.of(cells)
                .map(c -> new Explorer(c, BOUNDS).explore(2).asCellReport())));
        assertMessage("s1.json has mode check, e.json mode explore", List.of(a, explored));
        ShardMerge.Job e1 = new ShardMerge.Job("e1.json", new JsonReport().sharded(one, -1).render(one.of(cells)
                .map(c -> new Explorer(c, BOUNDS).explore(3).asCellReport())));
        assertMessage("e1.json has explore depth 3, e.json explore depth 2", List.of(e1, explored));
    }

    /**
     * Each module of a multi-module build runs its own matrix: one module's jobs merge into its
     * whole check's report, module included; two modules' job 1/2 are refused by module, not as
     * one job given twice, whichever front end merges them.
     */
    @Test
    void oneModulesJobsKeepTheModuleAndTwoModulesAreRefusedByName() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        String whole = new JsonReport().module("com.example:checks").render(CELLS.take(2)
                .map(c -> new Runner(CONFIG).check(c)));
        java.util.function.BiFunction<Shard, String, String> job = (s, module) -> new JsonReport().sharded(s, -1)
                .module(module).render(s.of(CELLS.take(2)).map(c -> new Runner(CONFIG).check(c)));
        ShardMerge.Job checks1 = new ShardMerge.Job("checks/1.json", job.apply(one, "com.example:checks"));
        ShardMerge.Job checks2 = new ShardMerge.Job("checks/2.json", job.apply(two, "com.example:checks"));
        assertEquals(whole, ShardMerge.merge(java.util.List.of(checks2, checks1)).json());
        ShardMerge.Job drivers1 = new ShardMerge.Job("drivers/1.json", job.apply(one, "com.example:drivers"));
        String message = assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(java.util.List.of(
                checks1, drivers1))).getMessage();
        assertTrue(message.startsWith("the reports are of 2 modules (com.example:checks: checks/1.json;"
                + " com.example:drivers: drivers/1.json): merge each module's reports on its own"), message);
        assertMessage("drivers/1.json: 'module' is 7 where ptcheck writes the Maven module", List.of(checks1,
                new ShardMerge.Job("drivers/1.json", drivers1.json().replace("\"com.example:drivers\"", "7"))));
    }

    /**
     * Jobs given other bounds (CPUs, sequence length, state budget, ...) each prove something
     * else: refused naming the field, both values and both files; jobs given the same merge into
     * a report that records them, as the whole check's does.
     */
    @Test
    void jobsGivenOtherBoundsAreRefusedNamingTheFieldTheValuesAndTheFiles() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        List<Cell> cells = CELLS.take(2);
        ShardMerge.Job a = new ShardMerge.Job("a.json", job(one.of(cells), one, -1));
        String whole = job(cells, Shard.ALL, -1);
        ShardMerge.Merged same = ShardMerge.merge(java.util.List.of(a, new ShardMerge.Job("b.json",
                job(two.of(cells), two, -1))));
        assertEquals(whole, same.json());
        assertEquals(JsonReader.parse(Json.write(RunBounds.of(CONFIG).json())), bounds(same.json()));
        assertEquals(3L, bounds(same.json()).get("maxTables"), "the bounds the cells were checked within");

        assertMessage("jobs of different runs: a.json has cpus 2, cpus3.json cpus 3 (bounds); run every job with the"
                + " same --cpus (ptcheck.cpus)", List.of(a, new ShardMerge.Job("cpus3.json", job(two.of(cells), two,
                -1, CONFIG.withBounds(BOUNDS.withCpus(3)), null))));
        assertMessage("a.json has maxLength 20, short.json maxLength 10 (bounds); run every job with the same"
                + " --max-length (ptcheck.maxLength)", List.of(a, new ShardMerge.Job("short.json", job(two.of(cells),
                two, -1, CONFIG.withMaxLength(10), null))));
        assertMessage("a.json has stateBudget unset, budget.json stateBudget 50000 (bounds); run every job with the"
                + " same --state-budget (ptcheck.stateBudget)", List.of(a, new ShardMerge.Job("budget.json",
                job(two.of(cells), two, -1, CONFIG, 50_000L))));
        assertMessage("a.json has preemptions 0, pct.json preemptions 2 (bounds)", List.of(a, new ShardMerge.Job(
                "pct.json", new JsonReport().sharded(two, -1).bounds(RunBounds.of(CONFIG.withInterleavings()))
                .render(List.empty()))));
        assertMessage("a.json has timeBudgetMillis unset, timed.json timeBudgetMillis 1500 (bounds); run every job with"
                + " the same --time-budget (ptcheck.timeBudget)", List.of(a, new ShardMerge.Job("timed.json",
                new JsonReport().sharded(two, -1).bounds(RunBounds.of(CONFIG.withTimeBudget(java.time.Duration
                        .ofMillis(1500)))).render(List.empty()))));
        assertMessage("a.json: 'bounds' is 3 where ptcheck writes an object", List.of(new ShardMerge.Job("a.json",
                a.json().replaceFirst("(?s)\"bounds\": \\{.*?\\}", "\"bounds\": 3")), a));
        assertMessage("a.json: 'bounds.cpus' is \"two\" where ptcheck writes a whole number or null", List.of(
                new ShardMerge.Job("a.json", a.json().replaceFirst("\"cpus\": 2", "\"cpus\": \"two\"")), a));
    }

    /**
     * Reports from before ptcheck recorded the bounds merge with each other as they did (nothing
     * to hold them to), but one beside a report that records them is refused: rerun its job.
     */
    @Test
    void reportsWithoutBoundsMergeOnlyWithEachOther() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        List<Cell> cells = CELLS.take(2);
        String oldOne = withoutChecksum(job(one.of(cells), one, -1).replaceFirst("(?s)\n  \"bounds\": \\{.*?\\},", ""));
        String oldTwo = withoutChecksum(job(two.of(cells), two, -1).replaceFirst("(?s)\n  \"bounds\": \\{.*?\\},", ""));
        assertTrue(!oldOne.contains("bounds") && !oldTwo.contains("bounds"), oldOne);
        String merged = ShardMerge.merge(java.util.List.of(new ShardMerge.Job("old1.json", oldOne),
                new ShardMerge.Job("old2.json", oldTwo))).json();
        assertTrue(!merged.contains("\"bounds\""), merged);
        assertEquals(cells(job(cells, Shard.ALL, -1)), cells(merged));
        assertMessage("old2.json records no bounds (cpus, mms, maxTables, ...) where new1.json does: it was written"
                + " by a ptcheck from before reports recorded them", List.of(new ShardMerge.Job("new1.json",
                job(one.of(cells), one, -1)), new ShardMerge.Job("old2.json", oldTwo)));
        assertMessage("old1.json records no bounds", List.of(new ShardMerge.Job("old1.json", oldOne),
                new ShardMerge.Job("new2.json", job(two.of(cells), two, -1))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bounds(String json) {
        return (Map<String, Object>) ((Map<String, Object>) JsonReader.parse(json)).get("bounds");
    }

    /** A report whose fields are not what ptcheck writes is named with the field, not merged. */
    @Test
    void corruptedReportsAreRefusedNamingTheFileAndField() {
        Shard one = new Shard(1, 2);
        Shard two = new Shard(2, 2);
        String first = job(one.of(CELLS), one, -1);
        ShardMerge.Job b = new ShardMerge.Job("b.json", job(two.of(CELLS), two, -1));
        assertMessage("a.json: cell generic-v6.6@x86_64: 'verdict' is \"banana\" where ptcheck writes \"passed\","
                + " \"failed\" or \"notJudged\"", List.of(new ShardMerge.Job("a.json", first.replaceFirst("\"verdict\": \"passed\"",
                "\"verdict\": \"banana\"")), b));
        assertMessage("a.json: cell generic-v6.6@x86_64: 'asExpected' is \"yes\" where ptcheck writes true or false",
                List.of(new ShardMerge.Job("a.json", first.replaceFirst("\"asExpected\": true", "\"asExpected\":"
                        + " \"yes\"")), b));
        assertMessage("jobs of different ptcheck versions: b.json was written by ptcheck ", List.of(b,
                new ShardMerge.Job("a.json", first.replaceFirst("\"ptcheck\": \"[^\"]*\"", "\"ptcheck\": \"0.0.1\""))));
        assertMessage("a.json: shard.count is 3000000000, which no job writes", List.of(b, new ShardMerge.Job("a.json",
                first.replace("\"count\": 2", "\"count\": 3000000000"))));
        assertMessage("job(s) [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...] of 2000000000 are missing", List.of(
                new ShardMerge.Job("a.json", first.replace("\"count\": 2", "\"count\": 2000000000"))));
        assertMessage("a.json lists cell generic-v6.6@x86_64 twice", List.of(b, new ShardMerge.Job("a.json",
                duplicated(first))));
    }

    @Test
    void aFileThatIsNotUtf8IsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path garbage = java.nio.file.Files.write(dir.resolve("garbage.json"), new byte[] {(byte) 0xff,
                (byte) 0xfe, 0, 1});
        String message = assertThrows(IllegalArgumentException.class, () -> ShardMerge.read(java.util.List.of(
                garbage))).getMessage();
        assertEquals(garbage + " is not UTF-8 text, so not a report ptcheck wrote; give the ptcheck.json each job"
                + " wrote", message);
    }

    /**
     * A report cut short on its way (an upload that stopped) is named as cut, not as some JSON
     * error; a directory with no ptcheck.json says where reports come from, and names the JSON
     * files it does hold.
     */
    @Test
    void aReportCutShortAndADirectoryWithoutReportsAreNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Shard one = new Shard(1, 2);
        String whole = job(one.of(CELLS), one, -1);
        assertMessage("cut.json is cut short: it ends after 500 characters, in the middle of its JSON (an upload,"
                + " download or copy that stopped, a full disk); give the ptcheck.json the job wrote: download its"
                + " artifact again, or run the job again", List.of(new ShardMerge.Job("cut.json", whole.substring(0,
                500))));
        for (int cut = 1; cut < whole.stripTrailing().length(); cut += cut < 300 ? 1 : 97) { // wherever it stopped
            assertMessage("cut.json is cut short: it ends after " + cut + " characters", List.of(new ShardMerge.Job(
                    "cut.json", whole.substring(0, cut))));
        }
        java.nio.file.Files.createDirectories(dir.resolve("shards/ptcheck-1"));
        java.nio.file.Files.writeString(dir.resolve("shards/ptcheck-1/report.json"), whole);
        String message = assertThrows(IllegalArgumentException.class, () -> ShardMerge.read(java.util.List.of(
                dir.resolve("shards")))).getMessage();
        assertEquals("no ptcheck.json in [" + dir.resolve("shards") + "]; give the jobs' reports (it holds "
                + dir.resolve("shards/ptcheck-1/report.json") + ": a report written as --json <other name> is read"
                + " only when named, or written as ptcheck.json). In a workflow: did each job upload its ptcheck.json"
                + " (if: always(), so that a failed job does too), and did download-artifact put the artifacts"
                + " there?", message);
    }

    /** The report with its first cell's name given to its second, so that one cell is listed twice. */
    private static String duplicated(String json) {
        java.util.List<Map<String, Object>> cells = cells(json);
        return json.replace("\"cell\": \"" + cells.get(1).get("cell") + "\"", "\"cell\": \"" + cells.get(0).get("cell")
                + "\"");
    }

    private static void assertMessage(String part, List<ShardMerge.Job> jobs) {
        String message = assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(jobs.toJavaList()))
                .getMessage();
        assertTrue(message.contains(part), message);
    }
}
