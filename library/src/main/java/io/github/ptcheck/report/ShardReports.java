package io.github.ptcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@link ShardMerge} checks in the jobs' reports before it merges them: that each field it
 * reads holds what {@link JsonReport} writes (a corrupted or hand-edited report is named with
 * the field, never merged into verdicts that mean nothing), and that every job ran the same check
 * (the same ptcheck, module, bounds, seed, tries, mode and depth), so that the merged report is one
 * run's.
 */
final class ShardReports {

    private static final Set<String> VERDICTS = Set.of("passed", "failed", NotJudged.VERDICT);

    private ShardReports() {
    }

    /** The ptcheck version a report was written by; every job's must be the first's. */
    static void sameVersion(Map<String, Object> root, ShardMerge.Job job, Object firstVersion, ShardMerge.Job first) {
        Object version = root.get("ptcheck");
        if (!(version instanceof String)) {
            throw wrong(job, "'ptcheck' (the version that wrote it)", version, "a version such as \"0.1.0\"");
        }
        if (firstVersion != null && !version.equals(firstVersion)) {
            throw new IllegalArgumentException("jobs of different ptcheck versions: " + first.name() + " was written by"
                    + " ptcheck " + firstVersion + ", " + job.name() + " by " + version + "; run every job of the"
                    + " matrix with the same ptcheck and merge their reports");
        }
    }

    /**
     * The module ({@code groupId:artifactId}) every job's report records, or null if none records
     * one (the command line writes none). Each module of a multi-module build runs its own matrix,
     * and the jobs of two matrices are both job 1/n: refused here, with the module of each report
     * named, rather than as a job given twice.
     *
     * @param roots each job's report, in the order of {@code jobs}
     */
    static String oneModule(List<Map<String, Object>> roots, List<ShardMerge.Job> jobs) {
        TreeMap<String, List<String>> byModule = new TreeMap<>();
        for (int j = 0; j < jobs.size(); j++) {
            Object m = roots.get(j).get("module");
            if (m != null && !(m instanceof String)) {
                throw wrong(jobs.get(j), "'module'", m, "the Maven module, as \"groupId:artifactId\"");
            }
            if (m != null) {
                byModule.computeIfAbsent((String) m, k -> new ArrayList<>()).add(jobs.get(j).name());
            }
        }
        if (byModule.size() > 1) {
            StringBuilder sb = new StringBuilder("the reports are of " + byModule.size() + " modules (");
            byModule.forEach((m, names) -> sb.append(m).append(": ").append(String.join(", ", names)).append("; "));
            sb.setLength(sb.length() - 2);
            throw new IllegalArgumentException(sb.append("): merge each module's reports on its own, e.g. mvn"
                    + " ptcheck:merge -Dptcheck.reports=<that module's reports> -Dptcheck.mergedReport=<module>/"
                    + "target/ptcheck/ptcheck.json, or ptcheck merge <that module's reports> --json <file>").toString());
        }
        return byModule.isEmpty() ? null : byModule.firstKey();
    }

    /**
     * Every job's {@code "bounds"} ({@link RunBounds}) the first's: jobs given other CPUs, mms,
     * tables, sequence length, preemptions or budgets each prove something else. Reports from
     * before ptcheck recorded them have none: those merge with each other as they did, unchecked,
     * but not with a report that has them, whose bounds they cannot be held to.
     *
     * @param roots each job's report, in the order of {@code jobs}
     * @return the bounds, or null when no report records them
     */
    static Object sameBounds(List<Map<String, Object>> roots, List<ShardMerge.Job> jobs) {
        for (int j = 0; j < jobs.size(); j++) {
            boundsEntry(roots.get(j), jobs.get(j));
        }
        Object first = roots.get(0).get("bounds");
        for (int j = 1; j < jobs.size(); j++) {
            Object theirs = roots.get(j).get("bounds");
            if ((first == null) != (theirs == null)) {
                ShardMerge.Job without = jobs.get(first == null ? 0 : j);
                ShardMerge.Job with = jobs.get(first == null ? j : 0);
                throw new IllegalArgumentException(without.name() + " records no bounds (cpus, mms, maxTables, ...)"
                        + " where " + with.name() + " does: it was written by a ptcheck from before reports recorded"
                        + " them, so the merge cannot tell whether it ran within the same bounds; run every job of the"
                        + " matrix again with this ptcheck and merge their reports");
            }
            if (first == null) {
                continue;
            }
            Map<?, ?> a = (Map<?, ?>) first;
            Map<?, ?> b = (Map<?, ?>) theirs;
            Set<Object> keys = new java.util.LinkedHashSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (Object key : keys) {
                if (!Objects.equals(a.get(key), b.get(key))) {
                    throw new IllegalArgumentException("jobs of different runs: " + jobs.get(0).name() + " has " + key
                            + " " + shown(a.get(key)) + ", " + jobs.get(j).name() + " " + key + " " + shown(b.get(key))
                            + " (bounds); run every job with the same " + RunBounds.OPTIONS.getOrDefault(String.valueOf(key), String.valueOf(key))
                            + " and merge the reports of one matrix run, whose jobs got the same options but --shard");
                }
            }
        }
        return first;
    }

