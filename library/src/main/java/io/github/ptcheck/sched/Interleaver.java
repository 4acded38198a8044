package io.github.ptcheck.sched;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.check.Turn;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Event;
import io.github.ptcheck.model.KernelCall;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.op.Slice;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.shrink.Probe;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.Iterator;
import java.util.Objects;

/**
 * Runs a sequence with its operations overlapping as a {@link Schedule} says: each operation on a
 * CPU of its own, every kernel primitive (and each of the executor's steps) a point where the CPU
 * may be preempted and another one run. A CPU that finds a spinlock taken waits, and the run goes
 * on with another; if every CPU in a routine waits, that is a deadlock ({@code LOCKDEP}). The
 * teardown and the leak check run after the last operation ended, as in every run.
 *
 * <p>Deterministic: the same sequence and schedule give the same outcome. The strategy must be a
 * pure function of the machine it is given (a routine is resumed by replaying it), which the
 * executor's own operations are.
 */
public final class Interleaver {

    private final Executor executor;

    public Interleaver(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public Executor executor() {
        return executor;
    }

    /** Runs {@code ops} under {@code schedule}, untraced. */
    public Outcome run(Seq<Op> ops, Schedule schedule) {
        return new Run(Vector.ofAll(ops), schedule, false, executor.boot(), 0).execute();
    }

    /** Runs {@code ops} under {@code schedule}, recording its turns and steps. */
    public Outcome trace(Seq<Op> ops, Schedule schedule) {
        return new Run(Vector.ofAll(ops), schedule, true, executor.boot(), 0).execute();
    }

    /**
     * Runs {@code ops} under {@code schedule}, untraced, noting what the shrinker reads: which
     * operations were skipped, what each that ended made and ran, and how many began.
     */
    public Probe probe(Vector<Op> ops, Schedule schedule) {
        Run r = new Run(ops, schedule, false, executor.boot(), 0);
        Outcome o = r.execute();
        int[] made = Edits.made(ops);
        java.util.List<Vector<Op>> plain = new java.util.ArrayList<>(java.util.Collections.nCopies(ops.size(), null));
        for (int i = 0; i < ops.size(); i++) {
            Vector<Op> p = r.plain[i];
            // An operation that has not ended (preempted when another broke the invariant) is
            // taken to make what it would: one table an alloc, as Edits.delete assumes.
            made[i] = r.skippedOps.get(i) ? 0 : p != null ? p.count(op -> op instanceof Op.Alloc) : made[i];
            plain.set(i, p);
        }
        boolean inOps = o.violation().isDefined() && !o.failedInTeardown();
        return new Probe(o.violation().map(Violation::invariant).getOrNull(), inOps ? r.next : ops.size(),
                r.skippedOps, made, plain);
    }

    /**
     * What some operations did from a state under a schedule, without a teardown: the violation,
     * or the machine they left (every routine ended, no lock held); and the scheduling points
     * each passed.
     *
     * @param violation the violation they hit, placed at its step
     * @param after     the machine after them (the start machine if one violated)
     * @param points    scheduling points passed, per operation
     */
    public record Burst(Option<Violation> violation, Machine after, int[] points) {
    }

    /**
     * Runs {@code ops} from {@code state} under {@code schedule}, untraced; their steps are
     * numbered from {@code firstStep} (the explorer's depth).
     */
    public Burst runFrom(Machine state, Vector<Op> ops, Schedule schedule, int firstStep) {
        Run r = new Run(ops, schedule, false, state, firstStep - 1);
        Violation v = r.runOps();
        int[] points = new int[r.tasks.length];
        for (int i = 0; i < points.length; i++) {
            points[i] = r.tasks[i].passed();
        }
        return new Burst(Option.of(v), v == null ? r.world : state, points);
    }

    /** One run's working state; the tasks see the machine through it. */
    final class Run {

        private final Vector<Op> ops;
        private final Schedule schedule;
        private final boolean tracing;
        private final Task[] tasks;
        /** The machine as it is now, without a CPU. */
        Machine world;
        private Vector<Turn> turns = Vector.empty();
        private List<Event> turnEvents = List.empty();
        private Task turnTask;
        private Step[] steps;
        private int next;
        /** The turns as they ran: a schedule that runs the same again. */
        private Vector<Slice> ran = Vector.empty();
        private int executed;
        private int skipped;
        private final Machine initial;
        /** Added to an operation's index + 1 to give its step number. */
        private final int stepBase;
        /** The operations that were skipped, and what each page-wide one that ended ran ({@link Probe}). */
        final java.util.BitSet skippedOps = new java.util.BitSet();
        final Vector<Op>[] plain;

        Run(Vector<Op> ops, Schedule schedule, boolean tracing, Machine initial, int stepBase) {
            if (ops.contains(null)) {
                throw new IllegalArgumentException("ops must not contain null (at index " + ops.indexOf(null) + ")");
            }
            this.ops = ops;
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            this.tracing = tracing;
            this.tasks = new Task[ops.size()];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = new Task(i, ops.get(i), this);
            }
            this.steps = new Step[ops.size()];
            @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type is made raw
            Vector<Op>[] ran = new Vector[ops.size()];
            this.plain = ran;
            this.initial = initial;
            this.stepBase = stepBase;
        }

        /**
         * The failure for task {@code t}'s routine making another call ({@code again}) at its
         * scheduling point {@code point} when resumed than it made there ({@code first}) when it
         * first ran, from the same machine: the first call that differs.
         */
        StrategyFailure diverged(Task t, int point, KernelCall first, KernelCall again) {
            int step = stepBase + t.index + 1;
            return StrategyFailure.nondeterministic(executor.name(), "step " + step + " (" + t.op + ") of "
                    + Outcomes.sequence(ops, schedule), "kernel call " + (point + 1) + " of step " + step
                    + ", the first that differs, was " + first + " when it first ran", again + " when it was run again"
                    + " from the machine it started on, to resume it");
        }

        /** What a task's turn did, in time order. */
        void record(Task t, List<Event> events) {
            if (tracing && !events.isEmpty()) {
                turnEvents = turnEvents.appendAll(events);
            }
        }

        Outcome execute() {
            Violation v = runOps();
            if (v != null) {
                return new Outcome(executor.preset(), executor.strategy().name(), ops, Option.of(v), stepsSoFar(),
                        executed, skipped, schedule, turns);
            }
            return executor.teardown(ops, world, ops.size(), tracing, stepsSoFar(), executed, skipped, schedule, turns);
        }

        /** Runs every operation to its end as the schedule says; the first violation, or null. */
        Violation runOps() {
            Iterator<Slice> plan = schedule.slices().iterator();
            return runOps(() -> plan.hasNext() ? plan.next() : defaultTurn());
        }

        /** Runs every operation to its end, each turn the one {@code chooser} gives; the first violation, or null. */
        Violation runOps(java.util.function.Supplier<Slice> chooser) {
            world = initial.tracing(tracing);
            while (true) {
                Slice s = chooser.get();
                if (s == null) {
                    break;
                }
                if (s.op() >= tasks.length || tasks[s.op()].done) {
                    continue; // a turn for an operation that ended, or that the sequence does not have
                }
                while (s.op() > next) {
                    // The operations before it that have not started run whole first, in order.
                    Violation v = start(tasks[next], Integer.MAX_VALUE);
                    if (v == null) {
                        v = deadlock();
                    }
                    if (v != null) {
                        return v;
                    }
                }
                Task t = tasks[s.op()];
                if (t.waitingFor != null && world.locks().containsKey(t.waitingFor)) {
                    continue; // still spinning
                }
                Violation v = start(t, s.toTheEnd() ? Integer.MAX_VALUE : s.steps());
                if (v == null) {
                    v = deadlock();
                }
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        /** A turn of {@code t}, which starts now if it has not started. */
        private Violation start(Task t, int steps) {
            if (t.start == null) {
                t.start = world;
                next++;
            }
            return turn(t, steps);
        }

        /** The turns that ran, consecutive turns of one operation merged: replays this run exactly. */
        Schedule ranSchedule() {
            return new Schedule(ran).normalized();
        }

        Task[] tasks() {
            return tasks;
        }

        int nextToStart() {
            return next;
        }

        /** Whether {@code t} started, has not ended, and is not spinning on a lock that is still taken. */
        boolean runnable(Task t) {
            return t.start != null && !t.done && (t.waitingFor == null || !world.locks().containsKey(t.waitingFor));
        }

        /** After the schedule's turns: the earliest started operation that can go on, else the next to start. */
        private Slice defaultTurn() {
            for (Task t : tasks) {
                if (t.start != null && !t.done && (t.waitingFor == null || !world.locks().containsKey(t.waitingFor))) {
                    return new Slice(t.index, Slice.TO_THE_END);
                }
            }
            return next < tasks.length ? new Slice(next, Slice.TO_THE_END) : null;
        }

        /** Runs task {@code t} for at most {@code steps} points; the violation it hit, or null. */
        private Violation turn(Task t, int steps) {
            int passedBefore = t.passed();
            Violation v = turnOf(t, steps);
            ran = ran.append(t.done ? new Slice(t.index, Slice.TO_THE_END) : new Slice(t.index, t.passed() - passedBefore));
            return v;
        }

        private Violation turnOf(Task t, int steps) {
            turnTask = t;
            turnEvents = List.empty();
            t.waitingFor = null;
            String end = "";
            Violation v = null;
            try {
                Applied a = executor.apply(t.beginTurn(steps), t.op, stepBase + t.index + 1);
                t.done = true;
                if (a.violated()) {
                    v = a.violation();
                    turnEvents = turnEvents.appendAll(v.events());
                } else if (a.wasSkipped()) {
                    skipped++;
                    skippedOps.set(t.index);
                } else {
                    executed++;
                    plain[t.index] = a.plain();
                }
                if (tracing) {
                    steps(t, a);
                }
            } catch (Preempted p) {
                end = "preempted";
            } catch (Locks.LockWait w) {
                t.waitingFor = w.lock();
                end = "waits for " + w.lock() + " (step " + w.holder() + " holds it)";
            }
            if (tracing) {
                turns = turns.append(new Turn(stepBase + t.index + 1, turnEvents, end));
            }
            return v;
        }

        /** The step a traced run shows for an operation that ended: its events over all its turns. */
        private void steps(Task t, Applied a) {
            List<Event> all = turns.filter(x -> x.step() == stepBase + t.index + 1).flatMap(Turn::events).toList()
                    .appendAll(turnEvents);
            Step s = Executor.stepOf(stepBase + t.index + 1, t.op, false, a);
            // A step that broke an invariant keeps the machine as the CPUs had left it then, not as it
            // was when the step began: the other CPU's work in between is what the violation is about.
            Machine after = a.violated() ? world : a.machine().scheduledBy(null);
            steps[t.index] = new Step(s.number(), s.op(), false, s.skipped(), all, after, s.violation());
        }

        private Vector<Step> stepsSoFar() {
            return Vector.of(steps).filter(Objects::nonNull);
        }

        /** Every started operation that has not ended waits for a lock another of them holds. */
        private Violation deadlock() {
            Vector<Task> open = Vector.of(tasks).filter(t -> t.start != null && !t.done);
            if (open.isEmpty() || !open.forAll(t -> t.waitingFor != null && world.locks().containsKey(t.waitingFor))) {
                return null;
            }
            Task first = open.head();
            String waits = open.map(t -> "step " + (stepBase + t.index + 1) + " waits for " + t.waitingFor + " (held by step "
                    + world.locks().get(t.waitingFor).get() + ")").mkString("; ");
            return new Violation(Invariant.LOCKDEP, stepBase + first.index + 1, -1, first.waitingFor, "held",
                    "spinning", "deadlock: every CPU in a routine waits: " + waits, List.empty());
        }
    }
}
