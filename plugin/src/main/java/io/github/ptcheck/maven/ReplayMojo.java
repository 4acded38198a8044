package io.github.ptcheck.maven;

import io.github.ptcheck.cex.Catalog;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a counterexample file again ({@code -Dptcheck.file=target/ptcheck/<cell>.ptcheck}),
 * prints its trace, and says whether it reproduced the violation the file records. Fails the
 * build if the run breaks an invariant, unless {@code failOnViolation} is false. Runs inside a
 * project (then strategies of {@code strategyClasses} come from its test classpath) or without
 * one, for the built-in strategies.
 */
@Mojo(name = "replay", requiresProject = false, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public class ReplayMojo extends AbstractMojo {

    /** The counterexample file to run (docs/counterexample-format.md). */
    @Parameter(property = "ptcheck.file", required = true)
    private File file;

    /** Your strategies the file may name, as for ptcheck:check. */
    @Parameter(property = "ptcheck.strategyClasses")
    private List<String> strategyClasses;

    /** Your presets the file may name (files ptcheck writes define them in full anyway). */
    @Parameter(property = "ptcheck.presets")
    private List<PresetParameter> presets;

    /** Whether a replay that breaks an invariant fails the build. */
    @Parameter(property = "ptcheck.failOnViolation", defaultValue = "true")
    private boolean failOnViolation;

    /** Seconds one call of a strategy method may take, as for ptcheck:check. */
    @Parameter(property = "ptcheck.callTimeout", defaultValue = "10")
    private int callTimeout;

    /** Skips the replay. */
    @Parameter(property = "ptcheck.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ptcheck: skipped (ptcheck.skip)");
            return;
        }
        ShadowedProperties.warn(session.getUserProperties(), mojoExecution, project, getLog());
        try (UserStrategies user = UserStrategies.load(CheckRequest.entries(strategyClasses), this::testClasspath)) {
            Catalog catalog;
            try {
                catalog = ReplayGoal.catalog(presets == null ? List.of() : presets, user.strategies());
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("ptcheck: " + e.getMessage(), e);
            }
            Catalog c = catalog;
            Watched.run(callTimeout, () -> new ReplayGoal(c, failOnViolation, getLog()).execute(file.toPath()));
        }
    }

    private List<String> testClasspath() throws MojoExecutionException {
        if (!session.getRequest().isProjectPresent()) {
            throw new MojoExecutionException("ptcheck: <strategyClasses> needs a project to load them from;"
                    + " run ptcheck:replay in the project that holds your strategies");
        }
        try {
            return new ArrayList<>(project.getTestClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("ptcheck cannot read the project's test classpath: " + e.getMessage(), e);
        }
    }
}