    /**
     * Every report holds the checksum of its content ({@link ReportChecksum}): one edited by hand
     * after its job wrote it (a failure made a pass, a cell removed) would merge into a whole
     * check's report that no job found. Reports from before ptcheck wrote checksums have none:
     * they merge with each other as they did, but not with one that has one.
     *
     * @param roots each job's report, in the order of {@code jobs}
     */
    static void asWritten(List<Map<String, Object>> roots, List<ShardMerge.Job> jobs) {
        ShardMerge.Job with = null;
        ShardMerge.Job without = null;
        for (int j = 0; j < jobs.size(); j++) {
            if (roots.get(j).get(ReportChecksum.KEY) == null) {
                without = without == null ? jobs.get(j) : without;
                continue;
            }
            with = with == null ? jobs.get(j) : with;
            if (!ReportChecksum.matches(roots.get(j))) {
                throw new IllegalArgumentException(jobs.get(j).name() + " was changed after ptcheck wrote it: its"
                        + " content no longer matches the checksum ptcheck wrote into it, so a verdict, finding or"
                        + " cell in it may not be what the job found; give the ptcheck.json the job wrote (download"
                        + " its artifact again), or run that job again");
            }
        }
        if (with != null && without != null) {
            throw new IllegalArgumentException(without.name() + " has no checksum where " + with.name() + " has one:"
                    + " it was written by a ptcheck from before reports carried one, or its checksum was removed by"
                    + " hand; run every job of the matrix again with this ptcheck and merge their reports");
        }
    }

