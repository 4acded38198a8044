package io.github.ptcheck.sched;

import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.op.Slice;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.shrink.Passes;
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
 * <li>fewer operations: chunks deleted, halves first, down to single operations
 *     ({@link Passes#deleteChunks}, as the plain {@link io.github.ptcheck.shrink.Shrinker} does);
 *     the schedule drops the turns of the deleted operations and renumbers the others, so that
 *     every turn left names the operation it named;</li>
 * <li>lower arguments ({@link Passes#simplifyArguments}): the operations stay where they were,
 *     so the schedule stays as it is;</li>
 * <li>fewer steps before each preemption.</li>
 * </ol>
 * The plain shrinker's other passes are left out: they need what a plain run tells (which
 * operations were skipped, what a {@code fill} ran) or move operations, which changes what the
 * schedule's turns mean. Bounded by time; a result cut short says so.
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

    public ScheduleShrinker(Executor executor, Duration timeLimit) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.interleaver = new Interleaver(executor);
        this.limitNanos = Objects.requireNonNull(timeLimit, "timeLimit").toNanos();
    }

    /**
     * What the shrink made of {@code ops} under {@code schedule}, which break {@code invariant};
     * with the other invariants its candidates broke ({@link Shrunk#alsoBroken}).
     */
    public Shrunk shrink(Vector<Op> ops, Schedule schedule, Invariant invariant) {
        met.clear();
        this.invariant = Objects.requireNonNull(invariant, "invariant");
        this.deadline = System.nanoTime() + limitNanos;
        this.cut = false;
        this.ops = Objects.requireNonNull(ops, "ops");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        boolean changed = true;
        while (changed && !cut) {
            changed = fewerPreemptions() | fewerOperations() | simplerArguments() | fewerSteps();
        }
        Schedule best = this.schedule.normalized();
        Outcome trace = interleaver.trace(this.ops, best);
        return new Shrunk(this.ops, trace, cut ? Minimality.PARTIAL : Minimality.ONE_MINIMAL, attempts, improvements,
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

    private boolean fewerOperations() {
        return Passes.deleteChunks(() -> ops, (from, count, renumber) -> {
            if (renumber) {
                return consider(Edits.delete(ops, from, count), schedule.without(Edits.deleted(ops, from, count)));
            }
            BitSet chunk = new BitSet();
            chunk.set(from, from + count);
            return consider(Edits.cut(ops, from, count), schedule.without(chunk));
        });
    }

    private boolean simplerArguments() {
        return Passes.simplifyArguments(() -> ops, cand -> consider(cand, schedule));
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
        Outcome o = s.sequential() ? executor.run(cand) : interleaver.run(cand, s);
        o.violation().filter(v -> v.invariant() != invariant)
                .forEach(v -> met.putIfAbsent(v.invariant(), new Shrunk.Met(v.invariant(), cand, s)));
        boolean same = o.violation().map(v -> v.invariant() == invariant).getOrElse(false);
        if (same) {
            improvements++;
        }
        return same;
    }
}
