package io.github.ptcheck.maven;

import io.github.ptcheck.Version;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.report.ConsoleSummary;
import io.github.ptcheck.report.FindingBlocks;
import io.github.ptcheck.report.NotJudged;
import io.github.ptcheck.sched.ScheduleReport;
import io.vavr.control.Option;
import io.vavr.collection.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code ptcheck:check} does once its parameters are a {@link Plan}: check every cell,
 * write the reports, log the summary and every finding, and fail the build on a violation
 * nobody expected or on an expected one that was not found.
 */
final class CheckGoal {

    /** The strategy's stack frames a failed cell's block shows: enough to see its method and what called it. */
    private static final int FRAMES = 6;

    private final Plan plan;
    private final Commands commands;
    private ReportFiles files;
    private final Path basedir;
    /** Where the user runs Maven (and the printed commands): the log names files relative to it. */
    private Path shownFrom;
    /** What to say under failures whose reproduce commands need modules of this build installed, or null. */
    private String upstreamHint;
    private final String keepGoing;
    private final boolean removeStale;
    private final Log log;
    private Duration progressEvery = ProgressLog.EVERY;

    /**
     * @param suite       the name of the JUnit XML suite and the prefix of its class names, e.g. {@code ptcheck.my-module}
     * @param basedir     the project's directory: files below it are named relative to it (and to
     *                    {@link #inModule where Maven runs} in the log's text)
     * @param keepGoing   why the build goes on despite a violation ({@code failOnViolation is false}), or null to fail it
     * @param removeStale whether old counterexample files in the reports directory may be deleted
     */
    CheckGoal(Plan plan, Commands commands, Path reportsDirectory, String suite, Path basedir, String keepGoing,
              boolean removeStale, Log log) {
        this.plan = plan;
        this.commands = commands;
        this.files = new ReportFiles(reportsDirectory, suite).sharded(plan.shard(), plan.splitDepth(), plan.symmetry())
                .bounds(plan.runBounds());
        this.basedir = basedir;
        this.keepGoing = keepGoing;
        this.removeStale = removeStale;
        this.log = log;
        this.shownFrom = basedir;
    }

    /**
     * The same goal in a module of a multi-module build: ptcheck.json names the module, the log
     * names files relative to {@code top} (where the printed commands run, with {@code -f} to the
     * module), and {@code upstreamHint}, if not null, follows the failures.
     */
    CheckGoal inModule(String groupAndArtifact, Path top, String upstreamHint) {
        this.files = files.module(groupAndArtifact);
        this.shownFrom = top == null ? basedir : top;
        this.upstreamHint = upstreamHint;
        return this;
    }

    /** The same goal, with progress lines at most this often (tests use zero). */
    CheckGoal progressEvery(Duration every) {
        this.progressEvery = every;
        return this;
    }

