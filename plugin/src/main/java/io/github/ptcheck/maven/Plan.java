package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.plan.CellSelection;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.plan.Words;
import io.github.ptcheck.report.RunBounds;
import io.github.ptcheck.sched.ScheduleExplorer;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;

import java.time.Duration;

/**
 * What {@code ptcheck:check} will do, made from its parameters: the cells, how to check each
 * ({@link CheckConfig}), which violations are expected, and the catalog of names (built-ins
 * plus the user's presets and strategies) that counterexample files resolve against.
 *
 * <h2>The default cells</h2>
 * Without {@code cells}: the user's strategies ({@code strategyClasses}) on every preset they
 * serve, if there are any; otherwise every built-in strategy on every preset it serves. A
 * project that brings its own strategies is about them: re-checking ptcheck's built-ins there
 * would only repeat ptcheck's own tests, and would fail the project's build on the broken
 * patches ptcheck keeps on purpose. A project without strategies of its own is about the
 * kernel's: it gets all of them, the broken ones included; nothing is left out silently.
 *
 * <h2>What is expected</h2>
 * A built-in strategy on a preset it serves is held to its known verdict
 * ({@link io.github.ptcheck.strategy.KnownVerdicts}): a patch kept because it is broken must
 * break its invariant, and the build fails if it passes or breaks another (the verdict changed).
 * A cell listed in {@code expectedViolations} must break an invariant, any; every other cell,
 * the user's strategies' included, must pass.
 *
 * <h2>Exhaustive mode</h2>
 * With a {@code depth} above 0, each cell is also explored exhaustively ({@link Explorer}):
 * every sequence of up to {@code depth} operations within the same bounds, up to
 * {@code stateBudget} distinct states, with the per-cell time budget if one is set, on
 * {@code workers} threads.
 *
 * <h2>One job of a CI matrix</h2>
 * With a {@code shard} {@code k/n}, this build is job {@code k} of {@code n} ({@link #sharded}):
 * without a {@code shardDepth} it checks every {@code n}-th cell; with one, every cell, but
 * explores only its share of each cell's frontier at that depth. {@code ptcheck:merge} puts the
 * jobs' reports together (docs/ci-matrix.md).
 *
 * <h2>Interleavings</h2>
 * With {@code interleavings} (or a {@code preemptions} bound above 0), every try also runs
 * with two neighbouring operations overlapped under PCT schedules ({@link CheckConfig#preemptions}),
 * and exhaustive mode searches every schedule within the bound beside every sequence
 * ({@link ScheduleExplorer}).
 *
 * @param cells       the cells to check, in order, each once
 * @param config      seed, tries, length, bounds, budgets
 * @param expected    what is expected of each cell: its known verdict or the user's expected violation
 * @param catalog     built-in and user presets and strategies
 * @param depth       operations to explore exhaustively per cell; 0 for none
 * @param stateBudget distinct states an exploration may visit, or null for the heap's
 * @param warnings    what the parameters ask for that is probably not meant (a cell listed twice,
 *                    a strategy on a preset it does not serve, an expectation that matches no
 *                    cell checked), for the log
 * @param shard       the job of a CI matrix this build is ({@link Shard#ALL}: the whole check)
 * @param splitDepth  the depth at which the jobs split each cell's frontier, or -1 when they split the cells
 * @param workers     threads an exploration runs on
 * @param symmetry    whether explorations reduce by symmetry over a page's interchangeable tables
 */
