package io.github.ptcheck.sched;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.gen.SplitMix64;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.op.Slice;
import io.vavr.collection.Vector;

import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;

/**
 * Random schedules with PCT's guarantee (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A
 * Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010), on a window
 * of the sequence: two neighbouring operations that touch a common object when run one after the
 * other (drawn among such pairs; any pair if none does), and that the kernel can run at once
 * ({@link Overlap}). The operations before the window run whole, in order; the window's two get
 * random priorities from {@code d, d+1}, {@code d-1} change points are drawn among its {@code k}
 * steps; at each step the one with the higher priority runs, and at the i-th change point the
 * running one drops to {@code d-i}; then the rest of the sequence runs whole. For a race between
 * the two that needs {@code d-1} preemptions ({@code d} is the preemption bound plus one), one run
 * finds it with probability at least {@code 1/(2 k^(d-1))}; with k of 10 to 30 steps and one
 * preemption, one in 20 to 60 tries whose window holds the racing pair.
 *
 * <p>A window operation's steps are its scheduling points and its start (what its routine reads
 * before its first kernel call, it reads then). The run's turns are recorded as a
 * {@link Schedule}, so the outcome replays exactly.
 */
public final class Pct {

    private static final long STREAM = 0x5EC7_0A7E_D0F0_5EEDL;

    private final Executor executor;
    private final Interleaver interleaver;
    private final int preemptions;

