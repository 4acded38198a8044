package io.github.ptcheck.maven;

import io.github.ptcheck.Version;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.report.ConsoleSummary;
import io.vavr.collection.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code ptcheck:check} does once its parameters are a {@link Plan}: check every cell,
 * write the reports, log the summary and every finding, and fail the build on a violation
 * nobody expected or on an expected one that was not found.
 */
final class CheckGoal {

    private final Plan plan;
    private final Commands commands;
    private final ReportFiles files;
    private final Path basedir;
    private final boolean failOnViolation;
    private final boolean removeStale;
    private final Log log;

    /**
     * @param basedir     the project's directory: files below it are named relative to it
     * @param removeStale whether old counterexample files in the reports directory may be deleted
     */
    CheckGoal(Plan plan, Commands commands, Path reportsDirectory, Path basedir, boolean failOnViolation,
              boolean removeStale, Log log) {
        this.plan = plan;
        this.commands = commands;
        this.files = new ReportFiles(reportsDirectory);
        this.basedir = basedir;
        this.failOnViolation = failOnViolation;
        this.removeStale = removeStale;
        this.log = log;
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
        Runner runner = new Runner(plan.config());
        List<CellReport> reports = List.empty();
        List<ExploreReport> explored = List.empty();
        for (Cell cell : plan.cells()) {
            CellReport r = check(runner, cell);
            if (plan.exhaustive()) {
                ExploreReport e = explore(cell);
                explored = explored.append(e);
                r = Exhaustive.merge(r, e);
            }
            reports = reports.append(r);
        }
        Function<CellReport, String> reproduce = r -> commands.check(r.cell());
        Map<String, ReportFiles.Written> written;
        try {
            written = files.write(reports, plan.expected(), reproduce, removeStale);
        } catch (IOException e) {
            throw new MojoExecutionException("ptcheck cannot write its reports into " + files.directory() + ": " + e, e);
        }
        logResults(reports, explored, written);
        decide(reports);
        return reports;
    }

    private void header() {
        CheckConfig c = plan.config();
        log.info("ptcheck " + Version.current() + ": " + plan.cells().size()
                + (plan.cells().size() == 1 ? " cell" : " cells") + ", seed " + c.seed() + ", " + c.tries()
                + " tries of up to " + c.maxLength() + " operations; " + c.bounds().cpus() + " CPUs, "
                + c.bounds().mms() + " mms, " + c.bounds().maxTables() + " tables; shrink limit "
                + c.shrinkTimeLimit().toSeconds() + " s"
                + c.timeBudget().map(d -> "; time budget " + d.toSeconds() + " s per cell").getOrElse("")
                + (plan.exhaustive() ? "; exhaustive to depth " + plan.depth() + ", at most "
                + plan.effectiveStateBudget() + " states per cell" + (plan.stateBudget() == null ? " (from the "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap)" : "") : ""));
        List<Cell> expected = plan.cells().filter(plan.expected());
        if (!expected.isEmpty()) {
            log.info("expected to break an invariant (<expectedViolations>): " + expected.mkString(", "));
        }
    }

    private CellReport check(Runner runner, Cell cell) throws MojoExecutionException {
        log.debug("ptcheck: checking " + cell.name());
        try {
            CellReport r = runner.check(cell);
            log.debug("ptcheck: " + cell.name() + (r.passed() ? " passed" : " failed") + " after " + r.triesRun()
                    + " tries");
            return r;
        } catch (StrategyFailure e) {
            throw new MojoExecutionException("ptcheck cannot judge " + cell.name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("ptcheck failed while checking " + cell.name() + " (an error in ptcheck"
                    + " or in the strategy): " + e, e);
        }
    }

    private ExploreReport explore(Cell cell) throws MojoExecutionException {
        log.debug("ptcheck: exploring " + cell.name() + " to depth " + plan.depth());
        try {
            return plan.explorer(cell).explore(plan.depth());
        } catch (StrategyFailure e) {
            throw new MojoExecutionException("ptcheck cannot judge " + cell.name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("ptcheck failed while exploring " + cell.name() + " (an error in"
                    + " ptcheck or in the strategy): " + e, e);
        }
    }

    private void logResults(List<CellReport> reports, List<ExploreReport> explored,
                            Map<String, ReportFiles.Written> written) {
        ConsoleSummary summary = new ConsoleSummary(null).expecting(plan.expected());
        FindingLog.lines(summary.table(reports)).forEach(log::info);
        if (!explored.isEmpty()) {
            log.info("");
            log.info("exhaustive: every sequence of up to " + plan.depth() + " operations, " + plan.config().bounds()
                    .cpus() + " CPUs, " + plan.config().bounds().mms() + " mms, " + plan.config().bounds().maxTables()
                    + " tables:");
            for (ExploreReport e : explored) {
                String line = "  " + Exhaustive.line(e);
                if (e.cutByStateBudget() || e.cutByTimeBudget()) {
                    log.warn(line);
                } else {
                    log.info(line);
                }
            }
        }
        FindingLog findingLog = new FindingLog(plan.expected(), commands);
        for (CellReport r : reports) {
            boolean expected = plan.expected().test(r.cell());
            ReportFiles.Written w = written.get(r.cell().name());
            String file = w == null || w.file() == null ? null : display(w.file());
            if (w != null && w.problem() != null) {
                log.warn("no counterexample file for " + r.cell().name() + ": " + w.problem());
            }
            if (r.finding().isDefined() && expected) {
                log.info("");
                findingLog.expected(r, file).forEach(log::info);
            } else if (r.finding().isDefined()) {
                log.error("");
                findingLog.violation(r, file).forEach(log::error);
            } else if (expected) {
                log.error("");
                findingLog.notFound(r).forEach(log::error);
            }
        }
        log.info("");
        log.info("ptcheck reports: " + display(files.directory()) + " ("
                + ReportFiles.HTML + ", " + ReportFiles.JSON + ", " + ReportFiles.JUNIT
                + (written.isEmpty() ? "" : ", one " + ReportFiles.EXTENSION + " file per finding") + ")");
    }

    private void decide(List<CellReport> reports) throws MojoFailureException {
        java.util.List<String> problems = new ArrayList<>();
        for (CellReport r : reports) {
            boolean expected = plan.expected().test(r.cell());
            if (r.finding().isDefined() && !expected) {
                problems.add("a violation in " + r.cell().name() + " (" + r.finding().get().violation().invariant()
                        + " at step " + r.finding().get().violation().step() + ")");
            } else if (r.passed() && expected) {
                problems.add("no longer finds the bug in " + r.cell().name() + " (listed in <expectedViolations>)");
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        String message = "ptcheck: " + String.join("; ", problems) + ". The log above shows each with its"
                + " shrunk sequence, trace and the commands to run it again; reports in "
                + display(files.directory());
        if (failOnViolation) {
            throw new MojoFailureException(message);
        }
        log.warn(message);
        log.warn("failOnViolation is false: the build goes on.");
    }

    /** A path below the project's directory relative to it (as Maven resolves -D file parameters), else absolute. */
    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (basedir != null) {
            Path base = basedir.toAbsolutePath().normalize();
            if (abs.startsWith(base)) {
                return base.relativize(abs).toString().replace('\\', '/');
            }
        }
        return abs.toString();
    }
}
