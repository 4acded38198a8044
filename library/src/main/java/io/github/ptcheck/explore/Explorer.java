package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
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
     * The state budget when none is given. A visited state takes about 200 bytes of heap (its
     * codec bytes, its table entry, and its share of the states only teardowns pass through),
     * and each state of the level being expanded keeps its machine too (a few hundred bytes):
     * ten million states need two to three GB.
     */
    public static final long DEFAULT_STATE_BUDGET = 10_000_000;

    /** A state number is an int; the table needs room to grow. */
    private static final long MAX_STATE_BUDGET = Integer.MAX_VALUE / 2;

    private final Cell cell;
    private final Bounds bounds;
    private final long stateBudget;
    private final Duration timeBudget;

    /**
     * Explores {@code cell} with sequences built within {@code bounds}.
     *
     * @throws IllegalArgumentException if either is null
     */
    public Explorer(Cell cell, Bounds bounds) {
        this(check(cell, bounds), bounds, DEFAULT_STATE_BUDGET, null);
    }

    private Explorer(Cell cell, Bounds bounds, long stateBudget, Duration timeBudget) {
        this.cell = cell;
        this.bounds = bounds;
        this.stateBudget = stateBudget;
        this.timeBudget = timeBudget;
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
     * The same explorer, stopping once {@code maxStates} distinct states have been visited.
     *
     * @throws IllegalArgumentException if {@code maxStates} is not positive or too large
     */
    public Explorer withStateBudget(long maxStates) {
        if (maxStates < 1 || maxStates > MAX_STATE_BUDGET) {
            throw new IllegalArgumentException("state budget must be between 1 and " + MAX_STATE_BUDGET
                    + " states, was " + maxStates + " (the boot state alone is one state)");
        }
        return new Explorer(cell, bounds, maxStates, timeBudget);
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
        return new Explorer(cell, bounds, stateBudget, budget);
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
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0 (the number of operations before the"
                    + " teardown), was " + depth);
        }
        return new Search(depth).run();
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
        private Vector<Long> perDepth = Vector.empty();
        private long transitions;
        private boolean cutByStates;
        private boolean cutByTime;

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
                        if ((++transitions & 0x3FF) == 0 && System.nanoTime() > deadline) {
                            cutByTime = true;
                            return cut(d, added);
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
                        if (table.visited() >= stateBudget) {
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

        private ExploreReport report(int completed, boolean closed, Option<Finding> finding) {
            return new ExploreReport(cell, bounds, depth, completed, closed, table.visited(), perDepth,
                    transitions, stateBudget, cutByStates, cutByTime, finding);
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
            Violation v = traced.violation().getOrElseThrow(() -> new IllegalStateException(
                    "the explorer found a violation after " + path.mkString(", ") + " but the traced run"
                            + " passes: Machine equality misses some state, or a strategy is not a pure function"
                            + " of the machine"));
            return new Finding(v, 0L, -1, path, path, Minimality.SHORTEST, traced);
        }
    }
}
