package io.github.ptcheck.maven;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.report.AtomicWrite;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.report.HtmlReport;
import io.github.ptcheck.report.JUnitXmlReport;
import io.github.ptcheck.report.JsonReport;
import io.github.ptcheck.report.NotJudged;
import io.github.ptcheck.report.RunBounds;
import io.vavr.collection.List;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the reports of a check into one directory: {@code ptcheck.json}, {@code ptcheck.html},
 * {@code TEST-ptcheck.xml} (JUnit XML, for CI servers) and one counterexample file per finding,
 * named {@code <strategy>@<preset>.ptcheck}. The same results give the same bytes.
 *
 * <p>A check killed in the middle must not leave reports that look like its own: the goal
 * {@link #clearPrevious clears} the previous run's reports before it checks anything, and each
 * file is written under a temporary name in the same directory and then moved into place
 * (atomically where the file system can), so a reader never sees half a file.
 */
final class ReportFiles {

    static final String JSON = "ptcheck.json";
    static final String HTML = "ptcheck.html";
    static final String JUNIT = "TEST-ptcheck.xml";
    static final String EXTENSION = ".ptcheck";

    private final Path directory;
    private final String suite;
    private final Shard shard;
    private final int splitDepth;
    private final boolean symmetry;
    /** The Maven module ({@code groupId:artifactId}) ptcheck.json says it is of, or null. */
    private final String module;
    /** The bounds and options ptcheck.json says the cells were checked with, or null. */
    private final RunBounds bounds;

    /** @param suite the JUnit XML suite's name and class-name prefix, e.g. {@code ptcheck.my-module} */
    ReportFiles(Path directory, String suite) {
        this(directory, suite, Shard.ALL, -1, true, null, null);
    }

    private ReportFiles(Path directory, String suite, Shard shard, int splitDepth, boolean symmetry, String module,
                        RunBounds bounds) {
        this.directory = directory;
        this.suite = suite;
        this.shard = shard;
        this.splitDepth = splitDepth;
        this.symmetry = symmetry;
        this.module = module;
        this.bounds = bounds;
    }

    /**
     * The same files, written by job {@code shard} of a CI matrix whose explorations reduce by
     * symmetry or not: ptcheck.json says so, for ptcheck:merge.
     */
    ReportFiles sharded(Shard shard, int splitDepth, boolean symmetry) {
        return new ReportFiles(directory, suite, shard, splitDepth, symmetry, module, bounds);
    }

    /** The same files, with ptcheck.json saying which module ({@code groupId:artifactId}) they are of. */
    ReportFiles module(String groupAndArtifact) {
        return new ReportFiles(directory, suite, shard, splitDepth, symmetry, groupAndArtifact, bounds);
    }

    /** The same files, with ptcheck.json saying within which bounds the cells were checked, for ptcheck:merge. */
    ReportFiles bounds(RunBounds run) {
        return new ReportFiles(directory, suite, shard, splitDepth, symmetry, module, run);
    }

    Path directory() {
        return directory;
    }

    /** The counterexample file of a cell: {@code <strategy>@<preset>.ptcheck}. */
    Path counterexample(CellReport r) {
        return directory.resolve(r.cell().name() + EXTENSION);
    }

    /**
     * Writes every report.
     *
     * @param removeStale whether to delete counterexample files of earlier runs first (only
     *                    safe where ptcheck owns the directory: under {@code target/})
     * @param notJudged   the cells whose strategy failed: in every report, at their place, never as a pass
     * @param times       each cell's wall-clock time, for the JUnit XML report
     * @return by cell name, the counterexample file written for each cell with a finding; a cell whose file could
     *         not be made (a strategy name with blanks) maps to the reason instead
     */
    Map<String, Written> write(List<CellReport> reports, List<NotJudged> notJudged, Expectations expected,
                                   Function<CellReport, String> reproduce, boolean removeStale,
                                   Function<Cell, Duration> times) throws IOException {
        clearPrevious(removeStale);
        text(JSON, new JsonReport(reproduce).expecting(expected).sharded(shard, splitDepth, symmetry).module(module)
                .bounds(bounds).notJudged(notJudged)
                .render(reports));
        text(HTML, new HtmlReport("ptcheck report", reproduce).expecting(expected).notJudged(notJudged)
                .render(reports));
        text(JUNIT, new JUnitXmlReport(suite, null, reproduce).expecting(expected).timed(times).notJudged(notJudged)
                .render(reports));
        Map<String, Written> files = new LinkedHashMap<>();
        for (CellReport r : reports.filter(c -> c.finding().isDefined())) {
            String content;
            try {
                content = FindingFile.text(r.cell(), r.finding().get());
            } catch (IllegalArgumentException e) {
                files.put(r.cell().name(), new Written(null, e.getMessage()));
                continue;
            }
            Path p = counterexample(r);
            text(p.getFileName().toString(), content);
            files.put(r.cell().name(), new Written(p, null));
        }
        return files;
    }

    /** A counterexample file written, or why none could be. */
    record Written(Path file, String problem) {
    }

    /**
     * Deletes the reports a previous run left: {@code ptcheck.json}, {@code ptcheck.html},
     * {@code TEST-ptcheck.xml}, temporary files of a run killed while writing, and (only where
     * ptcheck owns the directory, under {@code target/}) the counterexample files.
     *
     * @param removeStale whether counterexample files may be deleted too
     */
    void clearPrevious(boolean removeStale) throws IOException {
        Files.createDirectories(directory);
        for (String name : new String[] {JSON, HTML, JUNIT}) {
            Files.deleteIfExists(directory.resolve(name));
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "{" + AtomicWrite.TEMPORARY_PREFIX + "*"
                + (removeStale ? ",*" + EXTENSION : "") + "}")) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The counterexample files in the directory that {@code written} (this run's) does not hold, by
     * name, sorted: where ptcheck may not delete them ({@link #clearPrevious}), the earlier runs'
     * files stay beside this run's reports and would be read as its findings.
     */
    java.util.List<String> notWrittenBy(java.util.Collection<Path> written) throws IOException {
        java.util.List<String> strays = new java.util.ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(directory, "*" + EXTENSION)) {
            for (Path p : all) {
                if (!written.contains(p)) {
                    strays.add(p.getFileName().toString());
                }
            }
        }
        java.util.Collections.sort(strays);
        return strays;
    }

    private void text(String name, String content) throws IOException {
        AtomicWrite.write(directory.resolve(name), content);
    }
}