    List<CellReport> execute() throws MojoExecutionException, MojoFailureException {
        try {
            // Before anything runs: a run killed from here on leaves no report that looks like its own.
            files.clearPrevious(removeStale);
        } catch (IOException e) {
            throw new MojoExecutionException("ptcheck cannot clear its previous reports in " + files.directory() + ": "
                    + e, e);
        }
        header();
        plan.warnings().forEach(w -> log.warn("ptcheck: " + w));
        ProgressLog progress = new ProgressLog(log, plan.cells().size());
        Runner runner = new Runner(plan.config()).withProgress(progress.listener(), progressEvery);
        List<CellReport> reports = List.empty();
        List<NotJudged> notJudged = List.empty();
        List<Explored> explored = List.empty();
        Map<String, Duration> times = new HashMap<>();
        for (Cell cell : plan.cells()) {
            long start = System.nanoTime();
            int index = reports.size() + notJudged.size();
            CellReport r;
            Option<String> words = Option.none();
            try {
                r = check(runner, cell);
                if (plan.exhaustive() && plan.interleaved()) {
                    ScheduleReport e = exploreSchedules(cell);
                    explored = explored.append(new Explored(Exhaustive.line(e), e.cutByBudget() || e.cutByTimeBudget()));
                    r = Exhaustive.merge(r, e);
                    words = Option.of(ProgressLog.explored(e));
                } else if (plan.exhaustive()) {
                    ExploreReport e = explore(cell, progress);
                    String share = plan.splitDepth() > 0 ? "the frontier at depth " + plan.splitDepth() + ", "
                            + plan.shard() : null;
                    explored = explored.append(new Explored(Exhaustive.line(e, share),
                            e.cutByStateBudget() || e.cutByTimeBudget()));
                    r = Exhaustive.merge(r, e);
                    words = Option.of(ProgressLog.explored(e));
                }
            } catch (StrategyFailure f) {
                // One strategy that cannot run must not hide the verdicts of the other cells: the build fails at
                // the end, naming every cell not judged (decide), as the command line does.
                Duration time = Duration.ofNanos(System.nanoTime() - start);
                times.put(cell.name(), time);
                notJudged = notJudged.append(new NotJudged(index, cell, plan.config().seed(), plan.config().tries(),
                        f, commands.check(cell)));
                progress.notJudged(index + 1, cell, time);
                continue;
            }
            Duration time = Duration.ofNanos(System.nanoTime() - start);
            times.put(cell.name(), time);
            progress.finished(index + 1, r, words, time, judged());
            reports = reports.append(r);
        }
        Function<CellReport, String> reproduce = r -> commands.check(r.cell());
        Map<String, ReportFiles.Written> written;
        try {
            written = files.write(reports, notJudged, judged(), reproduce, removeStale,
                    c -> times.get(c.name()));
        } catch (IOException e) {
            throw new MojoExecutionException("ptcheck cannot write its reports into " + files.directory() + ": " + e, e);
        }
        if (!removeStale) {
            warnOfStrays(written);
        }
        List<FindingBlocks.Block> failing = logResults(reports, explored, written, notJudged);
        if (plan.splitDepth() > 0) {
            List<FindingBlocks.Block> open = failing.filter(b -> !b.verdict().knownFromAShare());
            open.forEach(b -> log.warn("ptcheck: left to ptcheck:merge: " + FindingBlocks.shortly(List.of(b), 110)
                    + " may be settled by another job's share of the states"));
            failing = failing.removeAll(open);
        }
        decide(failing, notJudged);
        return reports;
    }

    /**
     * What is expected of the cells, as the job's lines and reports say it: in one job of a
     * frontier split, an expected bug not found in its share is {@code no finding in this share
     * (1/3 of the frontier at depth 2); judged at merge}, not {@code PASSED, expected to fail},
     * which only the merge can know.
     */
    private Expectations judged() {
        return plan.splitDepth() > 0 ? plan.expected().inShare(plan.shard() + " of the frontier at depth "
                + plan.splitDepth()) : plan.expected();
    }

    /** Warns of the counterexample files of earlier runs that ptcheck may not delete (a directory outside target/). */
    private void warnOfStrays(Map<String, ReportFiles.Written> written) throws MojoExecutionException {
        java.util.List<String> strays;
        try {
            strays = files.notWrittenBy(written.values().stream().map(ReportFiles.Written::file)
                    .filter(java.util.Objects::nonNull).toList());
        } catch (IOException e) {
            throw new MojoExecutionException("ptcheck cannot list its reports in " + files.directory() + ": " + e, e);
        }
        if (!strays.isEmpty()) {
            log.warn("ptcheck: " + display(files.directory(), shownFrom) + " holds " + strays.size()
                    + (strays.size() == 1 ? " counterexample file" : " counterexample files") + " this run did not"
                    + " write, from an earlier run or by hand: " + String.join(", ", strays) + ". ptcheck deletes"
                    + " old .ptcheck files only in a reports directory under the build directory; delete them, or"
                    + " set reportsDirectory below ${project.build.directory}");
        }
    }

    /** A cell's line of the exhaustive part of the log, and whether a budget cut it short (a warning). */
    private record Explored(String line, boolean cut) {
    }

