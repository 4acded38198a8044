package io.github.ptcheck.maven;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.List;

/**
 * Merges the ptcheck.json of every job of a CI matrix ({@code ptcheck:check} with
 * {@code -Dptcheck.shard=k/n}) into the report the whole check would have written, and fails
 * the build as that check would have: {@code mvn ptcheck:merge -Dptcheck.reports=shards}
 * (docs/ci-matrix.md). Needs no project.
 */
@Mojo(name = "merge", requiresProject = false, threadSafe = true)
public class MergeMojo extends AbstractMojo {

    /** The jobs' ptcheck.json files, or directories to search for them (where CI downloaded the artifacts). */
    @Parameter(property = "ptcheck.reports", required = true)
    private List<File> reports;

    /** Where the merged report goes. */
    @Parameter(property = "ptcheck.mergedReport", defaultValue = "target/ptcheck/ptcheck.json")
    private File mergedReport;

    /** Whether a cell not as expected (what fails ptcheck:check) fails the build; false only reports it. */
    @Parameter(property = "ptcheck.failOnViolation", defaultValue = "true")
    private boolean failOnViolation;

    /** Skips the merge. */
    @Parameter(property = "ptcheck.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ptcheck: skipped (ptcheck.skip)");
            return;
        }
        new MergeGoal(failOnViolation, getLog()).execute(reports.stream().map(File::toPath).toList(),
                mergedReport.toPath());
    }
}
