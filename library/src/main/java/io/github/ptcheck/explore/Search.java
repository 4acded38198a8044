package io.github.ptcheck.explore;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.Progress;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * One exploration's working state, whoever does the work ({@link SequentialSearch} on the
 * calling thread, {@link ParallelSearch} on every core): the table of states, the counts, the
 * budgets, and the report and finding it ends with.
 */
abstract class Search {

    final Explorer explorer;
    final Cell cell;
    final Bounds bounds;
    /** Tables offered per class of a page's interchangeable ones: 1 with symmetry reduction, 0 (all) without. */
    final int perClass;
    final int depth;
    final Executor executor;
    final StateCodec.Names names = new StateCodec.Names();
    final StateCodec codec = new StateCodec(names);
    final StateTable table;
    final long deadline;
    final long budget;
    /** Whether collections keep leaving the heap nearly full, from when this search began. */
    final HeapGuard.Watch heap = HeapGuard.JVM.watch();
    /** The state budget in the report: {@link #budget}, or what was visited when the heap ran low. */
    long budgetReported;
    boolean heapRanLow;
    final Progress.Throttle throttle;
    Vector<Long> perDepth = Vector.empty();
    long transitions;
    boolean cutByStates;
    boolean cutByTime;
    /** The level being expanded, for progress reports. */
    int expanding;

    /**
     * The state whose transition or teardown a strategy call of the sequential search is making
     * now: for a call that never returns, which is given up on from another thread
     * ({@link #locatedFromOutside}). (The parallel search keeps one per thread.)
     */
    final Place at = new Place();

    Search(Explorer explorer, int depth) {
        this(explorer, depth, 1);
    }

    /** A search whose state table has {@code partitions} partitions (the parallel search's threads add states side by side). */
    Search(Explorer explorer, int depth, int partitions) {
        this.table = new StateTable(partitions);
        this.explorer = explorer;
        this.cell = explorer.cell();
        this.bounds = explorer.bounds();
        this.perClass = explorer.symmetry() ? 1 : 0;
        this.depth = depth;
        this.executor = cell.executor();
        this.budget = explorer.budget();
        this.budgetReported = budget;
        this.deadline = explorer.timeBudget() == null ? Long.MAX_VALUE
                : System.nanoTime() + explorer.timeBudget().toNanos();
        this.throttle = new Progress.Throttle(explorer.progress(), explorer.progressEvery());
    }

    /**
     * The states of one level in the order found: their numbers, and their machines while needed
     * (the first {@code kept} of them; null for the others, which the search rebuilds).
     */
    static final class Level {
        final ArrayList<Machine> machines = new ArrayList<>();
        int[] ids = new int[16];
        /** States added to the level so far (their machines are kept only when the level is to be expanded). */
        long added;
        private final int kept;

        Level(int kept) {
            this.kept = kept;
        }

        void keep(int id, Machine m) {
            if (machines.size() == ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
            ids[machines.size()] = id;
            machines.add(machines.size() < kept ? m : null);
        }
    }

    /** Rebuilds the machines a level did not keep, on the calling thread (a parallel search has one per thread). */
    final PathRebuilder rebuilder = new PathRebuilder(this);

    /** The machine of visited state {@code i}, rebuilt from its path ({@link PathRebuilder}). */
    final Machine rebuilt(int i) {
        return rebuilder.rebuilt(i);
    }

    /**
     * Expands level {@code d} into {@code next} (keeping its machines if {@code keep}): the report
     * if a counterexample or a budget stopped it, else null.
     */
    abstract ExploreReport expand(int d, Level level, Level next, boolean keep);

    /** The search, level by level; the boot state is state 0, its teardown checked first. */
    final ExploreReport run() {
        try {
            return levels();
        } finally {
            finished();
        }
    }

    /** Called when the search has ended, however it ended: a parallel search ends its threads. */
    void finished() {
    }

    private ExploreReport levels() {
        Machine boot = executor.boot();
        byte[] bootKey = codec.encode(boot);
        int root = table.add(bootKey, bootKey.length, StateTable.hash(bootKey), StateTable.ROOT, -1);
        perDepth = perDepth.append(1L);
        if (!new TeardownCheck(executor, codec, table).passes(root, boot, 0)) {
            return report(-1, false, Option.some(finding(Vector.empty())));
        }
        // Machines are kept for the level being expanded and the next one only, the first
        // Explorer.MACHINES_KEPT of a level (the others are rebuilt); the table keeps every
        // state's bytes.
        Level level = new Level(explorer.machinesKept());
        level.keep(root, boot);
        for (int d = 0; d < depth; d++) {
            expanding = d;
            if (throttle.due()) {
                progress(false);
            }
            Level next = new Level(explorer.machinesKept());
            ExploreReport stopped = expand(d, level, next, d + 1 < depth);
            if (stopped != null) {
                return stopped;
            }
            if (next.added == 0) {
                // Nothing new at depth d+1: every longer sequence stays among checked states.
                return report(depth, true, Option.none());
            }
            perDepth = perDepth.append(next.added);
            level = next;
        }
        return report(depth, false, Option.none());
    }