    public Pct(Executor executor, int preemptions) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.interleaver = new Interleaver(executor);
        if (preemptions < 1 || preemptions > 2) {
            throw new IllegalArgumentException("preemptions must be 1 or 2, was " + preemptions);
        }
        this.preemptions = preemptions;
    }

    /** Windows tried per sequence at the most. */
    public static final int WINDOWS_PER_TRY = 8;

    /**
     * PCT runs of {@code ops}, one per window (up to {@link #WINDOWS_PER_TRY}, drawn among the
     * neighbouring pairs that touch a common object), their randomness drawn from
     * {@code (seed, tryIndex)}; untraced. The first run that breaks an invariant, with the
     * schedule it took (run again whole under it); else the sequential run.
     *
     * @throws StrategyFailure if the run again under that schedule does not break the invariant
     *                         the window's run broke: the strategy is not deterministic
     */
    public Outcome run(Vector<Op> ops, long seed, int tryIndex) {
        // A failure outside the windows' runs came in a plain run of (a prefix of) the sequence.
        return Watchdog.locatingIn(tryIndex, ops, Schedule.SEQUENTIAL, () -> runWatched(ops, seed, tryIndex));
    }

    private Outcome runWatched(Vector<Op> ops, long seed, int tryIndex) {
        SplitMix64 rng = SplitMix64.forTry(seed ^ STREAM, tryIndex);
        Machine[] states = states(ops);
        ArrayList<Integer> windows = windows(ops, states);
        for (int w = 0; w < WINDOWS_PER_TRY && !windows.isEmpty(); w++) {
            int j = windows.remove(rng.nextInt(windows.size()));
            Broken b = runWindow(ops, states, j, rng, tryIndex);
            if (b != null) {
                // Broke an invariant: the whole run, with its schedule, which must break it again.
                Outcome o = Watchdog.locatingIn(tryIndex, ops, b.schedule(), () -> interleaver.run(ops, b.schedule()));
                if (!o.violation().exists(v -> v.invariant() == b.violation().invariant())) {
                    throw StrategyFailure.nondeterministic(executor.name(), Outcomes.sequence(ops, b.schedule()),
                            b.violation().invariant() + " when PCT ran it", Outcomes.describe(
                            o.violation()) + " when run again under its schedule");
                }
                return o;
            }
        }
        return executor.run(ops);
    }

    /** The machine before each operation of the sequential run; null from a violation on. */
    private Machine[] states(Vector<Op> ops) {
        Machine[] states = new Machine[ops.size() + 1];
        Machine m = executor.boot();
        states[0] = m;
        for (int i = 0; i < ops.size(); i++) {
            Applied a = executor.apply(m, ops.get(i), i + 1);
            if (a.violated()) {
                break;
            }
            m = a.machine();
            states[i + 1] = m;
        }
        return states;
    }

    /**
     * PCT on the window {@code j, j+1} from the sequential run's state before it, then the rest
     * of the sequence whole, the teardown and the leak check: the whole run's schedule and what
     * it broke if it broke an invariant, else null.
     */
    private Broken runWindow(Vector<Op> ops, Machine[] states, int j, SplitMix64 rng, int tryIndex) {
        int d = preemptions + 1;
        Vector<Op> pair = ops.slice(j, j + 2);
        Interleaver.Burst alone = interleaver.runFrom(states[j], pair, Schedule.SEQUENTIAL, j + 1);
        int k = Math.max(1, 2 + alone.points()[0] + alone.points()[1]);
        int[] priority = new int[2];
        boolean firstHigher = rng.nextInt(2) == 0;
        priority[0] = firstHigher ? d + 1 : d;
        priority[1] = firstHigher ? d : d + 1;
        int[] change = new int[d - 1];
        for (int i = 0; i < change.length; i++) {
            change[i] = 1 + rng.nextInt(k);
        }
        Interleaver.Run run = interleaver.new Run(pair, Schedule.SEQUENTIAL, false, states[j], j);
        Chooser chooser = new Chooser(run, priority, change, d);
        // A failure in the window (thrown, or a call given up on): the turns that ran and the one it
        // failed in; the operations before the window run whole first, so they fail again.
        Violation v = Watchdog.locating(f -> f.locatedIn(tryIndex, ops.slice(0, j + 2), shifted(failing(run, chooser), j)),
                () -> run.runOps(chooser::next));
        Schedule shifted = shifted(run.ranSchedule().slices(), j);
        if (v != null) {
            return new Broken(shifted, v);
        }
        // After the window (or in the teardown): the operations up to the failing one, under its schedule.
        return Watchdog.locatingIn(tryIndex, ops, shifted, () -> rest(ops, j + 2, run.world, shifted));
    }

    /** The turns of a window's run so far, and the one given last if it has not ended (a strategy failed in it). */
    private static Vector<Slice> failing(Interleaver.Run run, Chooser chooser) {
        Vector<Slice> turns = run.ranSchedule().slices();
        return chooser.last == null || turns.lastOption().contains(chooser.last) ? turns : turns.append(chooser.last);
    }

    /** The operations from {@code i} on run whole from {@code m}, the teardown and the leak check: what broke, or null. */
    private Broken rest(Vector<Op> ops, int i, Machine m, Schedule shifted) {
        for (; i < ops.size(); i++) {
            Applied a = executor.apply(m, ops.get(i), i + 1);
            if (a.violated()) {
                return new Broken(shifted, a.violation());
            }
            m = a.machine();
        }
        Outcome end = executor.teardown(ops, m, ops.size(), false, Vector.empty(), 0, 0, shifted, Vector.empty());
        return end.violation().map(x -> new Broken(shifted, x)).getOrNull();
    }

    /** A window's turns as the whole sequence numbers its operations (the window's first is operation {@code j}). */
    private static Schedule shifted(Vector<Slice> turns, int j) {
        return new Schedule(turns.map(x -> new Slice(x.op() + j, x.steps())));
    }

    /** A window's run that broke an invariant: the whole run's schedule, and the violation. */
    private record Broken(Schedule schedule, Violation violation) {
    }

    /** The windows' first operations: neighbouring pairs that touch a common object and may overlap (else any that may). */
    private ArrayList<Integer> windows(Vector<Op> ops, Machine[] states) {
        ArrayList<Integer> touching = new ArrayList<>();
        ArrayList<Integer> allowed = new ArrayList<>();
        for (int i = 0; i + 1 < ops.size() && states[i + 2] != null; i++) {
            if (!Overlap.allowed(states[i], ops.get(i), ops.get(i + 1))) {
                continue;
            }
            allowed.add(i);
            Set<String> a = ScheduleExplorer.touches(states[i], states[i + 1]);
            Set<String> b = ScheduleExplorer.touches(states[i + 1], states[i + 2]);
            if (a.stream().anyMatch(b::contains)) {
                touching.add(i);
            }
        }
        return touching.isEmpty() ? allowed : touching;
    }

    /** PCT on a window of two operations. */
    private static final class Chooser {
        private final Interleaver.Run run;
        private final int[] priority;
        private final int[] change;
        private final boolean[] fired;
        private final int d;
        private int steps;
        /** The turn given last: the one a strategy that fails in a turn failed in. */
        Slice last;

        Chooser(Interleaver.Run run, int[] priority, int[] change, int d) {
            this.run = run;
            this.priority = priority;
            this.change = change;
            this.fired = new boolean[change.length];
            this.d = d;
        }

        Slice next() {
            Task[] tasks = run.tasks();
            int next = run.nextToStart();
            while (true) {
                Task best = null;
                for (Task t : tasks) {
                    boolean can = t.start == null ? next == t.index : run.runnable(t);
                    if (can && (best == null || priority[t.index] > priority[best.index])) {
                        best = t;
                    }
                }
                if (best == null) {
                    return null; // both ended (or both wait, which the run reported)
                }
                int step = steps + 1;
                boolean changed = false;
                for (int i = 0; i < change.length; i++) {
                    if (change[i] == step && !fired[i]) {
                        fired[i] = true;
                        priority[best.index] = d - 1 - i;
                        changed = true;
                    }
                }
                if (changed) {
                    continue; // the same step, to whichever has the higher priority now
                }
                steps = step;
                last = new Slice(best.index, best.start == null && Overlap.startsWithRead(best.op) ? 0 : 1);
                return last;
            }
        }
    }
}
