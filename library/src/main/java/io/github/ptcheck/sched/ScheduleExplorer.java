package io.github.ptcheck.sched;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.op.Slice;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Exhaustive mode with interleavings: every sequence of up to a depth of operations, where two
 * operations may overlap under every schedule of at most {@code preemptionBound} preemptions
 * (CHESS's preemption bounding, Musuvathi and Qadeer, PLDI 2007).
 *
 * <p>Only pairs the kernel can have in flight at once are overlapped ({@link Overlap}).
 *
 * <p>Breadth first over the states between operations, each (machine, preemptions used) visited
 * once. From a state the transitions are (1) each operation of {@link Alphabet#enabledUpToSymmetry} run whole
 * (the pairs may take two tables of a class of interchangeable ones, whole operations the first),
 * and (2) each ordered pair of them run overlapped: the first preempted before each of its
 * scheduling points in turn while the second runs whole ({@code 1:k 2 1}, one preemption), and,
 * with a second preemption to spend, the second preempted too ({@code 1:k 2:l 1 2}). A pair is
 * tried only when the two touch a common object when run alone from that state (a page, an mm,
 * the callback queue, the readers, the page allocator): operations that touch nothing in common
 * commute, so overlapping them shows nothing a sequence does not (a reduction in the spirit of
 * partial-order reduction, not a proof of it for every strategy).
 *
 * <p>The level of a state is the operations that reach it. Counterexamples are looked for by
 * length: those of {@code d+1} operations as whole operations from level {@code d}, then as pairs
 * from level {@code d-1} with one preemption, then with two; so the first found is a shortest
 * one, and of those one with the fewest preemptions. Deterministic: fixed orders throughout.
 */
public final class ScheduleExplorer {

    /** States kept when no budget is given. */
    public static final long DEFAULT_STATE_BUDGET = 500_000;

    private final Cell cell;
    private final Bounds bounds;
    private final int preemptionBound;
    private final long stateBudget;
    private final Duration timeBudget;
    /** Whether a page's interchangeable tables are offered once per class ({@link #withSymmetry}). */
    private final boolean symmetry;

    public ScheduleExplorer(Cell cell, Bounds bounds, int preemptionBound) {
        this(cell, bounds, preemptionBound, DEFAULT_STATE_BUDGET, null, true);
    }

    private ScheduleExplorer(Cell cell, Bounds bounds, int preemptionBound, long stateBudget, Duration timeBudget,
                             boolean symmetry) {
        this.cell = Objects.requireNonNull(cell, "cell");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        if (preemptionBound < 0 || preemptionBound > 2) {
            throw new IllegalArgumentException("preemption bound must be 0, 1 or 2, was " + preemptionBound
                    + " (two operations overlap at most; CHESS finds most bugs within 2)");
        }
        if (stateBudget < 1) {
            throw new IllegalArgumentException("state budget must be >= 1, was " + stateBudget);
        }
        this.preemptionBound = preemptionBound;
        this.stateBudget = stateBudget;
        this.timeBudget = timeBudget;
        this.symmetry = symmetry;
    }

    /** The same search, stopping after {@code states} distinct states (the report says it was cut). */
    public ScheduleExplorer withStateBudget(long states) {
        return new ScheduleExplorer(cell, bounds, preemptionBound, states, timeBudget, symmetry);
    }

    /**
     * The same search, stopping after {@code time} of wall-clock time (the report says it was
     * cut; the only setting that makes the result depend on the machine).
     */
    public ScheduleExplorer withTimeBudget(Duration time) {
        Objects.requireNonNull(time, "time");
        if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("time budget must be positive, was " + time);
        }
        return new ScheduleExplorer(cell, bounds, preemptionBound, stateBudget, time, symmetry);
    }

    /**
     * The same search with symmetry reduction on (the default) or off, as
     * {@link io.github.ptcheck.explore.Explorer#withSymmetry} says: off, every table of a page is
     * offered, alone and in pairs.
     */
    public ScheduleExplorer withSymmetry(boolean on) {
        return new ScheduleExplorer(cell, bounds, preemptionBound, stateBudget, timeBudget, on);
    }

    /** A state between operations, with how it was reached. */
    private record Node(Machine machine, int preemptions, int depth, Node parent, Vector<Op> ops, Schedule schedule) {

        /** The operations from the boot state. */
        Vector<Op> path() {
            return parent == null ? ops : parent.path().appendAll(ops);
        }

        /** The schedule of the whole path: each overlap's turns, shifted to its place in it. */
        Schedule fullSchedule() {
            if (parent == null) {
                return schedule;
            }
            int base = parent.path().size();
            return new Schedule(parent.fullSchedule().slices()
                    .appendAll(schedule.slices().map(s -> new Slice(s.op() + base, s.steps()))));
        }
    }

    /** What one operation does alone from a state: the machine after it, its points, what it touches. */
    private record Alone(Op op, Machine after, int points, Set<String> touches) {
    }

    /**
     * Explores every sequence of up to {@code depth} operations and every schedule of them within
     * the preemption bound, on a worker thread of its own ({@link Watchdog#runApart}: a call that
     * does not return within the call timeout in force gives up on this exploration only).
     *
     * @throws StrategyFailure if the strategy throws, returns null or loops, with the operations
     *                         and the schedule that make it fail again; or if a violation the
     *                         search saw does not come again when its operations are run from the
     *                         boot state (not deterministic), naming them and their schedule
     */
    public ScheduleReport explore(int depth) {
        Explorer.requireDepth(depth);
        return Watchdog.runApart(null, null, null, () -> {
            Search s = new Search(depth);
            // A call that never returns is given up on by the watcher, which reads where the
            // search is as it gives up: read after, a call that returned then has let it move on.
            return Watchdog.locating(s::locatedAt, s::run);
        });
    }

    private final class Search {
        private final int depth;
        private final Executor executor = cell.executor();
        private final Interleaver interleaver = new Interleaver(executor);
        private final HashMap<Machine, Integer> visited = new HashMap<>();
        private final ArrayList<ArrayList<Node>> levels = new ArrayList<>();
        private final long deadline = timeBudget == null ? Long.MAX_VALUE : System.nanoTime() + timeBudget.toNanos();
        private long schedules;
        private boolean cut;
        private boolean outOfTime;
        /**
         * Where the strategy calls made now run: the node their operations lead to from the
         * state they run from (the state itself: its teardown), else null; read by the watcher
         * when it gives up on one ({@link #locatedAt}). One reference, stored after a release
         * fence, as explore/Place's mark: a mark the watcher sees that was made after the call
         * returned implies it sees the call's end too, and then it does not give up on it.
         */
        private Node at;

        Search(int depth) {
            this.depth = depth;
        }

        ScheduleReport run() {
            Node root = new Node(executor.boot(), 0, 0, null, Vector.empty(), Schedule.SEQUENTIAL);
            visited.put(root.machine(), 0);
            Finding f = teardown(root);
            if (f != null) {
                return report(0, f);
            }
            level(0).add(root);
            ArrayList<ArrayList<Alone>> previous = null;
            for (int d = 0; d < depth; d++) {
                // Every counterexample of d+1 operations: whole operations from level d first, then
                // pairs from level d-1 with one preemption, then with two (fewest preemptions first).
                ArrayList<Node> nodes = level(d);
                ArrayList<ArrayList<Alone>> alone = new ArrayList<>();
                for (Node n : nodes) {
                    ArrayList<Alone> ones = new ArrayList<>();
                    // Pairs take two tables of a class; a whole operation, the first (the next state
                    // offers the second).
                    java.util.Set<Op> whole = new java.util.HashSet<>(Alphabet.enabledUpToSymmetry(n.machine(), bounds, symmetry ? 1 : 0)
                            .toJavaList());
                    for (Op op : Alphabet.enabledUpToSymmetry(n.machine(), bounds, symmetry ? 2 : 0)) {
                        Interleaver.Burst b = run(n, Vector.of(op), Schedule.SEQUENTIAL, d + 1);
                        if (b.violation().isDefined()) {
                            return report(d, finding(n, Vector.of(op), Schedule.SEQUENTIAL, b.violation().get()));
                        }
                        ones.add(new Alone(op, b.after(), b.points()[0], touches(n.machine(), b.after())));
                        f = !whole.contains(op) ? null
                                : add(n, Vector.of(op), Schedule.SEQUENTIAL, b.after(), n.preemptions(), d + 1);
                        if (f != null) {
                            return report(d, f);
                        }
                    }
                    alone.add(ones);
                }
                if (previous != null) {
                    ArrayList<Node> before = level(d - 1);
                    for (int preemptions = 1; preemptions <= preemptionBound && !cut; preemptions++) {
                        for (int i = 0; i < before.size(); i++) {
                            f = overlaps(before.get(i), previous.get(i), d - 1, preemptions);
                            if (f != null) {
                                return report(d, f);
                            }
                        }
                    }
                    levels.set(d - 1, null); // no longer needed
                }
                if (cut) {
                    return report(d, null);
                }
                previous = alone;
            }
            return report(depth, null);
        }

        private ArrayList<Node> level(int d) {
            while (levels.size() <= d) {
                levels.add(new ArrayList<>());
            }
            return levels.get(d);
        }

        /** Every overlapping pair from {@code n} whose schedule has exactly {@code preemptions}, within the bound. */
        private Finding overlaps(Node n, ArrayList<Alone> ones, int d, int preemptions) {
            if (n.preemptions() + preemptions > preemptionBound) {
                return null;
            }
            for (Alone a : ones) {
                for (Alone b : ones) {
                    // The same operation twice only for allocations (two page faults in one mm).
                    int first = a == b && !(a.op() instanceof Op.Alloc) || !conflict(a, b) ? -1
                            : Overlap.firstPreemption(n.machine(), a.op(), b.op());
                    if (first < 0) {
                        continue;
                    }
                    int firstB = preemptions == 2 ? Overlap.firstPreemption(n.machine(), b.op(), a.op()) : -1;
                    Vector<Op> pair = Vector.of(a.op(), b.op());
                    for (int k = first; k < a.points(); k++) {
                        if (preemptions == 1) {
                            Finding f = tryPair(n, pair, Schedule.of(new Slice(0, k), new Slice(1, Slice.TO_THE_END),
                                    new Slice(0, Slice.TO_THE_END)), 1, d);
                            if (f != null || cut) {
                                return f;
                            }
                            continue;
                        }
                        for (int l = Math.max(firstB, 0); firstB >= 0 && l < b.points(); l++) {
                            Finding f = tryPair(n, pair, Schedule.of(new Slice(0, k), new Slice(1, l),
                                    new Slice(0, Slice.TO_THE_END), new Slice(1, Slice.TO_THE_END)), 2, d);
                            if (f != null || cut) {
                                return f;
                            }
                        }
                    }
                }
            }
            return null;
        }

        private Finding tryPair(Node n, Vector<Op> pair, Schedule s, int preemptions, int d) {
            if (timeBudget != null && (schedules & 0xff) == 0 && System.nanoTime() > deadline) {
                outOfTime = cut = true;
                return null;
            }
            schedules++;
            Interleaver.Burst b = run(n, pair, s, d + 1);
            if (b.violation().isDefined()) {
                return finding(n, pair, s, b.violation().get());
            }
            return add(n, pair, s, b.after(), n.preemptions() + preemptions, d + 2);
        }

        /** A new state (or one reached with fewer preemptions); its teardown checked. */
        private Finding add(Node parent, Vector<Op> ops, Schedule s, Machine m, int preemptions, int d) {
            Machine key = m.tracing(false);
            Integer seen = visited.get(key);
            if (seen != null && seen <= preemptions) {
                return null;
            }
            if (visited.size() >= stateBudget) {
                cut = true;
                return null;
            }
            if (timeBudget != null && (visited.size() & 0xff) == 0 && System.nanoTime() > deadline) {
                outOfTime = cut = true;
                return null;
            }
            visited.put(key, preemptions);
            Node node = new Node(key, preemptions, d, parent, ops, s);
            Finding f = teardown(node);
            if (f != null) {
                return f;
            }
            if (d < depth) {
                level(d).add(node);
            }
            return null;
        }

        private Finding teardown(Node n) {
            Outcome o;
            marked(n);
            try {
                o = executor.teardown(Vector.empty(), n.machine(), n.depth(), false, Vector.empty(), 0, 0,
                        Schedule.SEQUENTIAL, Vector.empty());
            } catch (StrategyFailure f) {
                throw located(f, n);
            }
            marked(null);
            return o.violation().isDefined() ? finding(n, Vector.empty(), Schedule.SEQUENTIAL, o.violation().get())
                    : null;
        }

        /** {@code ops} run from {@code n} under {@code s}, their first at step {@code step}; a strategy's failure located. */
        private Interleaver.Burst run(Node n, Vector<Op> ops, Schedule s, int step) {
            Interleaver.Burst b;
            Node place = end(n, ops, s);
            marked(place);
            try {
                b = interleaver.runFrom(n.machine(), ops, s, step);
            } catch (StrategyFailure f) {
                throw located(f, place);
            }
            marked(null);
            return b;
        }

        /** The calls that follow run the operations that lead to {@code place} (null: between calls). */
        private void marked(Node place) {
            // What was stored before (the end of the last call among it) is seen first.
            VarHandle.releaseFence();
            at = place;
        }

        /**
         * A locator ({@link Watchdog#locating}): {@code f} with the operations and schedule of
         * where the search is, for a call given up on, which the watcher applies on its own
         * thread as it gives up (a throw is located where it is caught, and passes as it is).
         * Not a call of step 0 ({@code name()}, {@code describe()}): no operation's.
         */
        StrategyFailure locatedAt(StrategyFailure f) {
            Node place = at;
            VarHandle.acquireFence(); // the place's nodes as stored before the mark
            return place == null || f.step() == 0 ? f : located(f, place);
        }

        /**
         * {@code f}, a strategy's failure on the way to {@code place} (in its operations, or in its
         * teardown when it is a state), with what makes it fail again: the operations from the boot
         * state, and the schedule of them all when some overlap ({@code ptcheck run --schedule}).
         * Not a failure of step 0: a routine resumed another way ("not deterministic", its
         * operations and schedule in the message) need not act so again on one run of them (the
         * run need not pause it where the search did), so the front ends reproduce it with the
         * exploration again, as a finding that passes when run again.
         */
        private StrategyFailure located(StrategyFailure f, Node place) {
            if (f.sequence().isDefined()) {
                return f;
            }
            if (f.step() == 0) {
                // Its message counts the schedule from the state the routine was resumed in: say
                // the whole way from the boot state too, without offering it as a run.
                return f.reachedBy("the interleaving search", place.path(), place.fullSchedule());
            }
            return f.during(-1, place.path(), false).under(place.fullSchedule());
        }

        /** The node {@code ops} under {@code s} lead to from {@code n} (for its path and schedule). */
        private Node end(Node n, Vector<Op> ops, Schedule s) {
            return ops.isEmpty() ? n : new Node(n.machine(), 0, n.depth() + ops.size(), n, ops, s);
        }

        /**
         * The finding of {@code n}'s path and then {@code ops} under {@code s}, where the search
         * saw {@code seen}, run again traced from boot. A failure in that run (a strategy that
         * keeps state may throw or loop only now) is located as one in the search's runs is: its
         * operations and schedule.
         *
         * @throws StrategyFailure {@link StrategyFailure#notFoundAgain} if the traced run passes
         */
        private Finding finding(Node n, Vector<Op> ops, Schedule s, Violation seen) {
            Node end = end(n, ops, s);
            Vector<Op> path = end.path();
            Schedule schedule = end.fullSchedule();
            Outcome traced;
            String first = null;
            String second = null;
            marked(end);
            try {
                traced = interleaver.trace(path, schedule);
                if (traced.passed()) {
                    // Run from the boot state untraced, twice, as the explorer does: a strategy that
                    // is not a function of the machine gives different results (or another when traced).
                    first = Outcomes.describe(interleaver.run(path, schedule).violation());
                    second = Outcomes.describe(interleaver.run(path, schedule).violation());
                }
            } catch (StrategyFailure f) {
                throw located(f, end);
            }
            marked(null);
            if (traced.passed()) {
                // Thrown here, not in the try: it has no operation to locate, and no run of them
                // fails again (the exploration again does, as the front ends' reproduce line says).
                // (A built-in strategy that passes every run would point at Machine equality missing some state.)
                throw StrategyFailure.notFoundAgain(executor.name(), Outcomes.sequence(path, schedule),
                        Outcomes.describe(Option.of(seen)) + " when the interleaving search reached it", first, second);
            }
            return new Finding(traced.violation().get(), 0L, -1, path, path, Minimality.SHORTEST, traced);
        }

        private ScheduleReport report(int completed, Finding f) {
            return new ScheduleReport(cell, bounds, depth, preemptionBound, completed, visited.size(), schedules,
                    Option.of(f), cut && !outOfTime, outOfTime, stateBudget);
        }
    }

    /** The objects an operation changed: pages by pfn, mms, tables, readers, the callback queue, the allocator. */
    static Set<String> touches(Machine before, Machine after) {
        // By identity: a primitive copies what it changes and keeps the rest, object for object.
        Set<String> t = new HashSet<>();
        for (int pfn = next(before.nextAllocatedPfn(0), after.nextAllocatedPfn(0)); pfn >= 0;
             pfn = next(before.nextAllocatedPfn(pfn + 1), after.nextAllocatedPfn(pfn + 1))) {
            if (before.pageOrNull(pfn) != after.pageOrNull(pfn)) {
                t.add("page " + pfn);
            }
            if (!before.pageAllocated(pfn)) {
                t.add("allocator");
            }
        }
        for (int mm = next(before.nextUsedMm(0), after.nextUsedMm(0)); mm >= 0;
             mm = next(before.nextUsedMm(mm + 1), after.nextUsedMm(mm + 1))) {
            if (before.usedMm(mm) != after.usedMm(mm)) {
                t.add("mm" + mm);
            }
        }
        if (!after.sameCallbacks(before)) {
            t.add("callbacks");
        }
        if (!after.sameReaders(before)) {
            t.add("readers");
        }
        for (int i = 0; i < after.tableCount(); i++) {
            if (i >= before.tableCount() || before.table(i) != after.table(i)) {
                t.add("t" + i);
            }
        }
        return t;
    }

    /** The lower of two numbers in use, -1 for none. */
    private static int next(int a, int b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private static boolean conflict(Alone a, Alone b) {
        for (String x : a.touches()) {
            if (b.touches().contains(x)) {
                return true;
            }
        }
        return false;
    }
}
