package io.github.ptcheck.sched;

import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.op.Slice;
import io.github.ptcheck.shrink.Deterministic;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.shrink.Passes;
import io.github.ptcheck.shrink.Probe;
import io.github.ptcheck.shrink.Shrunk;
import io.vavr.collection.Vector;

import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;

/**
 * Shrinks an interleaved counterexample, operations and schedule together, to one that breaks the
 * same invariant and from which no single operation, turn or step can be taken. Each round, until
 * none helps:
 * <ol>
 * <li>fewer preemptions: turns are deleted (last first), and a turn that stops an operation early
 *     is tried whole;</li>
 * <li>then the plain {@link io.github.ptcheck.shrink.Shrinker}'s passes, in its order, each edit
 *     carrying the schedule along so that every turn left names the operation it named: cut the
 *     operations that never began (an operation broke the invariant first); drop the skipped
 *     ones (their turns go with them); delete chunks, halves first, down to single operations
 *     ({@link Passes#deleteChunks}); narrow a {@code fill} or {@code freeTlbSiblings} to the first
 *     few operations it ran ({@link Passes#narrowPageWide}: the turns of the page-wide operation
 *     go to the last of them, with their steps); lower arguments ({@link Passes#simplifyArguments}:
 *     the operations stay where they were, and so does the schedule); exchange neighbours where
 *     the simpler one then comes first ({@link Passes#swapNeighbours}: first with each operation
 *     keeping its turns, then with the turns staying at their positions, which exchanges the roles
 *     of the two in the race);</li>
 * <li>fewer steps before each preemption.</li>
 * </ol>
 * What each pass reads of a run (skipped operations, what a {@code fill} ran) comes from the
 * interleaved run of the current candidate under its schedule ({@link Interleaver#probe}), or
 * its plain run when the schedule is sequential. So the result is 1-minimal under the same edits
 * as a plain counterexample, and {@link Minimality#ONE_MINIMAL} says so; bounded by time, a
 * result cut short is {@link Minimality#PARTIAL}. Same input, same candidates in the same order,
 * same result.
 */
public final class ScheduleShrinker {

    private final Executor executor;
    private final Interleaver interleaver;
    private final long limitNanos;
    private int attempts;
    private int improvements;
    /** The other invariants candidates broke, each with the first candidate that did, in the order met. */
    private final java.util.LinkedHashMap<Invariant, Shrunk.Met> met = new java.util.LinkedHashMap<>();

    // The shrink under way: what it keeps, when it must stop, and the simplest candidate so far.
    private Invariant invariant;
    private long deadline;
    private boolean cut;
    private Vector<Op> ops;
    private Schedule schedule;
    /** What the run of {@code ops} under {@code schedule} told. */
    private Probe cur;