    /** A report's {@code "bounds"}: absent, or an object of whole numbers and nulls, as {@link RunBounds} writes. */
    private static void boundsEntry(Map<String, Object> root, ShardMerge.Job job) {
        Object bounds = root.get("bounds");
        if (bounds != null && !(bounds instanceof Map<?, ?>)) {
            throw wrong(job, "'bounds'", bounds, "an object: cpus, mms, maxTables, ...");
        }
        if (bounds != null) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) bounds).entrySet()) {
                if (e.getValue() != null && !(e.getValue() instanceof Long)) {
                    throw wrong(job, "'bounds." + e.getKey() + "'", e.getValue(), "a whole number or null");
                }
            }
        }
    }

    /** A bound as a message gives it: null is one not set (no budget, no random check). */
    private static String shown(Object bound) {
        return bound == null ? "unset" : bound.toString();
    }

    /** The fields of a cell the merge reads, each what {@link JsonReport} writes. */
    static void cell(Map<String, Object> cell, ShardMerge.Job job) {
        if (!(cell.get("cell") instanceof String name) || name.isBlank()) {
            throw wrong(job, "a cell's 'cell'", cell.get("cell"), "its name, strategy@preset");
        }
        String where = "cell " + name + ": ";
        if (!VERDICTS.contains(cell.get("verdict"))) {
            throw wrong(job, where + "'verdict'", cell.get("verdict"), "\"passed\", \"failed\" or \"notJudged\"");
        }
        for (String flag : List.of("expected", "asExpected")) {
            if (!(cell.get(flag) instanceof Boolean)) {
                throw wrong(job, where + "'" + flag + "'", cell.get(flag), "true or false");
            }
        }
        if (!(cell.get("seed") instanceof String)) {
            throw wrong(job, where + "'seed'", cell.get("seed"), "the seed as a string, e.g. \"0\"");
        }
        if (!(cell.get("tries") instanceof Long)) {
            throw wrong(job, where + "'tries'", cell.get("tries"), "a whole number");
        }
        notJudgedAsWritten(cell, job, where);
    }

    /**
     * A cell not judged is what {@link JsonReport#notJudged} writes: never as expected, no
     * finding, a {@code strategyFailure} with its message; a judged cell has no
     * {@code strategyFailure}. An edited {@code asExpected} would pass in the merge a cell no job
     * could judge; an entry without its failure would fail it without saying why.
     */
    private static void notJudgedAsWritten(Map<String, Object> cell, ShardMerge.Job job, String where) {
        Object failure = cell.get("strategyFailure");
        if (!NotJudged.VERDICT.equals(cell.get("verdict"))) {
            if (failure != null) {
                throw edited(job, where + "a cell whose verdict is \"" + cell.get("verdict") + "\" has a"
                        + " 'strategyFailure', which ptcheck writes only for a cell not judged (\"verdict\":"
                        + " \"notJudged\")");
            }
            return;
        }
        if (!Boolean.FALSE.equals(cell.get("asExpected"))) {
            throw wrong(job, where + "'asExpected' of a cell not judged", cell.get("asExpected"),
                    "false (a cell whose strategy failed is never as expected)");
        }
        if (cell.get("finding") != null) {
            throw edited(job, where + "a cell not judged has a 'finding', where ptcheck writes null (its search never"
                    + " ended)");
        }
        Object message = failure instanceof Map<?, ?> m ? m.get("message") : null;
        if (!(message instanceof String)) {
            throw edited(job, where + "a cell not judged has " + (failure instanceof Map<?, ?> ? "a 'strategyFailure'"
                    + " without its 'message'" : "no 'strategyFailure' object") + ", where ptcheck writes what the"
                    + " strategy did ('message', 'operations', 'reproduce')");
        }
    }

    /** Each cell once in a job's report. */
    static void eachOnce(List<Map<String, Object>> cells, ShardMerge.Job job) {
        Set<Object> seen = new java.util.HashSet<>();
        for (Map<String, Object> c : cells) {
            if (!seen.add(c.get("cell"))) {
                throw new IllegalArgumentException(job.name() + " lists cell " + c.get("cell") + " twice: it is not a"
                        + " report ptcheck wrote; give the ptcheck.json each job wrote");
            }
        }
    }

    /**
     * Jobs that split the cells (the {@code shard} entry has no {@code splitDepth}) each check
     * their own: a cell two jobs report means the jobs were given the cells in different orders
     * (each takes the cells at its positions of the list it was given), so that some cell was
     * checked by two jobs and another by none. Refused, naming the cell and both reports. (Jobs
     * that split the frontier all report every cell; this is not asked of them.)
     *
     * @param cellsByJob each job's cells, job 1 first
     * @param jobs       the jobs by number, from index 1
     */
    static void eachCellOneJob(List<List<Map<String, Object>>> cellsByJob, ShardMerge.Job[] jobs) {
        Map<Object, Integer> owner = new java.util.HashMap<>();
        for (int k = 0; k < cellsByJob.size(); k++) {
            for (Map<String, Object> c : cellsByJob.get(k)) {
                Integer first = owner.putIfAbsent(c.get("cell"), k);
                if (first != null) {
                    throw new IllegalArgumentException("cell " + c.get("cell") + " is reported by both "
                            + jobs[first + 1].name() + " and " + jobs[k + 1].name() + ", jobs that split the cells:"
                            + " the jobs were given the cells in different orders, so a cell was checked twice and"
                            + " another by no job; give every job the same cells in the same order and run the"
                            + " matrix again");
                }
            }
        }
    }

    /**
     * Every job's cells were checked as the first job's first cell was: the same seed, tries, and
     * mode (a random check, an exploration and its depth). A cell whose strategy failed says
     * nothing of the mode (it ran to no end), so it is not compared.
     */
    static void sameRun(List<List<Map<String, Object>>> cellsByJob, ShardMerge.Job[] jobs) {
        Map<String, Object> reference = null;
        ShardMerge.Job referenceJob = null;
        for (int k = 0; k < cellsByJob.size(); k++) {
            for (Map<String, Object> c : cellsByJob.get(k)) {
                if (NotJudged.VERDICT.equals(c.get("verdict"))) {
                    continue;
                }
                Map<String, Object> run = run(c);
                if (reference == null) {
                    reference = run;
                    referenceJob = jobs[k + 1];
                    continue;
                }
                for (Map.Entry<String, Object> field : reference.entrySet()) {
                    Object theirs = run.get(field.getKey());
                    if (!Objects.equals(field.getValue(), theirs)) {
                        throw new IllegalArgumentException("jobs of different runs: " + referenceJob.name() + " has "
                                + field.getKey() + " " + field.getValue() + ", " + jobs[k + 1].name() + " "
                                + field.getKey() + " " + theirs + " (cell " + c.get("cell") + "); merge the reports of"
                                + " one matrix run, whose jobs got the same options but --shard");
                    }
                }
            }
        }
    }

    /** What a cell says of the run that checked it: seed, tries, and the exploration's depth, if any. */
    private static Map<String, Object> run(Map<String, Object> cell) {
        Map<String, Object> run = new java.util.LinkedHashMap<>();
        Object coverage = cell.get("coverage");
        Object depth = coverage instanceof Map<?, ?> m ? m.get("explore.depth") : null;
        run.put("mode", depth == null ? "check" : "explore");
        run.put("seed", cell.get("seed"));
        run.put("tries", cell.get("tries"));
        run.put("explore depth", depth == null ? "none" : depth);
        return run;
    }

    private static IllegalArgumentException edited(ShardMerge.Job job, String what) {
        return new IllegalArgumentException(job.name() + ": " + what + ": the report is corrupted or edited; give the"
                + " ptcheck.json the job wrote");
    }

    private static IllegalArgumentException wrong(ShardMerge.Job job, String field, Object value, String expected) {
        String shown = String.valueOf(value);
        return new IllegalArgumentException(job.name() + ": " + field + " is " + (value == null ? "missing"
                : (value instanceof String ? "\"" + cut(shown) + "\"" : cut(shown))) + " where ptcheck writes " + expected
                + ": the report is corrupted or edited; give the ptcheck.json the job wrote");
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
