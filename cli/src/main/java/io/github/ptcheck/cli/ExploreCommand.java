package io.github.ptcheck.cli;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.report.ConsoleSummary;
import io.github.ptcheck.report.NotJudged;
import io.github.ptcheck.report.RunBounds;
import io.github.ptcheck.report.Shell;
import io.github.ptcheck.sched.ScheduleExplorer;
import io.github.ptcheck.sched.ScheduleReport;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;

/** {@code ptcheck explore}: every sequence up to a depth, breadth first; a finding is a shortest one. */
@Command(name = "explore", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = {"Explores cells exhaustively: every sequence of up to --depth operations (within --cpus,"
                + " --mms and --max-tables), breadth first over distinct states, each followed by the teardown."
                + " A violation found so is a shortest counterexample; 'clean to depth N' is a proof for those"
                + " sequences, and 'closed' means no longer sequence reaches a new state.",
            "",
            "Known verdicts apply as in check, to the known bugs whose shortest counterexample fits in the depth.",
            ""},
        footerHeading = "%nExamples:%n", footer = {
            "  ptcheck explore all --depth 5",
            "  ptcheck explore s390-hh-v2@s390x --depth 7 --max-tables 6",
            "",
            "Exit codes: 0 as expected, 1 a violation or a changed verdict, 2 usage,",
            "  3 a strategy or ptcheck failed."})
final class ExploreCommand extends UserCommand {

    @Mixin
    CellOptions options;

    @Option(names = "--depth", defaultValue = "5", description = "Operations per sequence at the most, 1 or more"
            + " (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--state-budget", description = "Distinct states per cell at the most (default: half of what"
            + " the heap holds at 1000 bytes a state; a budget above what it holds is lowered to it).")
    Long stateBudget;

    @Option(names = "--time-budget", paramLabel = "SECONDS", description = "Seconds per cell at the most"
            + " (decimals allowed).")
    String timeBudget;

    /** {@link #timeBudget} read, or null. */
    private Duration time;

    @Option(names = "--workers", defaultValue = "0", description = "Threads to explore on; 0 for one per processor but one (at least one)"
            + " (default). The result is the same whatever the number.")
    int workers;

    @Option(names = "--shard-depth", paramLabel = "DEPTH", defaultValue = "0", description = "With --shard: every"
            + " job explores every cell, each expanding only its share of the states at this depth (1 to"
            + " --depth - 1), so that one deep exploration spreads over the matrix. 0 (default): split the cells.")
    int shardDepth;

    @Option(names = "--no-symmetry", description = "Search every table of a full page, not one per class of"
            + " interchangeable ones: for a strategy that treats one fragment of a page differently from the"
            + " others (docs/model.md, \"Full pages\"). Only presets with more than two tables per page reduce.")
    boolean noSymmetry;

    @Mixin
    InterleavingOptions interleavings;