    public ScheduleShrinker(Executor executor, Duration timeLimit) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.interleaver = new Interleaver(executor);
        this.limitNanos = Objects.requireNonNull(timeLimit, "timeLimit").toNanos();
    }

    /**
     * What the shrink made of {@code ops} under {@code schedule}, which break {@code invariant};
     * with the other invariants its candidates broke ({@link Shrunk#alsoBroken}). It runs under
     * the {@link Watchdog} as the plain shrinker does: inline under the caller's call timeout
     * when the caller is already watched (a check), else on a worker under the default one.
     *
     * @throws StrategyFailure if the strategy throws or loops on a candidate, or gives another
     *                         result for the same operations and schedule: {@code ops} do not break
     *                         {@code invariant} when run here, or the traced run of the result does not
     *                         ({@link Deterministic})
     */
    public Shrunk shrink(Vector<Op> ops, Schedule schedule, Invariant invariant) {
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(schedule, "schedule");
        return Watchdog.run(null, null, null, () -> shrinkWatched(ops, schedule, invariant));
    }

    private Shrunk shrinkWatched(Vector<Op> ops, Schedule schedule, Invariant invariant) {
        met.clear();
        this.invariant = invariant;
        this.deadline = System.nanoTime() + limitNanos;
        this.cut = false;
        this.ops = ops;
        this.schedule = schedule;
        this.cur = probe(ops, schedule);
        attempts++;
        Deterministic.requireBrokenAgain(executor, Outcomes.sequence(ops, schedule), invariant, cur.invariant());
        boolean changed = true;
        while (changed && !cut) {
            changed = fewerPreemptions() | trimNeverStarted() | dropSkipped() | fewerOperations() | narrowPageWide()
                    | simplerArguments() | swapNeighbours() | fewerSteps();
        }
        Schedule best = this.schedule.normalized();
        Vector<Op> shrunk = this.ops;
        Outcome trace = Watchdog.locatingIn(-1, shrunk, best, () -> interleaver.trace(shrunk, best));
        Deterministic.requireTracedAlike(executor, Outcomes.sequence(shrunk, best), invariant, trace,
                () -> Watchdog.locatingIn(-1, shrunk, best, () -> interleaver.run(shrunk, best)));
        return new Shrunk(shrunk, trace, cut ? Minimality.PARTIAL : Minimality.ONE_MINIMAL, attempts, improvements,
                Vector.ofAll(met.values()));
    }

    /** A turn that stops its operation early runs it to the end, or goes. */
    private boolean fewerPreemptions() {
        boolean any = false;
        for (int i = schedule.slices().size() - 1; i >= 0; i--) {
            if (keep(ops, new Schedule(schedule.slices().removeAt(i)))) {
                any = true;
                continue;
            }
            Slice s = schedule.slices().get(i);
            any |= !s.toTheEnd() && keep(ops, new Schedule(schedule.slices().update(i, new Slice(s.op(), Slice.TO_THE_END))));
        }
        return any;
    }

    /** The operations after the last that began: an earlier one broke the invariant, so they never ran. */
    private boolean trimNeverStarted() {
        int n = cur.started();
        return n < ops.size() && consider(ops.take(n), schedule.renumbered(op -> op < n ? op : -1));
    }

    private boolean dropSkipped() {
        return !cur.skipped().isEmpty() && consider(Edits.without(ops, cur.skipped()), schedule.without(cur.skipped()));
    }

    private boolean fewerOperations() {
        return Passes.deleteChunks(() -> ops, (from, count, renumber) -> {
            if (renumber) {
                return consider(Edits.delete(ops, from, count, cur.made()),
                        schedule.without(Edits.deleted(ops, from, count, cur.made())));
            }
            BitSet chunk = new BitSet();
            chunk.set(from, from + count);
            return consider(Edits.cut(ops, from, count), schedule.without(chunk));
        });
    }

    /**
     * Operation {@code at} replaced by the {@code by.size()} operations {@code by}: its turns go to
     * the last of them (the point a page-wide operation was preempted at is most likely in its last
     * allocation), the later operations move along, and those {@link Edits#replace} drops lose
     * their turns.
     */
    private boolean narrowPageWide() {
        return Passes.narrowPageWide(() -> ops, i -> cur.plain().get(i), (at, by) -> {
            BitSet dropped = Edits.dropped(ops, at, 1, by, cur.made());
            int grown = by.size() - 1;
            return consider(Edits.replace(ops, at, 1, by, cur.made()), schedule.renumbered(op -> op < at ? op
                    : op == at ? at + grown : dropped.get(op) ? -1 : op + grown - dropped.get(at, op).cardinality()));
        });
    }

    private boolean simplerArguments() {
        return Passes.simplifyArguments(() -> ops, cand -> consider(cand, schedule));
    }

    /** Each neighbour exchange that is simpler: the turns following the operations, else staying where they are. */
    private boolean swapNeighbours() {
        return Passes.swapNeighbours(() -> ops, i -> {
            Vector<Op> swapped = Edits.swap(ops, i);
            return consider(swapped, schedule.renumbered(op -> op == i ? i + 1 : op == i + 1 ? i : op))
                    || consider(swapped, schedule);
        });
    }

    private boolean fewerSteps() {
        boolean any = false;
        for (int i = 0; i < schedule.slices().size(); i++) {
            Slice s = schedule.slices().get(i);
            any |= !s.toTheEnd() && s.steps() > 0
                    && keep(ops, new Schedule(schedule.slices().update(i, new Slice(s.op(), s.steps() - 1))));
        }
        return any;
    }

    /**
     * Keeps {@code cand} under {@code s} if its operations are simpler than the current ones (in
     * the plain shrinker's order) and it still breaks the invariant. Without the first test an
     * edit that changes nothing (a CPU merged that no operation names any longer) would be kept
     * each round, and the shrink would not end.
     */
    private boolean consider(Vector<Op> cand, Schedule s) {
        return Edits.compare(cand, ops, executor.preset().tablesPerPage()) < 0 && keep(cand, s);
    }

    /** Takes {@code cand} under {@code s} as the current candidate if it breaks the invariant (and time is left). */
    private boolean keep(Vector<Op> cand, Schedule s) {
        if (cut || System.nanoTime() > deadline) {
            cut = true;
            return false;
        }
        if (!breaks(cand, s)) {
            return false;
        }
        ops = cand;
        schedule = s;
        return true;
    }

    private boolean breaks(Vector<Op> cand, Schedule s) {
        attempts++;
        Probe p = probe(cand, s);
        if (p.invariant() != null && p.invariant() != invariant) {
            met.putIfAbsent(p.invariant(), new Shrunk.Met(p.invariant(), cand, s));
        }
        if (p.invariant() != invariant) {
            return false;
        }
        improvements++;
        cur = p;
        return true;
    }

    /**
     * The run of {@code cand} under {@code s}: plain when {@code s} is sequential, as the try that
     * found it ran. A strategy that fails in it (throws, loops) fails with them.
     */
    private Probe probe(Vector<Op> cand, Schedule s) {
        return Watchdog.locatingIn(-1, cand, s, () -> s.sequential() ? Probe.sequential(executor, cand)
                : interleaver.probe(cand, s));
    }
}