    private void header() {
        CheckConfig c = plan.config();
        log.info("ptcheck " + Version.current() + ": " + plan.cells().size()
                + (plan.cells().size() == 1 ? " cell" : " cells") + ", seed " + c.seed() + ", " + c.tries()
                + (c.tries() == 1 ? " try" : " tries") + " of up to " + c.maxLength() + " operations; "
                + c.bounds().words() + "; shrink limit "
                + c.shrinkTimeLimit().toSeconds() + " s"
                + c.timeBudget().map(d -> "; time budget " + d.toSeconds() + " s per cell").getOrElse("")
                + (plan.exhaustive() ? "; exhaustive to depth " + plan.depth() + ", at most "
                + plan.effectiveStateBudget() + " states per cell" + (plan.stateBudget() == null ? " (from the "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap)" : "") + (plan.interleaved() ? ""
                : ", " + plan.workers() + (plan.workers() == 1 ? " thread" : " threads")) : "")
                + (plan.interleaved() ? "; interleavings: at most " + c.preemptions()
                + (c.preemptions() == 1 ? " preemption" : " preemptions") : "")
                + (plan.symmetry() || !(plan.exhaustive() || plan.interleaved()) ? ""
                : "; symmetry reduction off (every table of a page searched)")
                + (plan.shard().whole() ? "" : "; job " + plan.shard() + " of a CI matrix (" + (plan.splitDepth() > 0
                ? "its share of every cell's states at depth " + plan.splitDepth() : "its share of the cells, one in "
                + plan.shard().count()) + "; ptcheck:merge puts the jobs' ptcheck.json together)"));
        List<Cell> expected = plan.cells().filter(cell -> plan.expected().of(cell).isDefined());
        if (!expected.isEmpty()) {
            log.info("expected to break an invariant (known verdicts, docs/strategies.md, and <expectedViolations>): "
                    + expected.mkString(", "));
        }
    }

    /** @throws StrategyFailure if the cell's strategy throws, returns null or loops: the cell is not judged */
    private CellReport check(Runner runner, Cell cell) throws MojoExecutionException {
        log.debug("ptcheck: checking " + cell.name());
        try {
            CellReport r = runner.check(cell);
            log.debug("ptcheck: " + cell.name() + (r.passed() ? " passed" : " failed") + "; " + r.triesRun()
                    + " tries run");
            return r;
        } catch (StrategyFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MojoExecutionException("ptcheck failed while checking " + cell.name() + " (an error in ptcheck"
                    + " or in the strategy): " + e, e);
        }
    }

    /** @throws StrategyFailure if the cell's strategy throws, returns null or loops: the cell is not judged */
    private ExploreReport explore(Cell cell, ProgressLog progress) throws MojoExecutionException {
        log.debug("ptcheck: exploring " + cell.name() + " to depth " + plan.depth());
        try {
            return plan.explorer(cell).withProgress(progress.listener(), progressEvery).explore(plan.depth());
        } catch (StrategyFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MojoExecutionException("ptcheck failed while exploring " + cell.name() + " (an error in"
                    + " ptcheck or in the strategy): " + e, e);
        }
    }

    /** @throws StrategyFailure if the cell's strategy throws, returns null or loops: the cell is not judged */
    private ScheduleReport exploreSchedules(Cell cell) throws MojoExecutionException {
        log.debug("ptcheck: exploring " + cell.name() + " with interleavings to depth " + plan.depth());
        try {
            return plan.scheduleExplorer(cell).explore(plan.depth());
        } catch (StrategyFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MojoExecutionException("ptcheck failed while exploring " + cell.name() + " (an error in"
                    + " ptcheck or in the strategy): " + e, e);
        }
    }

    private List<FindingBlocks.Block> logResults(List<CellReport> reports, List<Explored> explored,
                                                 Map<String, ReportFiles.Written> written, List<NotJudged> notJudged) {
        if (!reports.isEmpty()) {
            ConsoleSummary summary = new ConsoleSummary(null).expecting(judged()).withNotJudged(notJudged.size());
            FindingLog.lines(summary.table(reports)).forEach(log::info);
        }
        if (!notJudged.isEmpty()) {
            log.error("ptcheck: not judged, their strategy failed (the ERROR blocks below say where): "
                    + notJudged.map(n -> n.cell().name()).mkString(", "));
        }
        if (!explored.isEmpty()) {
            log.info("");
            log.info("exhaustive: every sequence of up to " + plan.depth() + " operations, " + plan.config().bounds()
                    .words() + (plan.interleaved() ? ", every schedule of at most " + plan.config().preemptions()
                    + (plan.config().preemptions() == 1 ? " preemption" : " preemptions") : "") + ":");
            for (Explored e : explored) {
                String line = "  " + e.line();
                if (e.cut()) {
                    log.warn(line);
                } else {
                    log.info(line);
                }
            }
        }
        for (ReportFiles.Written w : written.values()) {
            if (w.problem() != null) {
                log.warn("no counterexample file: " + w.problem());
            }
        }
        Function<Cell, Path> file = c -> {
            ReportFiles.Written w = written.get(c.name());
            return w == null ? null : w.file();
        };
        // The block names the file from where the user runs Maven; the replay command's -Dptcheck.file from the
        // project's directory, since Maven resolves a file parameter against the project -f names.
        List<FindingBlocks.Block> failing = new FindingLog(plan.expected(), commands,
                c -> file.apply(c) == null ? null : display(file.apply(c), shownFrom),
                c -> file.apply(c) == null ? null : display(file.apply(c), basedir), plan.runBounds()).log(reports, log,
                plan.splitDepth() > 0);
        notJudged.forEach(this::logNotJudged);
        if (!(failing.isEmpty() && notJudged.isEmpty()) && upstreamHint != null) {
            log.error("");
            log.error(upstreamHint);
        }
        log.info("");
        log.info("ptcheck reports: " + display(files.directory(), shownFrom) + " ("
                + ReportFiles.HTML + ", " + ReportFiles.JSON + ", " + ReportFiles.JUNIT
                + (written.isEmpty() ? "" : ", one " + ReportFiles.EXTENSION + " file per finding") + ")");
        return failing;
    }

    /**
     * The block of a cell whose strategy failed, at ERROR: what failed and where (step, operation,
     * the try and its operations or the exploration's), the strategy's own stack frames, and the
     * command that checks the cell again and fails the same way (same seed). The whole stack trace
     * goes to the debug log ({@code -X}).
     */
    private void logNotJudged(NotJudged n) {
        StrategyFailure f = n.failure();
        log.error("");
        log.error("ptcheck cannot judge " + n.cell().name() + ": " + f.getMessage()
                + Watched.slow(f, plan.config().callTimeout().toSeconds()));
        n.where().forEach(w -> log.error("  " + w));
        List<String> frames = NotJudged.userFrames(f.getCause(), FRAMES);
        frames.forEach(log::error);
        if (f.getCause() != null) {
            log.error("  (" + (frames.isEmpty() ? "none of its frames is the strategy's; " : "") + "-X prints the whole"
                    + " stack trace)");
            log.debug("ptcheck: what the strategy of " + n.cell().name() + " threw", f.getCause());
        }
        log.error("  reproduce: " + n.reproduce());
    }

    /**
     * Fails the build on the blocks that need it and on the cells not judged, with a line short
     * enough to read at the end of the log: what failed, and where the blocks and the report are.
     *
     * <p>A cell not judged fails it with a {@link MojoExecutionException}, as the first such cell
     * did when the goal still stopped there: a strategy that cannot run is an error in the build's
     * input, not a verdict on the kernel scheme (a finding is a {@link MojoFailureException}), and
     * {@code failOnViolation} and {@code testFailureIgnore}, which let findings pass, do not let it.
     */
    private void decide(List<FindingBlocks.Block> failing, List<NotJudged> notJudged)
            throws MojoExecutionException, MojoFailureException {
        if (failing.isEmpty() && notJudged.isEmpty()) {
            return;
        }
        String see = ". See the ERROR " + (failing.size() + notJudged.size() == 1 ? "block" : "blocks") + " above and "
                + display(files.directory().resolve(ReportFiles.HTML), shownFrom);
        if (!notJudged.isEmpty()) {
            String findings = failing.isEmpty() ? "" : "; not as expected" + (keepGoing == null ? "" : " (" + keepGoing
                    + ", which alone would let the build go on)") + ": " + FindingBlocks.shortly(failing, 110);
            throw new MojoExecutionException("ptcheck: " + notJudged.size() + (notJudged.size() == 1 ? " cell" : " cells")
                    + " not judged, the strategy failed: " + notJudged.map(n -> n.cell().name()).mkString(", ")
                    + findings + see); // no cause: Maven would add the first cell's message to the line that names all

        }
        String message = "ptcheck: " + FindingBlocks.shortly(failing, 110) + see;
        if (keepGoing == null) {
            throw new MojoFailureException(message);
        }
        log.warn(message);
        log.warn(keepGoing + ": the build goes on.");
    }

    /** A path below {@code from} relative to it, else absolute. */
    private static String display(Path p, Path from) {
        Path abs = p.toAbsolutePath().normalize();
        if (from != null) {
            Path base = from.toAbsolutePath().normalize();
            if (abs.startsWith(base)) {
                return base.relativize(abs).toString().replace('\\', '/');
            }
        }
        return abs.toString();
    }
}
