package io.github.ptcheck.report;

import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.vavr.collection.Vector;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The JSON reports ({@link JsonReport}) of the jobs of a CI matrix that shared one check
 * ({@link io.github.ptcheck.check.Shard}), merged into the report one job would have written:
 * the same cells in the same order, the same verdicts, the same counterexamples.
 *
 * <ul>
 * <li>Jobs that split the cells (no split depth): job {@code k} of {@code n} has the cells at
 *     positions {@code k-1}, {@code k-1+n}, ...; they are put back in that order, unchanged. A cell
 *     two jobs report is refused: the jobs were given the cells in different orders, so some cell
 *     was checked twice and another by no job.</li>
 * <li>Jobs that split each cell's frontier at a depth: every job has every cell, with the same
 *     random check and its own part of the exploration. A cell takes the least exhaustive
 *     counterexample of the jobs (shortest, then first in {@link Alphabet#ORDER}: the whole
 *     exploration's, see {@link io.github.ptcheck.explore.ExploreMerge}), with that job's
 *     verdict, finding and trace; with none, the first job's (the random check's finding, if
 *     any, is the same in every job). Its {@code explore.*} counts become the jobs': no job knows
 *     the one search's count of states, so there is no {@code explore.statesVisited} and no
 *     {@code explore.transitions}, but {@code explore.jobs}, {@code explore.statesVisitedSummed}
 *     (the states within the split depth, {@code explore.sharedStates}, which every job visits,
 *     once, and each job's states past it added: a state two jobs reach past the split is counted
 *     twice, so it may exceed the one search's count) and {@code explore.transitionsSummed} (every
 *     job's transitions, the shared levels' in each job); {@code explore.depthCompleted} the
 *     least, {@code explore.closed} only if every job's was.</li>
 * </ul>
 * A cell whose strategy failed in a job ({@code "verdict": "notJudged"}, {@link NotJudged}) is not
 * judged in the merged report either, whatever the other jobs found: its search is not whole, and
 * it is not as expected, so the merge fails as the job did.
 * The totals are counted again from the merged cells. The merged report has the jobs'
 * {@code module} and {@code bounds} (every job's the same, or the merge is refused) and no
 * {@code shard} entry: it is the whole check's.
 */
public final class ShardMerge {

    private ShardMerge() {
    }

    /** One job's report: what to call it in messages (its file), and its text. */
    public record Job(String name, String json) {
        public Job {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(json, "json");
        }
    }

    /** The name of the report the Maven plugin writes, which {@link #read} looks for in directories. */
    public static final String REPORT = "ptcheck.json";

    /**
     * The merged report and what it says.
     *
     * @param json          the report, as {@link JsonReport} writes one
     * @param cells         cells in it
     * @param failed        cells that broke an invariant
     * @param notJudged     cells no job could judge because their strategy failed (neither failed nor passed)
     * @param notAsExpected cells whose verdict is not the one expected of them (what fails a build)
     * @param lines         a line per cell: its name, verdict and finding, e.g.
     *                      {@code s390-hh-v2@s390x: failed as expected, LEAK in 4 operations (shortest)}
     * @param unexpected    a block per cell not as expected, in order: what it broke, on which operations, how
     *                      to run it again ({@link MergedFinding})
     * @param counterexamples the counterexample file of each cell with a finding, by its name
     *                      ({@link MergedFinding#fileName}), in order: what the whole check writes
     */
    public record Merged(String json, int cells, int failed, int notJudged, int notAsExpected, List<String> lines,
                         List<MergedFinding> unexpected, Map<String, String> counterexamples) {
    }

    /**
     * The jobs' reports: each input that is a file, and every {@link #REPORT} below each that is a
     * directory (where a CI workflow downloaded the jobs' artifacts), in path order.
     *
     * @throws IllegalArgumentException if an input does not exist, or none holds a report
     * @throws IOException              if one cannot be read
     */
    public static List<Job> read(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> found = Files.walk(in)) {
                    found.filter(p -> p.getFileName().toString().equals(REPORT)).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new IllegalArgumentException(in + " does not exist; give the jobs' reports, or the directory"
                        + " their artifacts were downloaded to");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no " + REPORT + " in " + inputs + "; give the jobs' reports" + others(inputs)
                    + ". In a workflow: did each job upload its " + REPORT + " (if: always(), so that a failed job"
                    + " does too), and did download-artifact put the artifacts there?");
        }
        List<Job> jobs = new ArrayList<>();
        for (Path f : files) {
            try {
                jobs.add(new Job(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(f + " is not UTF-8 text, so not a report ptcheck wrote; give the"
                        + " ptcheck.json each job wrote");
            }
        }
        return jobs;
    }

    /** {@code ; it holds a.json, b.json: name such files}, when the directories hold JSON files by other names. */
    private static String others(List<Path> inputs) throws IOException {
        List<String> json = new ArrayList<>();
        for (Path in : inputs) {
            try (Stream<Path> found = Files.walk(in)) {
                found.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().limit(5)
                        .forEach(p -> json.add(p.toString()));
            }
        }
        return json.isEmpty() ? "" : " (it holds " + String.join(", ", json) + ": a report written as --json"
                + " <other name> is read only when named, or written as " + REPORT + ")";
    }

    /**
     * Merges the reports of every job of one matrix.
     *
     * @throws IllegalArgumentException naming the report and what is wrong with it: not JSON, not
     *                                  a sharded ptcheck report, a job missing or given twice,
     *                                  jobs of different matrices, modules or bounds
     */
    public static Merged merge(List<Job> jobs) {
        if (jobs == null || jobs.isEmpty()) {
            throw new IllegalArgumentException("no report to merge: give the ptcheck.json of every job of the matrix");
        }
        List<Map<String, Object>> roots = new ArrayList<>();
        for (Job job : jobs) {
            Map<String, Object> root = object(parse(job), job, "the report");
            ShardReports.sameVersion(root, job, roots.isEmpty() ? null : roots.get(0).get("ptcheck"), jobs.get(0));
            roots.add(root);
        }
        // Before the job numbers: two modules' matrices both have a job 1/n, which is not one job given twice.
        String module = ShardReports.oneModule(roots, jobs);
        Object bounds = ShardReports.sameBounds(roots, jobs);
        Integer count = null;
        Object split = null;
        Object symmetry = null;
        Map<Integer, Job> given = new java.util.HashMap<>();
        for (int j = 0; j < jobs.size(); j++) {
            Job job = jobs.get(j);
            Map<String, Object> shard = shardEntry(roots.get(j), job, jobs);
            int n = jobNumber(shard.get("count"), job, "shard.count");
            int k = jobNumber(shard.get("index"), job, "shard.index");
            if (count == null) {
                count = n;
                split = shard.get("splitDepth");
                symmetry = shard.get("symmetry");
            } else if (!Objects.equals(symmetry, shard.get("symmetry"))) {
                throw new IllegalArgumentException(job.name() + " explored " + symmetryWords(shard.get("symmetry"))
                        + " but " + jobs.get(0).name() + " " + symmetryWords(symmetry) + ": their shares are not of"
                        + " one search; run every job with the same ptcheck.symmetry (on the command line,"
                        + " --no-symmetry in all or none)");
            } else if (count != n || !Objects.equals(split, shard.get("splitDepth"))) {
                throw new IllegalArgumentException(job.name() + " is job " + k + "/" + n + (shard.get("splitDepth") == null
                        ? " splitting cells" : " splitting the frontier at depth " + shard.get("splitDepth"))
                        + ", but " + jobs.get(0).name() + " is of a matrix of " + count + (split == null ? " splitting cells"
                        : " splitting the frontier at depth " + split) + ": merge the reports of one matrix");
            }
            if (k < 1 || k > n) {
                throw new IllegalArgumentException(job.name() + " says it is job " + k + " of " + n);
            }
            if (given.containsKey(k)) {
                throw new IllegalArgumentException(given.get(k).name() + " and " + job.name() + " are both job " + k
                        + "/" + n + ": give each job's report once");
            }
            given.put(k, job);
        }
        List<Object> missing = new ArrayList<>();
        for (int k = 1; k <= count && missing.size() <= 10; k++) {
            if (!given.containsKey(k)) {
                missing.add(missing.size() < 10 ? k : "...");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("job(s) " + missing + " of " + count + " are missing: the merged report"
                    + " would lack their cells or their part of the search; give the ptcheck.json of every job. A job"
                    + " that wrote none stopped first (see its log): a cancelled runner, a build error, or in a"
                    + " multi-module build an earlier module that failed (run the jobs with --fail-at-end, -fae); run"
                    + " it again");
        }
        Job[] byIndex = new Job[count + 1];
        given.forEach((k, job) -> byIndex[k] = job);
        List<List<Map<String, Object>>> cellsByJob = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            int at = jobs.indexOf(byIndex[k]);
            cellsByJob.add(cells(roots.get(at), byIndex[k]));
        }
        ShardReports.sameRun(cellsByJob, byIndex);
        // After the fields: a report whose field is not what ptcheck writes is named with the field.
        ShardReports.asWritten(roots, jobs);
        if (split == null) {
            ShardReports.eachCellOneJob(cellsByJob, byIndex);
        }
        List<Map<String, Object>> cells = split == null ? interleaved(cellsByJob, byIndex)
                : frontier(cellsByJob, byIndex);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ptcheck", roots.get(0).get("ptcheck"));
        if (module != null) {
            root.put("module", module); // where JsonReport puts it: one module's merge is its whole check's report
        }
        if (bounds != null) {
            root.put("bounds", bounds);
        }
        int failed = (int) cells.stream().filter(c -> "failed".equals(c.get("verdict"))).count();
        int notJudged = (int) cells.stream().filter(c -> NotJudged.VERDICT.equals(c.get("verdict"))).count();
        int notAsExpected = (int) cells.stream().filter(c -> !Boolean.TRUE.equals(c.get("asExpected"))).count();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("cells", cells.size());
        totals.put("failed", failed);
        totals.put("passed", cells.size() - failed - notJudged);
        if (notJudged > 0) {
            totals.put(NotJudged.VERDICT, notJudged); // where JsonReport puts it, and only when it does
        }
        totals.put("notAsExpected", notAsExpected);
        totals.put("opsExecuted", cells.stream().mapToLong(c -> c.get("opsExecuted") instanceof Long l ? l : 0L).sum());
        root.put("totals", totals);
        root.put("cells", cells);
        Object depth = split;
        List<String> lines = cells.stream().map(c -> line(c) + explored(c, depth)).toList();
        List<MergedFinding> unexpected = cells.stream().filter(c -> !Boolean.TRUE.equals(c.get("asExpected")))
                .map(MergedFinding::of).toList();
        Map<String, String> files = new LinkedHashMap<>();
        for (Map<String, Object> c : cells) {
            Map<String, Object> finding = optionalObject(c.get("finding"));
            String file = MergedFinding.fileName((String) c.get("cell"));
            if (file != null && finding != null && finding.get("counterexample") instanceof String text) {
                files.put(file, text);
            }
        }
        return new Merged(Json.write(ReportChecksum.sealed(root)), cells.size(), failed, notJudged, notAsExpected, lines,
                unexpected, files);
    }

    /**
     * {@code cell: failed (LEAK in 4 operations, shortest), not as expected}, or {@code cell: not
     * judged, its strategy failed: strategy 'x' threw in ...}.
     */
    private static String line(Map<String, Object> cell) {
        if (NotJudged.VERDICT.equals(cell.get("verdict"))) {
            Map<String, Object> failure = optionalObject(cell.get("strategyFailure"));
            return cell.get("cell") + ": not judged, its strategy failed" + (failure == null ? ""
                    : ": " + failure.get("message"));
        }
        Map<String, Object> finding = optionalObject(cell.get("finding"));
        Map<String, Object> violation = finding == null ? null : optionalObject(finding.get("violation"));
        return cell.get("cell") + ": " + cell.get("verdict") + (violation == null ? "" : " (" + violation.get("invariant")
                + " in " + finding.get("shrunkLength") + " operations, " + finding.get("minimality") + ")")
                + (Boolean.TRUE.equals(cell.get("asExpected")) ? "" : ", not as expected");
    }

    /**
     * For a cell whose frontier the jobs split, what they explored together: {@code ; 3 jobs
     * explored 1034 states, summed (within depth 2 counted once, past it each job's: a state two
     * jobs reach counts twice)}; else nothing.
     */
    private static String explored(Map<String, Object> cell, Object splitDepth) {
        Map<String, Object> coverage = optionalObject(cell.get("coverage"));
        if (coverage == null || !(coverage.get("explore.jobs") instanceof Long jobs)) {
            return "";
        }
        return "; " + jobs + " jobs explored " + coverage.get("explore.statesVisitedSummed") + " states, summed (within"
                + " depth " + splitDepth + " counted once, past it each job's: a state two jobs reach counts twice)";
    }

    /** How a job's "symmetry" entry reads in a message (null: a report from before ptcheck wrote it). */
    private static String symmetryWords(Object symmetry) {
        return Boolean.TRUE.equals(symmetry) ? "with symmetry reduction" : Boolean.FALSE.equals(symmetry)
                ? "with symmetry reduction off" : "without saying whether it reduced by symmetry";
    }

    /** Cells split round robin: position {@code i} is job {@code i % n}'s {@code i / n}-th. */
    private static List<Map<String, Object>> interleaved(List<List<Map<String, Object>>> byJob, Job[] jobs) {
        int n = byJob.size();
        int total = byJob.stream().mapToInt(List::size).sum();
        for (int k = 0; k < n; k++) {
            int expected = total / n + (k < total % n ? 1 : 0);
            if (byJob.get(k).size() != expected) {
                throw new IllegalArgumentException(jobs[k + 1].name() + " has " + byJob.get(k).size() + " cells where job "
                        + (k + 1) + " of " + n + " sharing " + total + " cells has " + expected + ": the jobs did not"
                        + " check the same cells (give every job the same cells, seed and bounds)");
            }
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            cells.add(byJob.get(i % n).get(i / n));
        }
        return cells;
    }

    /** Every job has every cell, each with its part of the exploration. */
    private static List<Map<String, Object>> frontier(List<List<Map<String, Object>>> byJob, Job[] jobs) {
        List<Map<String, Object>> first = byJob.get(0);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            List<Map<String, Object>> versions = new ArrayList<>();
            for (int k = 0; k < byJob.size(); k++) {
                List<Map<String, Object>> theirs = byJob.get(k);
                if (theirs.size() != first.size() || !first.get(i).get("cell").equals(theirs.get(i).get("cell"))) {
                    throw new IllegalArgumentException(jobs[k + 1].name() + " does not check the cells of "
                            + jobs[1].name() + " in the same order (position " + i + "): give every job the same cells");
                }
                versions.add(theirs.get(i));
            }
            cells.add(mergeCell(versions, jobs));
        }
        return cells;
    }

    private static Map<String, Object> mergeCell(List<Map<String, Object>> versions, Job[] jobs) {
        Map<String, Object> failed = null;
        List<Op> shortest = null;
        for (int k = 0; k < versions.size(); k++) {
            Map<String, Object> v = versions.get(k);
            if (!NotJudged.VERDICT.equals(v.get("verdict"))) {
                continue;
            }
            // A share of the search never ran to its end: no verdict of the others covers it. Of several
            // shares that failed, the shortest operations that fail, as one whole search meets them first.
            Map<String, Object> f = optionalObject(v.get("strategyFailure"));
            List<Op> ops = f == null || !(f.get("operations") instanceof List<?>) ? null
                    : ops(f.get("operations"), jobs[k + 1], v.get("cell"));
            if (failed == null || ops != null && (shortest == null
                    || Alphabet.SEQUENCE_ORDER.compare(Vector.ofAll(ops), Vector.ofAll(shortest)) < 0)) {
                failed = v;
                shortest = ops;
            }
        }
        if (failed != null) {
            return failed;
        }
        Map<String, Object> chosen = versions.get(0);
        List<Op> best = null;
        for (int k = 0; k < versions.size(); k++) {
            Map<String, Object> finding = optionalObject(versions.get(k).get("finding"));
            if (finding == null || finding.get("try") != null) {
                continue; // none, or the random check's
            }
            List<Op> ops = ops(finding.get("shrunk"), jobs[k + 1], versions.get(k).get("cell"));
            if (best == null || Alphabet.SEQUENCE_ORDER.compare(Vector.ofAll(ops), Vector.ofAll(best)) < 0) {
                best = ops;
                chosen = versions.get(k);
            }
        }
        Map<String, Object> cell = new LinkedHashMap<>(chosen);
        Map<String, Object> coverage = new LinkedHashMap<>(optionalObject(chosen.get("coverage")) == null
                ? Map.of() : optionalObject(chosen.get("coverage")));
        if (coverage.containsKey("explore.depth")) {
            List<Map<String, Object>> covers = versions.stream().map(v -> optionalObject(v.get("coverage"))).toList();
            if (best == null) {
                coverage.put("explore.depthCompleted", covers.stream().mapToLong(c -> count(c, "explore.depthCompleted"))
                        .min().orElse(0));
            }
            coverage.put("explore.closed", best == null && covers.stream().allMatch(c -> count(c, "explore.closed") == 1)
                    ? 1L : 0L);
            // Not the one job's counts, which the matrix never computes: the jobs' work, under names that say so.
            long shared = covers.stream().mapToLong(c -> count(c, "explore.sharedStates")).min().orElse(0);
            Map<String, Object> renamed = new LinkedHashMap<>();
            coverage.forEach((key, value) -> {
                if (key.equals("explore.statesVisited")) {
                    renamed.put("explore.jobs", (long) covers.size());
                    renamed.put("explore.statesVisitedSummed", shared + covers.stream()
                            .mapToLong(c -> count(c, "explore.statesVisited") - shared).sum());
                } else if (key.equals("explore.transitions")) {
                    renamed.put("explore.transitionsSummed", covers.stream()
                            .mapToLong(c -> count(c, "explore.transitions")).sum());
                } else {
                    renamed.put(key, value);
                }
            });
            coverage = renamed;
            for (String any : List.of("explore.cutByStateBudget", "explore.cutByTimeBudget", "explore.heapRanLow")) {
                coverage.put(any, covers.stream().mapToLong(c -> count(c, any)).max().orElse(0));
            }
        }
        if (coverage.containsKey("explore.depth") && Long.valueOf(0).equals(cell.get("tries"))) {
            // No random check (the command line's explore): the operations are the exploration's, each job's its
            // own, summed as its states are, not the one job's whose finding the cell took.
            cell.put("opsExecuted", versions.stream().mapToLong(v -> v.get("opsExecuted") instanceof Long l ? l : 0L)
                    .sum());
        }
        cell.put("coverage", coverage);
        return cell;
    }

    private static long count(Map<String, Object> coverage, String key) {
        return coverage != null && coverage.get(key) instanceof Long l ? l : 0L;
    }

    /** A finding's operations, as their counterexample-file spelling (e.g. {@code lookup cpu0 t1}) gives them. */
    private static List<Op> ops(Object shrunk, Job job, Object cell) {
        if (!(shrunk instanceof List<?> list)) {
            throw new IllegalArgumentException(job.name() + ": cell " + cell + " has a finding without its 'shrunk' list");
        }
        List<Op> ops = new ArrayList<>();
        for (Object o : list) {
            ops.add(op(String.valueOf(o), job, cell));
        }
        return ops;
    }

    private static Op op(String text, Job job, Object cell) {
        String[] words = text.trim().split("\\s+");
        for (OpKind kind : OpKind.values()) {
            if (kind.spelling().equals(words[0]) && kind.args().size() == words.length - 1) {
                int[] values = new int[words.length - 1];
                try {
                    for (int a = 0; a < values.length; a++) {
                        values[a] = Integer.parseInt(words[a + 1].substring(kind.args().get(a).prefix().length()));
                    }
                    return kind.make(values);
                } catch (RuntimeException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException(job.name() + ": cell " + cell + " has a finding with '" + text
                + "', which is not an operation ptcheck spells");
    }

    private static Object parse(Job job) {
        try {
            return JsonReader.parse(job.json());
        } catch (RuntimeException e) {
            String what = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("at offset (\\d+)").matcher(what);
            if (at.find() && Long.parseLong(at.group(1)) >= job.json().stripTrailing().length()
                    && !job.json().isBlank()) {
                // Jobs write their reports whole (a temporary file, then a move): a cut one was cut on its way here.
                throw new IllegalArgumentException(job.name() + " is cut short: it ends after " + job.json().length()
                        + " characters, in the middle of its JSON (an upload, download or copy that stopped, a full"
                        + " disk); give the ptcheck.json the job wrote: download its artifact again, or run the job"
                        + " again");
            }
            throw new IllegalArgumentException(job.name() + " is not JSON (" + what + "): give the ptcheck.json each"
                    + " job wrote");
        }
    }

    private static List<Map<String, Object>> cells(Map<String, Object> root, Job job) {
        if (!(root.get("cells") instanceof List<?> list)) {
            throw new IllegalArgumentException(job.name() + " has no 'cells' list: is it a ptcheck.json?");
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Object o : list) {
            Map<String, Object> cell = object(o, job, "a cell");
            ShardReports.cell(cell, job);
            cells.add(cell);
        }
        ShardReports.eachOnce(cells, job);
        return cells;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, Job job, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(job.name() + ": " + what + " is not a JSON object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optionalObject(Object o) {
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : null;
    }

    /**
     * A job's {@code shard} entry. A report without one is of a whole check (no shard given, or
     * {@code 1/1}, which writes none): alone it is a matrix of one job, as a workflow whose matrix
     * was cut down to one job has, and merges into itself; beside other reports it is refused.
     */
    private static Map<String, Object> shardEntry(Map<String, Object> root, Job job, List<Job> jobs) {
        if (root.get("shard") == null && jobs.size() == 1) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("index", 1L);
            one.put("count", 1L);
            return one;
        }
        if (root.get("shard") == null) {
            throw new IllegalArgumentException(job.name() + " has no 'shard' entry: it is a whole check's report (its"
                    + " job was given no shard, or 1/1), which merges only alone. Give every job of the matrix its"
                    + " share, -Dptcheck.shard=${{ matrix.shard }}/N (on the command line --shard), and merge their"
                    + " reports, or this one alone");
        }
        return object(root.get("shard"), job, "its 'shard' entry");
    }

    /** {@code shard.count} or {@code shard.index}: a whole number from 1 up, as {@link io.github.ptcheck.check.Shard} has. */
    private static int jobNumber(Object o, Job job, String what) {
        if (!(o instanceof Long l)) {
            throw new IllegalArgumentException(job.name() + ": " + what + " is not a number");
        }
        if (l < 1 || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(job.name() + ": " + what + " is " + l + ", which no job writes (jobs are"
                    + " numbered from 1, up to " + Integer.MAX_VALUE + "): the report is corrupted or edited; give the"
                    + " ptcheck.json the job wrote");
        }
        return (int) (long) l;
    }
}