    @Override
    int run(UserOptions.Loaded loaded, PrintWriter out) {
        time = CellOptions.seconds("--time-budget", timeBudget);
        if (depth == 0) {
            throw new IllegalArgumentException("--depth must be 1 or more: --depth 0 explores no operation, only the"
                    + " teardown of the boot state; give the operations per sequence, e.g. --depth 5 (the default)");
        }
        if (depth < 0) {
            throw new IllegalArgumentException("--depth must be 1 or more, was " + depth);
        }
        if (shardDepth < 0 || shardDepth > 0 && shardDepth >= depth) {
            throw new IllegalArgumentException("--shard-depth must be 0 (split the cells) or between 1 and --depth - 1,"
                    + " was " + shardDepth + " with --depth " + depth);
        }
        if (shardDepth > 0 && options.shard == null) {
            throw new IllegalArgumentException("--shard-depth splits the frontier between the jobs of a matrix: give"
                    + " --shard K/N too");
        }
        if (shardDepth > 0 && interleavings.preemptions() > 0) {
            // The search over schedules has no frontier split: every job would search all of it, each calling it its share.
            throw new IllegalArgumentException("--shard-depth splits the search over sequences, not the one over"
                    + " schedules that --interleavings (--preemptions) adds: every job would search all of it; leave"
                    + " --shard-depth out to split the cells between the jobs, or explore without interleavings");
        }
        options.splitDepth = shardDepth > 0 ? shardDepth : -1;
        options.symmetry = !noSymmetry;
        options.checkOutputs();
        if (workers < 0 || workers > Explorer.MAX_WORKERS) {
            throw new IllegalArgumentException("--workers must be between 0 and " + Explorer.MAX_WORKERS + ", was "
                    + workers + " (0: one thread per processor but one, at least one)");
        }
        if (stateBudget != null && (stateBudget < 1 || stateBudget > Explorer.MAX_STATE_BUDGET)) {
            // Before the header, which would quote it as the budget.
            throw new IllegalArgumentException("--state-budget must be between 1 and " + Explorer.MAX_STATE_BUDGET
                    + " states, was " + stateBudget + " (the boot state alone is one state)");
        }
        // The budget as given (null: sized from each job's heap), so that the jobs of a matrix compare what they were told.
        options.run = RunBounds.explored(options.bounds(), interleavings.preemptions(), stateBudget, time);
        List<Cell> cells = options.select(loaded);
        Expectations expected = options.expectations(loaded, Expectations.knownVerdictsWithin(depth));
        boolean interleaved = interleavings.preemptions() > 0;
        long interleavedBudget = stateBudget != null ? stateBudget
                : Math.min(ScheduleExplorer.DEFAULT_STATE_BUDGET, Explorer.heapStateBudget());
        out.println("ptcheck explore: " + cells.size() + (cells.size() == 1 ? " cell" : " cells") + ", every"
                + " sequence of up to " + depth + (depth == 1 ? " operation; " : " operations; ") + options.bounds().words()
                + "; at most " + (interleaved ? states(interleavedBudget) : stateBudget == null
                ? states(Explorer.heapStateBudget()) + " (from the " + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap)"
                : states(Math.min(stateBudget, Explorer.heapStateCapacity()))) + interleavings.header()
                + (noSymmetry ? "; symmetry reduction off" : ""));
        options.sayIfEmptyShare(out);
        out.flush();
        ProgressLine progress = ProgressLine.of(options.progress, err());
        if (interleaved) {
            return interleaved(cells, expected, progress, out, interleavedBudget);
        }
        List<ExploreReport> explored = List.empty();
        List<FailedCell> failed = List.empty();
        for (Cell cell : cells) {
            progress.cell(explored.size() + failed.size() + 1, cells.size());
            Explorer e = new Explorer(cell, options.bounds()).withProgress(progress, ProgressLine.EVERY)
                    .withWorkers(workers == 0 ? Explorer.DEFAULT_WORKERS : workers).withSymmetry(!noSymmetry)
                    .withCallTimeout(user.callTimeout());
            e = options.splitDepth > 0 ? e.withShard(options.shard(), options.splitDepth) : e;
            e = stateBudget == null ? e : e.withStateBudget(stateBudget);
            try {
                explored = explored.append((time == null ? e : e.withTimeBudget(time)).explore(depth));
            } catch (StrategyFailure f) {
                // One strategy that cannot run must not hide the verdicts of the other cells.
                failed = failed.append(new FailedCell(explored.size() + failed.size(), cell, f));
            }
        }
        progress.clear();
        options.notJudged = notJudged(failed);
        int exit = Exit.OK;
        if (explored.isEmpty()) {
            options.writeJson(List.empty(), expected, this::again);
        } else {
            exit = table(explored, failed.size(), expected, out);
        }
        return notJudged(failed, out, exit);
    }

    /** The cells whose strategy failed, as the --json report keeps them (an exploration has no seed or tries). */
    private List<NotJudged> notJudged(List<FailedCell> failed) {
        return failed.map(f -> f.judged(0L, 0, user.words(), again(List.of(f.cell()))));
    }

    /**
     * After the verdicts: the cells whose strategy failed, named on standard output and each told
     * on standard error ({@link FailedCell}); exit 3 if there are any, else {@code exit}.
     */
    private int notJudged(List<FailedCell> failed, PrintWriter out, int exit) {
        if (failed.isEmpty()) {
            return options.reportWritten(err(), exit);
        }
        out.println("ptcheck: not judged, their strategy failed (standard error says where): "
                + failed.map(f -> f.cell().name()).mkString(", "));
        out.flush();
        failed.forEach(f -> f.print(err(), null, user.words(), again(List.of(f.cell()))));
        return options.reportWritten(err(), Exit.FAILURE);
    }

    /** The verdict line of each cell explored, then the findings and the conclusion. */
    private int table(List<ExploreReport> explored, int notJudged, Expectations expected, PrintWriter out) {
        List<CellReport> reports = explored.map(ExploreReport::asCellReport);
        judgedOf(reports.size(), notJudged, out);
        int width = reports.map(r -> r.cell().name().length()).max().get();
        // One job of a frontier split cannot call an expected bug lost: it may be in another job's share.
        Expectations words = options.splitDepth > 0 ? expected.inShare(options.shard() + " of the frontier at depth "
                + options.splitDepth) : expected;
        for (int i = 0; i < reports.size(); i++) {
            CellReport r = reports.get(i);
            out.println(String.format("%-" + width + "s  %-24s  %s", r.cell().name(), words.words(r),
                    result(explored.get(i))));
        }
        return options.conclude(reports, expected, this::again, user, out);
    }

    /** {@code --interleavings}: the search over sequences and schedules. */
    private int interleaved(List<Cell> cells, Expectations expected, ProgressLine progress, PrintWriter out,
                            long budget) {
        List<ScheduleReport> explored = List.empty();
        List<FailedCell> failed = List.empty();
        for (Cell cell : cells) {
            progress.cell(explored.size() + failed.size() + 1, cells.size());
            ScheduleExplorer e = new ScheduleExplorer(cell, options.bounds(), interleavings.preemptions())
                    .withStateBudget(budget).withSymmetry(!noSymmetry);
            try {
                explored = explored.append((time == null ? e : e.withTimeBudget(time)).explore(depth));
            } catch (StrategyFailure f) {
                failed = failed.append(new FailedCell(explored.size() + failed.size(), cell, f));
            }
        }
        progress.clear();
        options.notJudged = notJudged(failed);
        if (explored.isEmpty()) {
            options.writeJson(List.empty(), expected, this::again);
            return notJudged(failed, out, Exit.OK);
        }
        List<CellReport> reports = explored.map(ScheduleReport::asCellReport);
        judgedOf(reports.size(), failed.size(), out);
        int width = reports.map(r -> r.cell().name().length()).max().get();
        for (int i = 0; i < reports.size(); i++) {
            ScheduleReport e = explored.get(i);
            String what = e.finding().map(f -> f.violation().invariant() + " in " + f.shrunk().size()
                    + " operations" + (f.schedule().sequential() ? ", run whole" : ", schedule " + f.schedule()))
                    .getOrElse(() -> "clean to depth " + e.depthCompleted() + " of " + e.depth());
            out.println(String.format("%-" + width + "s  %-24s  %s; %d states, %d schedules%s", reports.get(i).cell()
                    .name(), expected.words(reports.get(i)), what, e.states(), e.schedules(), (e.cutByBudget()
                    ? "; stopped by the state budget of " + e.stateBudget() : "") + (e.cutByTimeBudget()
                    ? "; stopped by --time-budget" : "")));
        }
        return notJudged(failed, out, options.conclude(reports, expected, this::again, user, out));
    }

    /**
     * Above the table, when some cells were not judged: how many of the header's cells it holds
     * ({@code ptcheck: 6 cells judged, 12 not judged (below)}); nothing when all were, as before.
     */
    private static void judgedOf(int judged, int notJudged, PrintWriter out) {
        if (notJudged > 0) {
            out.println("ptcheck: " + ConsoleSummary.cells(judged, notJudged));
        }
    }

    /**
     * {@code RCU_HEAD_REUSE in 4 operations; 141 states} or {@code clean to depth 5 of 5, closed; 2944 states};
     * in one job of a frontier split, a clean result says it is its share's, not the cell's.
     */
    private String result(ExploreReport e) {
        String share = options.splitDepth > 0 ? " (this job's share of the frontier at depth " + options.splitDepth
                + ", " + options.shard() + ")" : "";
        String what = e.finding().map(f -> f.violation().invariant() + " in " + f.shrunk().size()
                        + (f.shrunk().size() == 1 ? " operation" : " operations"))
                .getOrElse(() -> "clean to depth " + e.depthCompleted() + " of " + e.depth() + (e.closed() ? ", closed"
                        : "") + share);
        return what + "; " + e.statesVisited() + (e.statesVisited() == 1 ? " state" : " states") + (!e.cutByStateBudget() ? "" : e.loweredByHeap()
                ? "; stopped when the heap ran nearly full (its states are large; JDK_JAVA_OPTIONS="
                + Explorer.largerHeap(4) + " for more)"
                : e.stateBudgetFromHeap() ? "; stopped by the state budget of " + e.stateBudget()
                + ", sized from the heap (JDK_JAVA_OPTIONS=" + Explorer.largerHeap(2) + " for more)"
                : "; stopped by --state-budget") + (e.cutByTimeBudget() ? "; stopped by --time-budget" : "");
    }

    private String again(Seq<Cell> cells) {
        // The budgets too: without them the command would search further than this run and tell another story.
        return Launcher.command() + " explore " + cells.map(c -> Shell.quote(c.name())).mkString(" ") + " --depth " + depth
                + (stateBudget != null ? " --state-budget " + stateBudget : "")
                + (timeBudget != null ? " --time-budget " + timeBudget.strip() : "") + interleavings.words()
                + (noSymmetry ? " --no-symmetry" : "") + options.boundsWords() + user.words();
    }

    /** {@code 1 state per cell}, {@code 2 states per cell}. */
    private static String states(long n) {
        return n + (n == 1 ? " state per cell" : " states per cell");
    }
}