    /**
     * Whether the {@code position}-th state (from 0) of level {@code d} is expanded: all are,
     * but at the split depth of a shard, only the shard's share of them.
     */
    final boolean expands(int d, int position) {
        return d != explorer.splitDepth() || explorer.shard().owns(position);
    }

    /**
     * Whether the search must stop before adding another state: the state budget is spent, or
     * the heap is running out ({@link HeapGuard}; then the budget reported is what was visited).
     */
    final boolean budgetSpent() {
        return budgetSpent(table.visited());
    }

    /** {@link #budgetSpent()} when {@code visited} states have been visited. */
    final boolean budgetSpent(long visited) {
        if (visited >= budget) {
            return true;
        }
        if (heap.low()) {
            budgetReported = visited;
            heapRanLow = true;
            return true;
        }
        return false;
    }

    /** Stopped by a budget while expanding level {@code d}: level d+1 is partial, {@code added} states so far. */
    final ExploreReport cut(int d, long added) {
        perDepth = perDepth.append(added);
        return report(d, false, Option.none());
    }

    final void progress(boolean done) {
        throttle.report(new Progress.States(cell, expanding, depth, table.visited(), transitions, throttle.elapsed(),
                done));
    }

    final ExploreReport report(int completed, boolean closed, Option<Finding> finding) {
        return report(completed, closed, table.visited(), finding);
    }

    final ExploreReport report(int completed, boolean closed, long visited, Option<Finding> finding) {
        progress(true);
        int split = explorer.splitDepth();
        return new ExploreReport(cell, bounds, depth, completed, closed, visited, perDepth, transitions,
                budgetReported, explorer.budgetFromHeap() || heapRanLow, cutByStates, cutByTime, finding, heapRanLow,
                split < 0 ? -1 : perDepth.take(split + 1).sum().longValue());
    }

    /**
     * The operations that reached state {@code i}: its parents' operation indices, replayed from
     * the boot state. The replay is strategy code run again (for a finding, or to locate a
     * failure), which a strategy that is not a function of the machine may throw or loop in where
     * the search's run did not: such a failure carries the operations up to the one it came in.
     */
    final Vector<Op> path(int i) {
        Machine m = executor.boot();
        Vector<Op> ops = Vector.empty();
        for (int o : table.path(i)) {
            Op op = Alphabet.enabledUpToSymmetry(m, bounds, perClass).get(o);
            ops = ops.append(op);
            Vector<Op> upTo = ops;
            Machine from = m;
            m = Watchdog.locatingIn(-1, upTo, Schedule.SEQUENTIAL, () -> executor.apply(from, op, upTo.size()))
                    .machine();
        }
        return ops;
    }

    /** The error for an operation the alphabet offered and the executor skipped. */
    final IllegalStateException disagree(int state, Op op, String skipped) {
        return new IllegalStateException("op.Alphabet offered '" + op + "' after " + path(state).mkString(", ")
                + " but the executor skipped it: " + skipped + ". Alphabet.enabled and Executor.apply disagree.");
    }

    /**
     * {@code f}, a call given up on from outside the search (it did not return), with the
     * operations that lead to it as {@link #located} gives a throw's, when the search knows where
     * it was; else {@code f}.
     */
    final StrategyFailure locatedFromOutside(StrategyFailure f) {
        return !at.frozenInside() || f.sequence().isDefined() || f.step() == 0 ? f
                : located(f, at.frozenState(), at.frozenOp() != Place.TEARDOWN);
    }

    /**
     * {@code f}, a strategy's failure on the way to or from state {@code i}, with the operations
     * that make it fail again: the path to {@code i}, and the failing operation when it was the
     * transition out of {@code i} ({@code transition}) rather than the teardown from it.
     */
    final StrategyFailure located(StrategyFailure f, int i, boolean transition) {
        try {
            return f.during(-1, path(i), transition);
        } catch (RuntimeException again) {
            return f; // the path itself no longer runs: the strategy is not deterministic either
        }
    }

    /**
     * The finding of {@code path}, whose run the search found violating, run again from the boot
     * state. A failure in these runs (a strategy that keeps state may throw or loop only now)
     * carries {@code path} as the search's own do: the sequence to run it again.
     */
    final Finding finding(Vector<Op> path) {
        return Watchdog.locatingIn(-1, path, Schedule.SEQUENTIAL, () -> rerun(path));
    }

    private Finding rerun(Vector<Op> path) {
        Outcome traced = executor.trace(path);
        if (traced.violation().isEmpty()) {
            // Run from the boot state untraced, twice: a strategy that is not a function of
            // the machine gives different results (or another when traced).
            String first = Outcomes.describe(executor.run(path).violation());
            String second = Outcomes.describe(executor.run(path).violation());
            // (A built-in strategy that passes every run would point at Machine equality missing some state.)
            throw StrategyFailure.notFoundAgain(executor.name(), Outcomes.sequence(path), "a violation when the"
                    + " explorer reached it", first, second);
        }
        return new Finding(traced.violation().get(), 0L, -1, path, path, Minimality.SHORTEST, traced);
    }
}
