package io.github.ptcheck.sched;

import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.op.Slice;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.shrink.Shrunk;
import io.vavr.collection.Vector;

import java.time.Duration;
import java.util.Objects;

/**
 * Shrinks an interleaved counterexample, operations and schedule together, to one that breaks the
 * same invariant and from which no single operation, turn or step can be taken: fewest
 * preemptions first (turns are deleted before operations, and a turn that stops an operation
 * early is tried whole), then operations (deleting an {@code alloc} renumbers later tables, and
 * the schedule's turns follow the operations they name), then each turn's steps lowered. Repeated
 * until nothing helps; bounded by time, a result cut short says so.
 */
public final class ScheduleShrinker {

    private final Executor executor;
    private final Interleaver interleaver;
    private final long limitNanos;
    private int attempts;
    private int improvements;
    /** The other invariants candidates broke, each with the first candidate that did, in the order met. */
    private final java.util.LinkedHashMap<Invariant, Shrunk.Met> met = new java.util.LinkedHashMap<>();

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
        long deadline = System.nanoTime() + limitNanos;
        Vector<Op> bestOps = ops;
        Schedule best = schedule;
        boolean changed = true;
        boolean cut = false;
        while (changed) {
            changed = false;
            // Fewer preemptions: a turn that stops its operation early runs it to the end, or goes.
            for (int i = best.slices().size() - 1; i >= 0; i--) {
                if (System.nanoTime() > deadline) {
                    cut = true;
                    break;
                }
                Schedule without = new Schedule(best.slices().removeAt(i));
                if (breaks(bestOps, without, invariant)) {
                    best = without;
                    changed = true;
                    continue;
                }
                Slice s = best.slices().get(i);
                if (!s.toTheEnd()) {
                    Schedule whole = new Schedule(best.slices().update(i, new Slice(s.op(), Slice.TO_THE_END)));
                    if (breaks(bestOps, whole, invariant)) {
                        best = whole;
                        changed = true;
                    }
                }
            }
            // Fewer operations.
            for (int i = bestOps.size() - 1; i >= 0 && !cut; i--) {
                if (System.nanoTime() > deadline) {
                    cut = true;
                    break;
                }
                Vector<Op> fewer = Edits.delete(bestOps, i, 1);
                Schedule follows = best.withoutOp(i);
                if (breaks(fewer, follows, invariant)) {
                    bestOps = fewer;
                    best = follows;
                    changed = true;
                }
            }
            // Lower mm and CPU numbers, as the sequential shrinker does.
            for (int pass = 0; pass < 2 && !cut; pass++) {
                boolean mms = pass == 0;
                for (int from : io.vavr.collection.TreeSet.ofAll(bestOps.map(op -> mms ? op.mm() : op.cpu()))
                        .filter(x -> x > 0)) {
                    for (int to = 0; to < from; to++) {
                        Vector<Op> lower = mms ? Edits.mapMm(bestOps, from, to) : Edits.mapCpu(bestOps, from, to);
                        if (breaks(lower, best, invariant)) {
                            bestOps = lower;
                            changed = true;
                            break;
                        }
                    }
                }
            }
            // Fewer steps before a preemption.
            for (int i = 0; i < best.slices().size() && !cut; i++) {
                Slice s = best.slices().get(i);
                if (!s.toTheEnd() && s.steps() > 0) {
                    Schedule lower = new Schedule(best.slices().update(i, new Slice(s.op(), s.steps() - 1)));
                    if (breaks(bestOps, lower, invariant)) {
                        best = lower;
                        changed = true;
                    }
                }
            }
            if (cut) {
                break;
            }
        }
        best = best.normalized();
        Outcome trace = interleaver.trace(bestOps, best);
        return new Shrunk(bestOps, trace, cut ? Minimality.PARTIAL : Minimality.ONE_MINIMAL, attempts, improvements,
                Vector.ofAll(met.values()));
    }

    private boolean breaks(Vector<Op> ops, Schedule s, Invariant invariant) {
        attempts++;
        Outcome o = s.sequential() ? executor.run(ops) : interleaver.run(ops, s);
        o.violation().filter(v -> v.invariant() != invariant)
                .forEach(v -> met.putIfAbsent(v.invariant(), new Shrunk.Met(v.invariant(), ops, s)));
        boolean same = o.violation().map(v -> v.invariant() == invariant).getOrElse(false);
        if (same) {
            improvements++;
        }
        return same;
    }
}
