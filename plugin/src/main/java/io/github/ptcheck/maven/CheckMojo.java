package io.github.ptcheck.maven;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks page-table freeing strategies against ptcheck's invariants with random operation
 * sequences, shrinks every violation to a short sequence, writes the reports, and fails the
 * build on a violation nobody expected: the built-ins are held to their known verdicts
 * (docs/strategies.md), the cells of {@code expectedViolations} may break any invariant, every
 * other cell must pass.
 *
 * <p>Each cell ({@code strategy@preset}) gets {@code tries} seeded sequences of up to
 * {@code maxLength} operations; the first violation is shrunk, traced, written as a
 * counterexample file, and printed with the commands that run it again; the tries go on a while
 * after it, and each other invariant they break is shrunk and reported too
 * ({@code io.github.ptcheck.check.Runner.goesOn}). See docs/maven-plugin.md.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public class CheckMojo extends AbstractMojo {

    /**
     * What to check: entries {@code strategy@preset} (that strategy on that preset),
     * {@code strategy} (on every preset it serves), {@code @preset} (every strategy that serves
     * it) or {@code all} (every strategy on every preset it serves). Default: the strategies of
     * {@code strategyClasses} on the presets they serve if there are any, else {@code all}.
     */
    @Parameter(property = "ptcheck.cells")
    private List<String> cells;

    /**
     * Your strategies: fully qualified names of classes implementing
     * {@code io.github.ptcheck.strategy.Strategy} with a public no-argument constructor, loaded
     * from the project's test classpath (so main and test classes both work).
     */
    @Parameter(property = "ptcheck.strategyClasses")
    private List<String> strategyClasses;

    /**
     * Presets of your own, each with {@code name}, {@code arch}, {@code pageSize} and
     * {@code tableSize} (bytes); on the command line {@code name:arch:pageSize:tableSize},
     * comma-separated.
     */
    @Parameter(property = "ptcheck.presets")
    private List<PresetParameter> presets;

    /** The seed of the first try; the same seed and parameters give the same sequences and reports. */
    @Parameter(property = "ptcheck.seed", defaultValue = "0")
    private long seed;

    /**
     * Sequences tried per cell at the most; after a violation a cell runs at least 10 tries in all
     * and stops once its latest half found no new invariant, or 1000 tries after the first.
     */
    @Parameter(property = "ptcheck.tries", defaultValue = "200")
    private int tries;

    /** Operations per sequence at the most (the teardown comes on top). */
    @Parameter(property = "ptcheck.maxLength", defaultValue = "40")
    private int maxLength;

    /** CPUs that may enter RCU read-side sections (cpu0, cpu1, ...). */
    @Parameter(property = "ptcheck.cpus", defaultValue = "2")
    private int cpus;

    /** mms that may allocate page tables (mm0, mm1, ...). */
    @Parameter(property = "ptcheck.mms", defaultValue = "2")
    private int mms;

    /** Page tables allocated in one sequence at the most. */
    @Parameter(property = "ptcheck.maxTables", defaultValue = "40")
    private int maxTables;

    /** Seconds the shrinker may spend on a cell's findings together; a result cut short says "partially shrunk". */
    @Parameter(property = "ptcheck.shrinkTimeLimit", defaultValue = "30")
    private int shrinkTimeLimit;

    /**
     * Seconds of trying per cell, if set: a cell stops trying after this long (its report says
     * so), and an exhaustive exploration of a cell stops after this long too. Unset: every cell
     * runs all its tries. Makes the run depend on the machine's speed.
     */
    @Parameter(property = "ptcheck.timeBudget")
    private Integer timeBudget;

    /**
     * Exhaustive mode: besides the random tries, run every sequence of up to this many
     * operations (within cpus, mms and maxTables) on each cell, breadth first over distinct
     * states; a violation found so is a shortest counterexample. 0 turns it off.
     */
    @Parameter(property = "ptcheck.depth", defaultValue = "0")
    private int depth;

    /**
     * Exhaustive mode stops a cell after visiting this many distinct states; the log says so.
     * Unset: half of what the heap holds at about 1000 bytes a state (docs/reliability.md), so
     * that exploration stops cleanly before it could run out of memory. A budget above what the
     * heap holds is lowered to it.
     */
    @Parameter(property = "ptcheck.stateBudget")
    private Long stateBudget;

    /**
     * Interleavings: also run operations overlapped on two CPUs, every kernel call a point where
     * the other CPU may step in (docs/model.md, "Interleavings"). Each try runs again with two
     * neighbouring operations overlapped under PCT schedules, and with {@code depth} the
     * exhaustive search covers every schedule within {@code preemptions}. Off by default: it
     * finds races in a strategy's locking and atomics, at about three times the cost.
     */
    @Parameter(property = "ptcheck.interleavings", defaultValue = "false")
    private boolean interleavings;

    /**
     * The preemption bound of {@code interleavings}: 1 or 2 (unset: 2, CHESS's bound, within which
     * most races show). Set above 0 it turns interleavings on; 0 turns them off.
     */
    @Parameter(property = "ptcheck.preemptions")
    private Integer preemptions;

    /**
     * Seconds one call of a strategy method may take: a call that has not returned by then ends
     * the build with the strategy, routine, step and operation named (a strategy that loops
     * without calling a primitive cannot be stopped otherwise).
     */
    @Parameter(property = "ptcheck.callTimeout", defaultValue = "10")
    private int callTimeout;

    /**
     * Cells whose violation is expected (a patch kept because it is broken, a finding not fixed
     * yet), written as in {@code cells}. Their violation does not fail the build and is reported
     * as expected; an expected cell that passes fails the build ("PASSED, expected to fail"). The
     * built-in strategies need no entry: they carry their known verdicts.
     */
    @Parameter(property = "ptcheck.expectedViolations")
    private List<String> expectedViolations;

    /** Whether a violation (or an expected one not found) fails the build; false only reports it. */
    @Parameter(property = "ptcheck.failOnViolation", defaultValue = "true")
    private boolean failOnViolation;

    /** Skips the check. */
    @Parameter(property = "ptcheck.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Whether to check a project of packaging {@code pom} that has modules too. Off, such an
     * aggregator is skipped with a line that says so: {@code mvn ptcheck:check} at the top of a
     * multi-module build runs in every module, and in the aggregator it would check all the
     * built-in cells (or miss the strategy classes its modules hold). A {@code pom} project
     * without modules is checked as any other: it may exist only to run ptcheck's built-ins.
     */
    @Parameter(property = "ptcheck.checkAggregator", defaultValue = "false")
    private boolean checkAggregator;

    /** Skips the check too, as it skips Surefire's tests ({@code -DskipTests}), as pitest-maven does. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Skips the check too, as it skips compiling and running the tests ({@code -Dmaven.test.skip=true}). */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    /**
     * Reports violations without failing the build, as Surefire does with its tests'
     * failures ({@code -Dmaven.test.failure.ignore=true}); {@code failOnViolation=false} does
     * the same for ptcheck alone.
     */
    @Parameter(property = "maven.test.failure.ignore", defaultValue = "false")
    private boolean testFailureIgnore;

    /**
     * This build as one job of a CI matrix, {@code k/n} (e.g. {@code -Dptcheck.shard=2/4}): it checks
     * every {@code n}-th cell from the {@code k}-th, or with {@code shardDepth}, its share of every
     * cell's exploration; {@code ptcheck:merge} puts the jobs' ptcheck.json together into the whole
     * check's (docs/ci-matrix.md).
     */
    @Parameter(property = "ptcheck.shard")
    private String shard;

    /**
     * With {@code shard} and {@code depth}: the jobs explore every cell, each expanding only its
     * share of the states at this depth (between 1 and depth - 1), so that one deep exploration
     * spreads over the matrix. 0: the jobs split the cells.
     */
    @Parameter(property = "ptcheck.shardDepth", defaultValue = "0")
    private int shardDepth;

    /**
     * Threads an exhaustive exploration runs on; 0 for one per processor but one (at least one: the JIT compiler
     * keeps a core). The result is the same whatever the number.
     */
    @Parameter(property = "ptcheck.workers", defaultValue = "0")
    private int workers;

    /**
     * Whether exhaustive explorations (and the interleaving search) offer one table per class of
     * a page's interchangeable tables, on presets with more than two tables per page. Set it to
     * false for a strategy that treats one fragment of a page differently from the others
     * (docs/model.md, "Full pages"); explorations of full pages then branch over every table.
     */
    @Parameter(property = "ptcheck.symmetry", defaultValue = "true")
    private boolean symmetry;

    /** Where the reports go: ptcheck.json, ptcheck.html, TEST-ptcheck.xml and one .ptcheck file per finding. */
    @Parameter(property = "ptcheck.reportsDirectory", defaultValue = "${project.build.directory}/ptcheck")
    private File reportsDirectory;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String skipped = skipped(skip, skipTests, mavenTestSkip, project.getPackaging(), project.getModules(),
                checkAggregator);
        if (skipped != null) {
            getLog().info(skipped);
            return;
        }
        ShadowedProperties.warn(session.getUserProperties(), mojoExecution, project, getLog());
        CheckRequest request = new CheckRequest(cells, strategyClasses, presets, expectedViolations, seed, tries,
                maxLength, cpus, mms, maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget, callTimeout,
                interleavings, preemptions);
        try (UserStrategies user = UserStrategies.load(request.strategyClasses(), this::testClasspath)) {
            Watched.run(callTimeout, () -> {
                Plan plan;
                try {
                    CheckRequest.requireSomeCell(cells, session.getUserProperties().getProperty("ptcheck.cells"));
                    plan = Plan.of(request, user.strategies()).sharded(shard, shardDepth).withWorkers(workers)
                            .withSymmetry(symmetry);
                } catch (IllegalArgumentException e) {
                    throw new MojoExecutionException("ptcheck: " + e.getMessage(), e);
                }
                Path basedir = project.getBasedir().toPath();
                Commands commands = new Commands(Commands.launcher(topDirectory(), basedir), request)
                        .withSymmetry(symmetry);
                Path build = Path.of(project.getBuild().getDirectory()).toAbsolutePath().normalize();
                Path reports = reportsDirectory.toPath().toAbsolutePath().normalize();
                String keepGoing = !failOnViolation ? "failOnViolation is false"
                        : testFailureIgnore ? "maven.test.failure.ignore is true" : null;
                String suite = "ptcheck." + project.getArtifactId().replace('.', '_');
                return new CheckGoal(plan, commands, reports, suite, basedir, keepGoing, reports.startsWith(build),
                        getLog()).inModule(project.getGroupId() + ":" + project.getArtifactId(), topDirectory(),
                        upstreamHint(commands)).execute();
            });
        }
    }

    /**
     * The line that says why the check is skipped, or null to run it.
     *
     * @param packaging the project's packaging, {@code pom} for an aggregator
     * @param modules   the project's modules (none for a project that is not an aggregator)
     */
    static String skipped(boolean skip, boolean skipTests, boolean mavenTestSkip, String packaging,
                          List<String> modules, boolean checkAggregator) {
        String by = skip ? "ptcheck.skip" : skipTests ? "skipTests" : mavenTestSkip ? "maven.test.skip" : null;
        if (by != null) {
            return "ptcheck: skipped (" + by + ")";
        }
        if (!checkAggregator && "pom".equals(packaging) && modules != null && !modules.isEmpty()) {
            return "ptcheck: skipped: this project only aggregates modules (packaging pom with " + modules.size()
                    + (modules.size() == 1 ? " module" : " modules") + "); the modules are checked on their own."
                    + " To check it too, set -Dptcheck.checkAggregator=true or <checkAggregator>true</checkAggregator>";
        }
        return null;
    }

    private List<String> testClasspath() throws MojoExecutionException {
        try {
            return new ArrayList<>(project.getTestClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("ptcheck cannot read the project's test classpath: " + e.getMessage(), e);
        }
    }

    /**
     * What to say under the failures when this project depends on modules of the same build: the
     * reproduce commands build it alone ({@code -f}), so Maven looks for those modules in the
     * local repository, where they are not until installed. Null when it depends on none.
     */
    private String upstreamHint(Commands commands) {
        List<MavenProject> upstream = new ArrayList<>(session.getProjectDependencyGraph() == null ? List.of()
                : session.getProjectDependencyGraph().getUpstreamProjects(project, true));
        // A parent is found through its relativePath without being installed; only dependencies need the repository.
        for (MavenProject p = project.getParent(); p != null; p = p.getParent()) {
            upstream.remove(p);
        }
        if (upstream.isEmpty()) {
            return null;
        }
        String names = upstream.stream().map(p -> p.getGroupId() + ":" + p.getArtifactId()).sorted()
                .reduce((a, b) -> a + ", " + b).orElse("");
        return "ptcheck: the reproduce commands build " + project.getArtifactId() + " alone, and it depends on "
                + names + " of this build, which Maven then takes from the local repository: install them first"
                + " (" + commands.launcherAtTop() + " install -DskipTests -pl :" + project.getArtifactId()
                + " -am), or the commands fail with 'Could not find artifact'.";
    }

    /** Where commands are run from: the directory with {@code .mvn} (or the execution root). */
    private Path topDirectory() {
        File top = session.getRequest().getMultiModuleProjectDirectory();
        return top != null ? top.toPath() : Path.of(session.getExecutionRootDirectory());
    }
}
