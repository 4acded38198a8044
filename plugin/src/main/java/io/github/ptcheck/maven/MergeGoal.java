package io.github.ptcheck.maven;

import io.github.ptcheck.report.AtomicWrite;
import io.github.ptcheck.report.MergedFinding;
import io.github.ptcheck.report.ShardMerge;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code ptcheck:merge} does: read the ptcheck.json of every job of a CI matrix (files, or
 * directories searched for them, as CI artifacts download), merge them ({@link ShardMerge}) into
 * the whole check's report, write it with a counterexample file per finding beside it, log a block
 * per cell not as expected (its operations and the commands that run it again), and fail the
 * build as the whole check would have.
 */
final class MergeGoal {

    private final boolean failOnViolation;
    private final Log log;

    MergeGoal(boolean failOnViolation, Log log) {
        this.failOnViolation = failOnViolation;
        this.log = log;
    }

    /** Merges the reports found at {@code inputs} into {@code output}. */
    ShardMerge.Merged execute(List<Path> inputs, Path output) throws MojoExecutionException, MojoFailureException {
        if (inputs == null || inputs.isEmpty()) {
            throw new MojoExecutionException("ptcheck:merge: no reports to merge: set ptcheck.reports to the jobs'"
                    + " ptcheck.json files or the directory CI downloaded them to, e.g. mvn ptcheck:merge"
                    + " -Dptcheck.reports=shards (docs/ci-matrix.md)");
        }
        ShardMerge.Merged merged;
        int jobs;
        try {
            List<ShardMerge.Job> read = ShardMerge.read(inputs);
            jobs = read.size();
            merged = ShardMerge.merge(read); // refuses two modules' reports, and keeps the module in the merged one
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("ptcheck:merge: " + e.getMessage() + " (-Dptcheck.reports=...)", e);
        } catch (IOException e) {
            throw new MojoExecutionException("ptcheck:merge cannot read the reports: " + e, e);
        }
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            AtomicWrite.write(output, merged.json());
            for (Map.Entry<String, String> file : merged.counterexamples().entrySet()) {
                AtomicWrite.write(output.resolveSibling(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new MojoExecutionException("ptcheck:merge cannot write " + output + ": " + e, e);
        }
        log.info("ptcheck:merge: " + jobs + " jobs, " + merged.cells() + " cells: " + merged.failed()
                + " failed, " + (merged.cells() - merged.failed() - merged.notJudged()) + " passed"
                + (merged.notJudged() > 0 ? ", " + merged.notJudged() + " not judged (the strategy failed)" : "") + "; "
                + merged.notAsExpected() + " not as expected; the whole check's report: " + output);
        merged.lines().forEach(l -> log.info("  " + l));
        for (MergedFinding f : merged.unexpected()) {
            // The failed merge job's log alone shows what broke and how to run it again: no job's log to hunt through.
            log.error("");
            f.lines().forEach(log::error);
            String file = MergedFinding.fileName(f.cell());
            if (file != null && merged.counterexamples().containsKey(file)) {
                log.error("  counterexample: " + output.resolveSibling(file));
                log.error("  replay:    " + f.replay(output.resolveSibling(file).toString(), true));
            }
        }
        if (merged.notJudged() > 0) {
            // As the job's ptcheck:check did: an error of the strategy, which failOnViolation does not let pass.
            throw new MojoExecutionException("ptcheck:merge: " + merged.notJudged() + " cell(s) not judged, their"
                    + " strategy failed in a job (the ERROR blocks above say where and how to run it again)"
                    + (merged.notAsExpected() > merged.notJudged() ? "; " + (merged.notAsExpected()
                    - merged.notJudged()) + " other cell(s) not as expected" : "") + "; " + output + " has them all");
        }
        if (merged.notAsExpected() > 0) {
            String message = "ptcheck:merge: " + merged.notAsExpected() + " cell(s) not as expected; the ERROR"
                    + " blocks above show their operations and the commands that run them again, the counterexample"
                    + " files beside " + output + " their traces, and the job's log that found each its trace too";
            if (failOnViolation) {
                throw new MojoFailureException(message);
            }
            log.warn(message);
        }
        return merged;
    }
}
