package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.check.Progress;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Exhaustive mode: every sequence of operations up to a depth, breadth first over machine
 * states, each distinct state visited once. From each state the operations are those of
 * {@link Alphabet#enabled} within the {@link Bounds}, applied with {@link Executor#apply}; and
 * since every run ends with a teardown (spec section 7), each state is also checked by running
 * the teardown from it: a violation there is a counterexample as long as the path to the state.
 *
 * <h2>The first counterexample found is a shortest one</h2>
 *
 * The length of a counterexample is the number of operations before the teardown; the
 * sequences searched are those whose every operation is one {@link Alphabet#enabled} offers at
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
 * <p>The order is fixed (the alphabet's order, states in the order found), so the same input
 * gives the same report. Visited states are kept as {@link StateCodec} bytes (equal exactly
 * when the machines are equal); machines only for the level being expanded and the next.
 * Paths are not stored per state: each state keeps its parent and the operation from it, and
 * the counterexample's path is read back along the parents, then run once more traced
 * ({@link Executor#trace}) for the finding. Runs are untraced, and the teardown verdicts of
 * the states a teardown passes through are remembered ({@link TeardownCheck}).
 *
 * <p>Instances are immutable; {@link #explore} may be called from several threads.
 */
public final class Explorer {

    /**
     * Heap one visited state may take, with margin: its codec bytes and table entry, its share
     * of the states only teardowns pass through, and its machine while its level is expanded.
     * Measured at 587 to 690 bytes on the widest built-in cells (generic-v6.6@x86_64,
     * s390-pageactive-v6.6@s390x, powerpc-refcount-v2@powerpc64-hash-64k, 1,000,000 states;
     * docs/reliability.md, benchmarks' {@code ExploreTimes perState}).
     */
    public static final long BYTES_PER_STATE = 1_000;

    /** A state number is an int; the table needs room to grow. */
    public static final long MAX_STATE_BUDGET = Integer.MAX_VALUE / 2;

    /** The deepest exploration: every level holds at least one new state, and most hold thousands. */
    public static final int MAX_DEPTH = 1_000;

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

    /**
     * Explores {@code cell} with sequences built within {@code bounds}.
     *
     * @throws IllegalArgumentException if either is null
     */
    public Explorer(Cell cell, Bounds bounds) {
        this(check(cell, bounds), bounds, FROM_HEAP, null, null, null, Duration.ZERO);
    }

    private Explorer(Cell cell, Bounds bounds, long stateBudget, Duration timeBudget, Duration callTimeout,
                     Consumer<? super Progress> progress, Duration progressEvery) {
        this.cell = cell;
        this.bounds = bounds;
        this.stateBudget = stateBudget;
        this.timeBudget = timeBudget;
        this.callTimeout = callTimeout;
        this.progress = progress;
        this.progressEvery = progressEvery;
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
        return new Explorer(cell, bounds, maxStates, timeBudget, callTimeout, progress, progressEvery);
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
        return new Explorer(cell, bounds, stateBudget, budget, callTimeout, progress, progressEvery);
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
        return new Explorer(cell, bounds, stateBudget, timeBudget, timeout, progress, progressEvery);
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
        return new Explorer(cell, bounds, stateBudget, timeBudget, callTimeout, listener, every);
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
     * @throws IllegalArgumentException if {@code depth} is negative
     * @throws io.github.ptcheck.check.StrategyFailure if the strategy throws, returns null or loops
     */
    public ExploreReport explore(int depth) {
        Bounds.requireRange("depth", depth, 0, MAX_DEPTH, "the number of operations before the teardown; each"
                + " level holds at least one new state and most hold thousands, so no state budget reaches it");
        Duration perCall = callTimeout != null ? callTimeout : Duration.ofSeconds(
                CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS);
        Duration limit = timeBudget == null ? null : timeBudget.plus(perCall);
        String why = limit == null ? null : "the exploration of " + cell.name() + ", " + Watchdog.seconds(
                limit.toNanos()) + " (timeBudget " + Watchdog.seconds(timeBudget.toNanos()) + " + callTimeout "
                + Watchdog.seconds(perCall.toNanos()) + ")";
        return Watchdog.run(callTimeout, limit, why, () -> {
            try {
                return new Search(depth).run();
            } catch (OutOfMemoryError e) {
                // The search's tables are garbage once it unwinds to here.
                throw new IllegalStateException("exploring " + cell.name() + " ran out of memory (" + e.getMessage()
                        + ", a heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MB) although its state budget"
                        + " of " + budget() + " should fit: its states are larger than " + BYTES_PER_STATE + " bytes."
                        + " Give it a smaller state budget, or more heap (-Xmx; for Maven, MAVEN_OPTS=-Xmx2g)");
            }
        });
    }

    /** One exploration's working state. */
    private final class Search {

        private final int depth;
        private final Executor executor = cell.executor();
        private final StateCodec codec = new StateCodec();
        private final StateTable table = new StateTable();
        private final TeardownCheck teardown = new TeardownCheck(executor, codec, table);
        /** The operations enabled at the state being expanded (Alphabet.enabled's, in its order). */
        private final ArrayList<Op> enabled = new ArrayList<>();
        private final long deadline;
        private final long budget = budget();
        private Vector<Long> perDepth = Vector.empty();
        private long transitions;
        private boolean cutByStates;
        private boolean cutByTime;
        private final Progress.Throttle throttle = new Progress.Throttle(progress, progressEvery);
        private int expanding;

        Search(int depth) {
            this.depth = depth;
            this.deadline = timeBudget == null ? Long.MAX_VALUE : System.nanoTime() + timeBudget.toNanos();
        }

        ExploreReport run() {
            Machine boot = executor.boot();
            byte[] bootKey = codec.encode(boot);
            int root = table.add(bootKey, StateTable.hash(bootKey), StateTable.ROOT, -1);
            perDepth = perDepth.append(1L);
            if (!teardown.passes(root, boot, 0)) {
                return report(-1, false, Option.some(finding(Vector.empty())));
            }
            // Machines are kept for the level being expanded and the next one only; the table
            // keeps every state's bytes.
            ArrayList<Machine> level = new ArrayList<>(List.of(boot));
            int[] levelIds = {root};
            for (int d = 0; d < depth; d++) {
                expanding = d;
                if (throttle.due()) {
                    report(false);
                }
                boolean keep = d + 1 < depth;
                ArrayList<Machine> next = new ArrayList<>();
                int[] nextIds = new int[16];
                int added = 0;
                for (int k = 0; k < level.size(); k++) {
                    int i = levelIds[k];
                    Machine s = level.get(k);
                    level.set(k, null);
                    enabled.clear();
                    Alphabet.forEachEnabled(s, bounds, enabled::add);
                    for (int o = 0; o < enabled.size(); o++) {
                        Op op = enabled.get(o);
                        if ((++transitions & 0x3FF) == 0) {
                            if (System.nanoTime() > deadline) {
                                cutByTime = true;
                                return cut(d, added);
                            }
                            if (throttle.due()) {
                                report(false);
                            }
                        }
                        Applied a = executor.apply(s, op, d + 1);
                        if (a.violated()) {
                            perDepth = perDepth.append((long) added);
                            return report(d, false, Option.some(finding(path(i).append(op))));
                        }
                        if (a.wasSkipped()) {
                            throw new IllegalStateException("op.Alphabet offered '" + op + "' after "
                                    + path(i).mkString(", ") + " but the executor skipped it: "
                                    + a.skipped() + ". Alphabet.enabled and Executor.apply disagree.");
                        }
                        Machine m = a.machine();
                        codec.encodeInPlace(m);
                        int hash = StateTable.hash(codec.buffer(), codec.length());
                        int j = table.indexOf(codec.buffer(), codec.length(), hash);
                        if (j >= 0 && table.visited(j)) {
                            continue;
                        }
                        if (table.visited() >= budget) {
                            cutByStates = true;
                            return cut(d, added);
                        }
                        if (j >= 0) {
                            table.visit(j, i, o);
                        } else {
                            j = table.add(codec.copy(), hash, i, o);
                        }
                        added++;
                        if (!teardown.passes(j, m, d + 1)) {
                            perDepth = perDepth.append((long) added);
                            return report(d, false, Option.some(finding(path(j))));
                        }
                        if (keep) {
                            if (next.size() == nextIds.length) {
                                nextIds = Arrays.copyOf(nextIds, nextIds.length * 2);
                            }
                            nextIds[next.size()] = j;
                            next.add(m);
                        }
                    }
                }
                if (added == 0) {
                    // Nothing new at depth d+1: every longer sequence stays among checked states.
                    return report(depth, true, Option.none());
                }
                perDepth = perDepth.append((long) added);
                level = next;
                levelIds = nextIds;
            }
            return report(depth, false, Option.none());
        }

        /** Stopped by a budget while expanding level {@code d}: level d+1 is partial. */
        private ExploreReport cut(int d, int added) {
            perDepth = perDepth.append((long) added);
            return report(d, false, Option.none());
        }

        private void report(boolean done) {
            throttle.report(new Progress.States(cell, expanding, depth, table.visited(), transitions, throttle.elapsed(),
                    done));
        }

        private ExploreReport report(int completed, boolean closed, Option<Finding> finding) {
            report(true);
            return new ExploreReport(cell, bounds, depth, completed, closed, table.visited(), perDepth,
                    transitions, budget, budgetFromHeap(), cutByStates, cutByTime, finding);
        }

        /** The operations that reached state {@code i}: its parents' operation indices, replayed from the boot state. */
        private Vector<Op> path(int i) {
            Machine m = executor.boot();
            Vector<Op> ops = Vector.empty();
            for (int o : table.path(i)) {
                Op op = Alphabet.enabled(m, bounds).get(o);
                ops = ops.append(op);
                m = executor.apply(m, op, ops.size()).machine();
            }
            return ops;
        }

        private Finding finding(Vector<Op> path) {
            Outcome traced = executor.trace(path);
            if (traced.violation().isEmpty()) {
                // Run from the boot state untraced, twice: a strategy that is not a function of
                // the machine gives different results (or another when traced); one that is,
                // while the traced run passes, points at Machine equality missing some state.
                String first = Outcomes.describe(executor.run(path).violation());
                String second = Outcomes.describe(executor.run(path).violation());
                if (!first.equals(second) || !first.equals("passed")) {
                    throw StrategyFailure.nondeterministic(executor.name(), Outcomes.sequence(path), first,
                            first.equals(second) ? "passed when traced" : second);
                }
                throw new IllegalStateException("the explorer found a violation after " + Outcomes.sequence(path)
                        + " but the sequence passes when run again from the boot state: Machine equality misses"
                        + " some state, or the strategy depends on something besides the machine");
            }
            return new Finding(traced.violation().get(), 0L, -1, path, path, Minimality.SHORTEST, traced);
        }
    }
}
