package io.github.ptcheck.explore;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.check.Progress;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Exhaustive mode: every sequence of operations up to a depth, breadth first over machine
 * states, each distinct state visited once. From each state the operations are those of
 * {@link Alphabet#enabledUpToSymmetry} within the {@link Bounds}, applied with {@link Executor#apply}; and
 * since every run ends with a teardown (spec section 7), each state is also checked by running
 * the teardown from it: a violation there is a counterexample as long as the path to the state.
 *
 * <h2>The first counterexample found is a shortest one</h2>
 *
 * The length of a counterexample is the number of operations before the teardown; the
 * sequences searched are those whose every operation is one {@link Alphabet#enabledUpToSymmetry} offers at
 * the state it is applied to (within bounds, and not skipped: a skipped operation leaves the
 * machine as it was, so dropping it changes nothing). Say a counterexample of length {@code n}
 * exists among them and none shorter. It can be taken as violating in its last operation or in
 * its teardown (cut it after the operation that violates). So either
 * (a) its first {@code n-1} operations reach a state {@code s} and the {@code n}-th violates
 * there, or (b) its {@code n} operations reach a state {@code s} whose teardown violates.
 * Two equal machines behave alike under every operation and teardown (equality covers all the
 * state the executor reads, and a strategy is a pure function of the machine), so only the
 * state matters, not the path.
 *
 * <p>The search works level by level: level {@code d} holds the states first reached by
 * {@code d} operations, in the order found. Each state is teardown-checked when it is added,
 * and level {@code d} is expanded only after level {@code d} is complete. So while level
 * {@code d} is being expanded, every check made yields a counterexample of length {@code d+1}
 * (an operation from a level-{@code d} state that violates, or a new level-{@code d+1} state
 * whose teardown violates), and every check of length {@code <= d} has been made and passed.
 * Case (a): {@code s} was first reached by {@code k <= n-1} operations, so it is expanded while
 * level {@code k} is, and the violating operation gives a counterexample of length
 * {@code k+1 <= n}. Case (b): {@code s} is added at a level {@code k <= n} and its teardown
 * gives length {@code k}. Either way a counterexample of length at most {@code n} is found,
 * hence of length exactly {@code n}; and none is found earlier, since all checks of length
 * {@code < n} pass. The search stops at the first one, which is therefore a shortest.
 *
 * <h2>Which shortest one: the least</h2>
 *
 * The order is fixed (the alphabet's order, states in the order found), so the same input
 * gives the same report, and the counterexample it reports is the least of the shortest in
 * {@link Alphabet#SEQUENCE_ORDER}, the order the alphabet offers operations in. By induction on
 * the level: the states of level {@code d} come in the order of their least paths of {@code d}
 * operations (a state is found first from the first of its parents in level {@code d-1}, by the
 * first operation from there that reaches it; the first parent's least path is less than any
 * other's, and two paths that first differ at an operation differ there by the alphabet's
 * order). The checks made while level {@code n-1} is expanded come in the order of (state,
 * operation), which is the order of the paths they test, the least path to the state followed
 * by the operation: and every counterexample of length {@code n} is no less than the one
 * tested for its state. The report does not depend on how the work was spread, only on this.
 *
 * <h2>On every core, and over a CI matrix</h2>
 *
 * {@link #withWorkers} runs the search on several threads ({@link ParallelSearch}): a level is
 * expanded in batches of consecutive states, each batch's states split between the threads, and
 * the successors merged in the order above before their teardowns are checked in parallel; the
 * first event in that order is the one reported, with the counts up to it. So the report is the
 * one thread's, equal in every field. {@link #withShard} splits the search between the jobs of
 * a CI matrix: each explores the levels up to a split depth, then only its share of the states
 * there; a shortest path to any state beyond goes through one of them, so together the jobs
 * reach every state the whole search does, and the least shortest counterexample of the whole
 * search is that of the job owning the state its path passes through ({@link ExploreMerge}).
 *
 * <h2>Memory</h2>
 *
 * Visited states are kept as {@link StateCodec} bytes (equal exactly when the machines are
 * equal); machines only for the level being expanded and the next, and of those the first
 * 65,536 of a level: the search rebuilds the others' by running their paths
 * again, from the deepest state the path shares with the last one it ran. Paths are not stored per
 * state: each state keeps its parent and the index of the operation from it among those enabled
 * there; the counterexample's path is read back along the parents, replaying from the boot state,
 * then run once more traced ({@link Executor#trace}) for the finding. Runs are untraced, and the
 * teardown verdicts of the states a teardown passes through are remembered ({@link TeardownCheck}).
 *
 * <p>Instances are immutable; {@link #explore} may be called from several threads.
 */
public final class Explorer {

    /**
     * Heap one visited state may take, with margin: its codec bytes and table entry, its share
     * of the states only teardowns pass through, and its machine while its level is expanded
     * (for the first 65,536 of a level). Measured at 587 to 690 bytes on the widest built-in cells (generic-v6.6@x86_64,
     * s390-pageactive-v6.6@s390x, powerpc-refcount-v2@powerpc64-hash-64k, 1,000,000 states;
     * docs/reliability.md, benchmarks' {@code ExploreTimes perState}).
     */
    public static final long BYTES_PER_STATE = 1_000;

    /** A state number is an int; the table needs room to grow. */
    public static final long MAX_STATE_BUDGET = Integer.MAX_VALUE / 2;

    /** The deepest exploration: every level holds at least one new state, and most hold thousands. */
    public static final int MAX_DEPTH = 1_000;

    /**
     * Refuses a depth an exploration cannot take: below 1 or above {@link #MAX_DEPTH}. Depth 0
     * would run no operation, only the teardown of the boot state, and say "clean to depth 0",
     * which proves nothing a reader would take it for.
     *
     * @throws IllegalArgumentException saying so
     */
    public static void requireDepth(int depth) {
        if (depth == 0) {
            throw new IllegalArgumentException("depth must be 1 or more: depth 0 explores no operation, only the"
                    + " teardown of the boot state; give the number of operations per sequence, e.g. 5");
        }
        Bounds.requireRange("depth", depth, 1, MAX_DEPTH, "the number of operations before the teardown; each"
                + " level holds at least one new state and most hold thousands, so no state budget reaches it");
    }

    /** No budget was asked for: size it from the heap. */
    private static final long FROM_HEAP = -1;

    private final Cell cell;
    private final Bounds bounds;
    private final long stateBudget;
    private final Duration timeBudget;
    private final Duration callTimeout;
    /** Told how the search goes, or null; see {@link #withProgress}. */
    private final Consumer<? super Progress> progress;
    private final Duration progressEvery;
    /** Threads the search runs on; see {@link #withWorkers}. */
    private final int workers;
    /** The share of the frontier this job explores, and at which depth it is split; see {@link #withShard}. */
    private final Shard shard;
    private final int splitDepth;
    /** Whether the search offers one table per class of a page's interchangeable tables; see {@link #withSymmetry}. */
    private final boolean symmetry;
    /**
     * The most machines the search keeps for one level until it expands it; the states of a larger
     * level beyond these are rebuilt by running their path again ({@code Search.rebuilt}).
     */
    private final int machinesKept;

    /**
     * {@link #machinesKept} unless told otherwise: a level of 65,536 machines is some 25 MB. Beyond
     * it, keeping every machine of a level of millions until it is expanded costs gigabytes, which
     * the collector copies at each young collection (a fifth of the time of a one-minute
     * exploration at depth 10), where running a path again costs an operation or two a state,
     * since a level's states come in the order of their parents.
     */
    static final int MACHINES_KEPT = 1 << 16;

    /**
     * Explores {@code cell} with sequences built within {@code bounds}.
     *
     * @throws IllegalArgumentException if either is null
     */
    public Explorer(Cell cell, Bounds bounds) {
        this(check(cell, bounds), bounds, FROM_HEAP, null, null, null, Duration.ZERO, DEFAULT_WORKERS, Shard.ALL, -1,
                true, MACHINES_KEPT);
    }

    private Explorer(Cell cell, Bounds bounds, long stateBudget, Duration timeBudget, Duration callTimeout,
                     Consumer<? super Progress> progress, Duration progressEvery, int workers, Shard shard,
                     int splitDepth, boolean symmetry, int machinesKept) {
        this.cell = cell;
        this.bounds = bounds;
        this.stateBudget = stateBudget;
        this.timeBudget = timeBudget;
        this.callTimeout = callTimeout;
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.workers = workers;
        this.shard = shard;
        this.splitDepth = splitDepth;
        this.symmetry = symmetry;
        this.machinesKept = machinesKept;
    }

    private static Cell check(Cell cell, Bounds bounds) {
        if (cell == null) {
            throw new IllegalArgumentException("cell must not be null: give the strategy and preset to explore,"
                    + " e.g. new Cell(Presets.named(\"x86_64\"), Strategies.named(\"generic-v6.6\"))");
        }
        if (bounds == null) {
            throw new IllegalArgumentException("bounds must not be null: give the CPUs, mms and tables to explore"
                    + " with, e.g. Bounds.DEFAULT.withMaxTables(6)");
        }
        return cell;
    }

    /**
     * The state budget when none is given: half the heap this JVM may grow to
     * ({@code Runtime.maxMemory()}, set by {@code -Xmx}) at {@link #BYTES_PER_STATE} a state,
     * so that an exploration stops cleanly long before it could run out of memory. The same
     * {@code -Xmx} gives the same budget.
     */
    public static long heapStateBudget() {
        return Math.max(1, Math.min(MAX_STATE_BUDGET, Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_STATE));
    }

    /**
     * The {@code -Xmx} option a message suggests for more states: twice the heap this JVM has,
     * in whole gigabytes, and at least {@code atLeastGb} (e.g. {@code -Xmx2g} from a 128 MB heap,
     * {@code -Xmx11g} from a 5,358 MB one). A fixed example would tell someone whose heap is
     * already larger to shrink it.
     */
    public static String largerHeap(int atLeastGb) {
        long gb = (2 * Runtime.getRuntime().maxMemory() + (1L << 30) - 1) >> 30;
        return "-Xmx" + Math.max(atLeastGb, gb) + "g";
    }

    /** The most states this heap holds: four fifths of it at {@link #BYTES_PER_STATE} a state. */
    public static long heapStateCapacity() {
        return Math.max(1, Math.min(MAX_STATE_BUDGET, Runtime.getRuntime().maxMemory() / 5 * 4 / BYTES_PER_STATE));
    }

    /**
     * The same explorer, stopping once {@code maxStates} distinct states have been visited, or
     * at {@link #heapStateCapacity()} if that is fewer (the report says which). Without a budget
     * the explorer takes {@link #heapStateBudget()}.
     *
     * @throws IllegalArgumentException if {@code maxStates} is not positive or too large
     */
    public Explorer withStateBudget(long maxStates) {
        if (maxStates < 1 || maxStates > MAX_STATE_BUDGET) {
            throw new IllegalArgumentException("state budget must be between 1 and " + MAX_STATE_BUDGET
                    + " states, was " + maxStates + " (the boot state alone is one state)");
        }
        return new Explorer(cell, bounds, maxStates, timeBudget, callTimeout, progress, progressEvery, workers, shard,
                splitDepth, symmetry, machinesKept);
    }

    /**
     * The same explorer, stopping after about {@code budget} of wall-clock time. A report cut
     * by it says so ({@link ExploreReport#cutByTimeBudget()}); it is the only thing that makes
     * a report depend on the machine it ran on.
     *
     * @throws IllegalArgumentException if {@code budget} is null, zero or negative
     */
    public Explorer withTimeBudget(Duration budget) {
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("time budget must be a positive duration, was " + budget
                    + " (leave it out to explore without one)");
        }
        return new Explorer(cell, bounds, stateBudget, budget, callTimeout, progress, progressEvery, workers, shard,
                splitDepth, symmetry, machinesKept);
    }

    /**
     * The same explorer, giving up on a strategy call that has not returned after {@code timeout}
     * ({@link Watchdog}); by default the enclosing check's when it runs inside one, else
     * {@value CheckConfig#DEFAULT_CALL_TIMEOUT_SECONDS} s.
     *
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public Explorer withCallTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("call timeout must be a positive duration, was " + timeout);
        }
        return new Explorer(cell, bounds, stateBudget, timeBudget, timeout, progress, progressEvery, workers, shard,
                splitDepth, symmetry, machinesKept);
    }

    /** The state budget in force: the one asked for, or the heap's, whichever is fewer. */
    long budget() {
        return stateBudget == FROM_HEAP ? heapStateBudget() : Math.min(stateBudget, heapStateCapacity());
    }

    /** Whether the heap set the budget in force (none was asked for, or more than the heap holds). */
    boolean budgetFromHeap() {
        return stateBudget == FROM_HEAP || stateBudget > heapStateCapacity();
    }

    /**
     * The same explorer, telling {@code listener} how the search goes ({@link Progress.States}):
     * at most once per {@code every} (checked every 1024 operations and after each level), and
     * once when it stops.
     */
    public Explorer withProgress(Consumer<? super Progress> listener, Duration every) {
        if (listener == null || every == null) {
            throw new IllegalArgumentException("progress listener and interval must not be null");
        }
        return new Explorer(cell, bounds, stateBudget, timeBudget, callTimeout, listener, every, workers, shard,
                splitDepth, symmetry, machinesKept);
    }

    /**
     * The threads an explorer runs on unless told otherwise: one per available processor but
     * one, at least one. The JVM's JIT compiler needs a core while the search warms up: on a
     * 2-core machine a second search thread made a fresh JVM's depth-8 exploration 1.3 to 1.65
     * times slower, and with the C2 compiler off it made it 1.3 times faster
     * (benchmarks/README.md, "Issue 11: every core, second pass"). As the common
     * {@code ForkJoinPool}, whose caller works too.
     */
    public static final int DEFAULT_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

    /** The most threads an explorer runs on. */
    public static final int MAX_WORKERS = 1_024;

    /**
     * The same explorer, on {@code n} threads ({@link #DEFAULT_WORKERS} unless told otherwise):
     * one runs the search on the calling thread, more run it level by level on that many. The
     * report is the same whatever {@code n} (see the class comment); only the time differs. The
     * strategy is then called from several threads at once, which a strategy that is a function
     * of the machine (as the search already requires) allows.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and {@link #MAX_WORKERS}
     */
    public Explorer withWorkers(int n) {
        Bounds.requireRange("workers", n, 1, MAX_WORKERS, "threads to explore on; 1 explores on the calling thread");
        return new Explorer(cell, bounds, stateBudget, timeBudget, callTimeout, progress, progressEvery, n, shard,
                splitDepth, symmetry, machinesKept);
    }

    /**
     * The same explorer as one job of a CI matrix: every job explores the levels up to
     * {@code splitDepth} alike, then job {@code shard} expands only its share of the states at
     * that depth (every {@code count}-th, in the search's fixed order) and everything they reach.
     * Together the jobs visit every state the whole search would, within the depth; a shortest
     * counterexample of the whole search is a shortest of the job whose share its path goes
     * through, and {@link io.github.ptcheck.report.ShardMerge} picks the whole search's among the
     * jobs' (see the class comment). A job's counts are its own.
     *
     * @throws IllegalArgumentException if {@code shard} is null or {@code splitDepth} is negative
     */
    public Explorer withShard(Shard shard, int splitDepth) {
        if (shard == null) {
            throw new IllegalArgumentException("shard must not be null: Shard.ALL explores everything in one job");
        }
        Bounds.requireRange("split depth", splitDepth, 0, MAX_DEPTH, "the depth at which the jobs split the frontier");
        return new Explorer(cell, bounds, stateBudget, timeBudget, callTimeout, progress, progressEvery, workers,
                shard, shard.whole() ? -1 : splitDepth, symmetry, machinesKept);
    }

    /**
     * The same explorer, with symmetry reduction on ({@code true}, the default) or off. On a
     * preset with more than two tables per page, the search offers each operation on one table
     * of each class of interchangeable ones (attached tables of one page and mm that the same
     * CPUs hold) and {@code runCallback} on one callback of each class (docs/model.md, "Full
     * pages"). That assumes the strategy treats a page's fragments alike, as powerpc's kernel
     * code does; a strategy that reads a table's fragment number to decide what to do should be
     * explored with it off, at the price of branching over every table of a full page.
     */
    public Explorer withSymmetry(boolean on) {
        return new Explorer(cell, bounds, stateBudget, timeBudget, callTimeout, progress, progressEvery, workers, shard,
                splitDepth, on, machinesKept);
    }

    /**
     * The same explorer, keeping at most {@code n} machines of a level for its expansion and
     * rebuilding the others from their paths: the same search either way (tests run it with 0).
     */
    Explorer keepingMachines(int n) {
        return new Explorer(cell, bounds, stateBudget, timeBudget, callTimeout, progress, progressEvery, workers, shard,
                splitDepth, symmetry, n);
    }

    /** The most machines kept for one level ({@link #keepingMachines}). */
    int machinesKept() {
        return machinesKept;
    }

    /** Whether symmetry reduction is on ({@link #withSymmetry}). */
    public boolean symmetry() {
        return symmetry;
    }

    /** The threads the search runs on. */
    public int workers() {
        return workers;
    }

    /** The share of the frontier this job explores ({@link Shard#ALL} for everything). */
    public Shard shard() {
        return shard;
    }

    /** The depth at which the frontier is split between shards, or -1 when it is not. */
    public int splitDepth() {
        return splitDepth;
    }

    Duration timeBudget() {
        return timeBudget;
    }

    Consumer<? super Progress> progress() {
        return progress;
    }

    Duration progressEvery() {
        return progressEvery;
    }

    public Cell cell() {
        return cell;
    }

    public Bounds bounds() {
        return bounds;
    }

    /**
     * Explores every sequence of up to {@code depth} operations (within bounds), each followed
     * by the teardown, stopping at the first counterexample (a shortest one) or a budget.
     *
     * @throws IllegalArgumentException if {@code depth} is not between 1 and {@link #MAX_DEPTH}
     * @throws io.github.ptcheck.check.StrategyFailure if the strategy throws, returns null or loops
     */
    public ExploreReport explore(int depth) {
        requireDepth(depth);
        Duration perCall = callTimeout != null ? callTimeout : Duration.ofSeconds(
                CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS);
        Duration limit = timeBudget == null ? null : timeBudget.plus(perCall);
        String why = limit == null ? null : "the exploration of " + cell.name() + ", " + Watchdog.seconds(
                limit.toNanos()) + " (timeBudget " + Watchdog.seconds(timeBudget.toNanos()) + " + callTimeout "
                + Watchdog.seconds(perCall.toNanos()) + ")";
        Search[] search = new Search[1];
        try {
            return Watchdog.runApart(callTimeout, limit, why, () -> explored(depth, search));
        } catch (StrategyFailure f) {
            // A call that never returned is given up on from this thread: where it was is in the search.
            Search s = search[0];
            throw s == null ? f : locatedFromOutside(s, f);
        }
    }

    /**
     * {@code f} with the operations that lead to where {@code s} was when its call was given up
     * on: found by running them again from the boot state, which is strategy code too, so
     * watched as the search was (a strategy that is not a function of the machine may loop where
     * it returned before); if that does not return, {@code f} as it is.
     */
    private StrategyFailure locatedFromOutside(Search s, StrategyFailure f) {
        try {
            return Watchdog.runApart(callTimeout, null, null, () -> s.locatedFromOutside(f));
        } catch (StrategyFailure again) {
            return f;
        }
    }

    /** The search, kept in {@code search} for a failure given up on from outside it. */
    private ExploreReport explored(int depth, Search[] search) {
        try {
            Search s = workers == 1 ? new SequentialSearch(this, depth) : new ParallelSearch(this, depth, workers);
            search[0] = s;
            return Watchdog.locating(s.at::freeze, s::run);
        } catch (OutOfMemoryError e) {
            // The search's tables are garbage once it unwinds to here.
            throw new IllegalStateException("exploring " + cell.name() + " ran out of memory (" + e.getMessage()
                    + ", a heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MB) although its state budget"
                    + " of " + budget() + " should fit: its states are larger than " + BYTES_PER_STATE + " bytes."
                    + " Give it a smaller state budget, or more heap (-Xmx; for Maven, MAVEN_OPTS=" + largerHeap(2)
                    + ")");
        }
    }
}