record Plan(List<Cell> cells, CheckConfig config, Expectations expected, Catalog catalog, int depth,
            Long stateBudget, List<String> warnings, Shard shard, int splitDepth, int workers, boolean symmetry) {

    /**
     * @param request        the parameters
     * @param userStrategies the strategies {@code strategyClasses} named, already loaded
     * @throws IllegalArgumentException naming the parameter that is wrong and how to fix it
     */
    static Plan of(CheckRequest request, java.util.List<Strategy> userStrategies) {
        List<Preset> presets = List.ofAll(request.presets()).map(PresetParameter::toPreset);
        List<Strategy> strategies = List.ofAll(userStrategies);
        Catalog catalog = catalog(presets, strategies);
        List<String> entries = List.ofAll(request.cells());
        if (entries.isEmpty()) {
            entries = strategies.isEmpty() ? List.of("all") : strategies.map(Strategy::name);
        }
        CellSelection.Selected selected = new CellSelection(presets, strategies, Words.MAVEN).choose(entries);
        List<Cell> cells = selected.cells();
        CheckConfig config = config(request);
        Expectations expected = Expectations.parse(request.expectedViolations(), catalog, Words.MAVEN)
                .orElse(Expectations.knownVerdicts());
        List<String> warnings = selected.warnings().appendAll(Expectations.unmatched(request.expectedViolations(),
                cells).map(e -> "<expectedViolations> entry '" + e + "' matches no cell checked in this run, so it"
                + " expects nothing here (the cells: " + cells.map(Cell::name).mkString(", ") + ")"));
        Plan plan = new Plan(cells, config, expected, catalog, request.depth(), request.stateBudget(), warnings,
                Shard.ALL, -1, Explorer.DEFAULT_WORKERS, true);
        Bounds.requireRange("depth", request.depth(), 0, Explorer.MAX_DEPTH, "operations to explore exhaustively per"
                + " cell; 0 explores nothing");
        plan.explorer(cells.head()); // the library checks the state budget
        return plan;
    }

    /**
     * This plan as job {@code shard} of a CI matrix: its share of the cells, or with a
     * {@code shardDepth} above 0, every cell with its share of each frontier at that depth.
     *
     * @throws IllegalArgumentException naming the parameter that is wrong and how to fix it
     */
    Plan sharded(String shardParameter, int shardDepth) {
        Shard s;
        try {
            s = shardParameter == null || shardParameter.isBlank() ? Shard.ALL : Shard.parse(shardParameter);
        } catch (IllegalArgumentException e) {
            // In a matrix: -Dptcheck.shard=${{ matrix.shard }}/4, the job number first.
            throw new IllegalArgumentException("<shard> (ptcheck.shard): " + e.getMessage() + ", as in"
                    + " -Dptcheck.shard=${{ matrix.shard }}/4 with the matrix's shard: [1, 2, 3, 4]");
        }
        if (shardDepth < 0 || shardDepth > 0 && (depth == 0 || shardDepth >= depth)) {
            throw new IllegalArgumentException("shardDepth must be 0 (the jobs split the cells) or between 1 and depth - 1"
                    + " (they split each cell's frontier at that depth: -Dptcheck.depth=8 -Dptcheck.shardDepth=3), was "
                    + shardDepth + " with depth " + depth);
        }
        if (shardDepth > 0 && interleaved()) {
            // The search over schedules has no frontier split: every job would search all of it, each calling it its share.
            throw new IllegalArgumentException("shardDepth splits the search over sequences, not the one over schedules"
                    + " that interleavings (or preemptions) add: every job would search all of it; leave"
                    + " ptcheck.shardDepth out to split the cells between the jobs, or explore without interleavings");
        }
        if (s.whole()) {
            return this;
        }
        if (shardDepth > 0) {
            return new Plan(cells, config, expected, catalog, depth, stateBudget, warnings, s, shardDepth, workers, symmetry);
        }
        List<Cell> mine = s.of(cells);
        // More jobs than cells is no error: the merge of every job's report is still the whole check's.
        List<String> said = mine.nonEmpty() ? warnings : warnings.append("shard " + s + " has no cell (" + cells.size()
                + (cells.size() == 1 ? " cell" : " cells") + " for " + s.count() + " jobs): this job checks nothing,"
                + " and its ptcheck.json says so to ptcheck:merge; a matrix of at most " + cells.size() + " jobs does"
                + " the same work (or ptcheck.shardDepth splits each cell)");
        return new Plan(mine, config, expected, catalog, depth, stateBudget, said, s, -1, workers, symmetry);
    }

    /**
     * This plan exploring on {@code n} threads (0: one per processor but one, at least one).
     *
     * @throws IllegalArgumentException if {@code n} is negative or too large
     */
    Plan withWorkers(int n) {
        int w = n == 0 ? Explorer.DEFAULT_WORKERS : n;
        Bounds.requireRange("workers", w, 1, Explorer.MAX_WORKERS, "threads to explore on; 0 for one per processor but one");
        return new Plan(cells, config, expected, catalog, depth, stateBudget, warnings, shard, splitDepth, w, symmetry);
    }

    /** This plan with symmetry reduction on or off in its explorations ({@code Explorer.withSymmetry}). */
    Plan withSymmetry(boolean on) {
        return new Plan(cells, config, expected, catalog, depth, stateBudget, warnings, shard, splitDepth, workers, on);
    }

    /** Whether cells are also explored exhaustively. */
    boolean exhaustive() {
        return depth > 0;
    }

    /** Whether operations also run overlapped. */
    boolean interleaved() {
        return config.preemptions() > 0;
    }

    /** The search over sequences and schedules of a cell, with this plan's bounds and budgets. */
    ScheduleExplorer scheduleExplorer(Cell cell) {
        ScheduleExplorer e = new ScheduleExplorer(cell, config.bounds(), config.preemptions())
                .withStateBudget(effectiveStateBudget()).withSymmetry(symmetry);
        return config.timeBudget().isDefined() ? e.withTimeBudget(config.timeBudget().get()) : e;
    }

    /** The explorer of a cell, with this plan's bounds and budgets. */
    Explorer explorer(Cell cell) {
        Explorer e = new Explorer(cell, config.bounds()).withCallTimeout(config.callTimeout()).withWorkers(workers)
                .withSymmetry(symmetry);
        e = splitDepth > 0 ? e.withShard(shard, splitDepth) : e;
        e = stateBudget == null ? e : e.withStateBudget(stateBudget);
        return config.timeBudget().isDefined() ? e.withTimeBudget(config.timeBudget().get()) : e;
    }

    /**
     * The bounds and options the cells are checked with, as ptcheck.json records them for
     * ptcheck:merge: the state budget as asked for (null: the heap's), and only where cells are explored.
     */
    RunBounds runBounds() {
        return RunBounds.of(config).withStateBudget(exhaustive() ? stateBudget : null);
    }

    /** The state budget an exploration gets: the one asked for, or the heap's. */
    long effectiveStateBudget() {
        return stateBudget == null ? Explorer.heapStateBudget() : Math.min(stateBudget, Explorer.heapStateCapacity());
    }

    private static Catalog catalog(List<Preset> presets, List<Strategy> strategies) {
        Catalog c = Catalog.builtIn();
        for (Preset p : presets) {
            try {
                c = c.withPreset(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("<presets>: " + e.getMessage(), e);
            }
        }
        for (Strategy s : strategies) {
            try {
                c = c.withStrategy(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("<strategyClasses>: " + s.getClass().getName() + " is named '"
                        + s.name() + "', but " + e.getMessage(), e);
            }
        }
        return c;
    }

    private static CheckConfig config(CheckRequest r) {
        Bounds bounds = new Bounds(r.cpus(), r.mms(), r.maxTables(), Bounds.DEFAULT.kinds());
        CheckConfig c = CheckConfig.defaults().withSeed(r.seed()).withTries(r.tries()).withMaxLength(r.maxLength())
                .withBounds(bounds).withShrinkTimeLimit(Duration.ofSeconds(r.shrinkTimeLimit()))
                .withCallTimeout(Duration.ofSeconds(r.callTimeout())).withPreemptions(r.effectivePreemptions());
        return r.timeBudget() == null ? c : c.withTimeBudget(Duration.ofSeconds(r.timeBudget()));
    }
}
