package io.github.ptcheck.shrink;

import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Vector;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Shrinks a sequence that breaks an invariant to a short one that breaks the same invariant,
 * working on the sequence itself (after Hypothesis: a few simple passes, repeated until none
 * helps, beat one clever pass):
 * <ol>
 * <li>cut what follows the violating operation;</li>
 * <li>drop the operations that were skipped (their precondition did not hold, so they did
 *     nothing);</li>
 * <li>delete chunks, halves first, down to single operations; deleting an {@code alloc}
 *     renumbers the later table references so they keep naming the same tables
 *     ({@link Edits#delete}), and plain deletion is tried too;</li>
 * <li>simplify arguments: lower CPU, mm and table numbers and {@code runCallback} indices, one
 *     operation at a time, then whole CPUs and mms merged into or renamed to lower ones (and, in a
 *     sequence with a {@code fill} or {@code freeTlbSiblings}, whole tables);</li>
 * <li>a {@code fill} or {@code freeTlbSiblings} narrowed to the first few operations it ran;</li>
 * <li>exchange neighbours where the simpler operation then comes first, so that the same bug
 *     gives the same counterexample whichever order the generator found it in.</li>
 * </ol>
 * The third to the sixth are {@link Passes}, and the first two edits are {@link Edits}: the
 * interleaved shrinker ({@code io.github.ptcheck.sched.ScheduleShrinker}) makes all six too,
 * carrying its schedule along.
 * Each accepted candidate is simpler in {@link Edits#compare}'s order and breaks the same
 * {@link Invariant}, so shrinking ends. Table names stay dense throughout: skipped operations
 * are dropped and deletions renumber. Then the result is checked 1-minimal: deleting any single
 * operation (plainly, and renumbered) loses the violation; {@link Minimality#ONE_MINIMAL} says
 * that check passed.
 *
 * <p>The same passes serve a property of your own: {@link #shrink(Vector, Predicate)} keeps
 * whatever a predicate calls failing (the JUnit extension shrinks a failing
 * {@code @PtcheckProperty} body that way), instead of a broken invariant.
 *
 * <p>Candidates run untraced ({@link Executor#apply}, the same semantics as
 * {@link Executor#run}); only the result is traced. A time limit bounds the whole shrink; a
 * result it cut short is {@link Minimality#PARTIAL} (it still breaks the same invariant).
 */
public final class Shrinker {

    private final Executor executor;
    private final long limitNanos;

    /**
     * @param executor  runs candidates: the strategy and preset that broke the invariant
     * @param timeLimit how long a shrink may take; {@link Duration#ZERO} shrinks nothing
     */
    public Shrinker(Executor executor, Duration timeLimit) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        Objects.requireNonNull(timeLimit, "timeLimit must not be null");
        if (timeLimit.isNegative()) {
            throw new IllegalArgumentException("timeLimit must be >= 0, was " + timeLimit);
        }
        this.limitNanos = timeLimit.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeLimit.toNanos();
    }

    /** Shrinks {@code ops}, keeping whichever invariant it breaks. */
    public Shrunk shrink(Vector<Op> ops) {
        Objects.requireNonNull(ops, "ops must not be null");
        return watched(() -> {
            Probe p = replay(ops);
            if (p.invariant() == null) {
                throw new IllegalArgumentException("the sequence breaks no invariant, so there is nothing to shrink: "
                        + Outcomes.sequence(ops));
            }
            return shrink(ops, p.invariant());
        });
    }

    /**
     * Shrinks {@code ops}, which must break {@code invariant}, keeping that invariant.
     *
     * @throws io.github.ptcheck.check.StrategyFailure if the strategy throws on a candidate, or if
     *                                                 {@code ops} does not break {@code invariant} when
     *                                                 replayed (the caller saw it break it: the strategy is
     *                                                 not deterministic)
     */
    public Shrunk shrink(Vector<Op> ops, Invariant invariant) {
        Objects.requireNonNull(ops, "ops must not be null");
        Objects.requireNonNull(invariant, "invariant must not be null");
        return watched(() -> {
            Probe first = replay(ops);
            Deterministic.requireBrokenAgain(executor, Outcomes.sequence(ops), invariant, first.invariant());
            java.util.LinkedHashMap<Invariant, Vector<Op>> met = new java.util.LinkedHashMap<>();
            int perPage = executor.preset().tablesPerPage();
            Shrunk s = new Session(ops, first, cand -> {
                Probe p = replay(cand);
                if (p.invariant() != null && p.invariant() != invariant) {
                    met.merge(p.invariant(), cand, (had, now) -> Edits.compare(now, had, perPage) < 0 ? now : had);
                }
                return p.invariant() == invariant ? p : null;
            }).run();
            Deterministic.requireTracedAlike(executor, Outcomes.sequence(s.ops()), invariant, s.trace(),
                    () -> Watchdog.locatingIn(-1, s.ops(), Schedule.SEQUENTIAL, () -> executor.run(s.ops())));
            return s.alsoBreaking(Vector.ofAll(met.entrySet()).map(e -> new Shrunk.Met(e.getKey(), e.getValue(),
                    Schedule.SEQUENTIAL)));
        });
    }

    /**
     * Runs on a {@link Watchdog} worker, under the caller's call timeout when the caller's check
     * is already on one (inline), else the default.
     */
    private static Shrunk watched(Watchdog.Task<Shrunk, RuntimeException> task) {
        return Watchdog.run(null, null, null, task);
    }

    /**
     * Shrinks {@code ops} keeping {@code stillFails} true: the same passes as for an invariant,
     * but a candidate is taken when the predicate holds for it (and it is simpler), whatever the
     * model says of it. So a property of your own (an assertion over the sequence or its run)
     * shrinks as a broken invariant does. The result is 1-minimal for the predicate: deleting any
     * single operation makes it false.
     *
     * <p>The predicate should be deterministic; it is called once per candidate, never on a
     * sequence longer than {@code ops}. Candidates are also run on the model (untraced) to learn
     * which operations were skipped, so a {@link io.github.ptcheck.check.StrategyFailure} may come
     * from either.
     *
     * @param ops        a sequence for which {@code stillFails} holds
     * @param stillFails whether a candidate still shows the failure being shrunk
     * @throws IllegalArgumentException if {@code stillFails} does not hold for {@code ops}
     */
    public Shrunk shrink(Vector<Op> ops, Predicate<? super Vector<Op>> stillFails) {
        Objects.requireNonNull(ops, "ops must not be null");
        Objects.requireNonNull(stillFails, "stillFails must not be null");
        // The sequence given runs as a candidate does, under the same locator: a failure in its run
        // carries it as a candidate's carries the candidate.
        Goal goal = cand -> Watchdog.locatingIn(-1, cand, Schedule.SEQUENTIAL,
                () -> stillFails.test(cand) ? replay(cand) : null);
        return watched(() -> {
            Probe first = goal.test(ops);
            if (first == null) {
                throw new IllegalArgumentException("the predicate does not hold for the sequence, so there is nothing"
                        + " to shrink: " + Outcomes.sequence(ops));
            }
            return new Session(ops, first, goal).run();
        });
    }

    /** What a shrink keeps: the probe of a candidate that still fails, or null. */
    @FunctionalInterface
    private interface Goal {
        Probe test(Vector<Op> candidate);
    }

    /** One shrink: the simplest sequence so far and what its replay found. */
    private final class Session {
        private final Goal goal;
        private final long start = System.nanoTime();
        private int attempts;
        private int improvements;
        private Vector<Op> current;
        private Probe cur;

        /** @param first the replay of {@code ops}, which {@code goal} keeps */
        Session(Vector<Op> ops, Probe first, Goal goal) {
            this.goal = goal;
            this.current = ops;
            this.cur = first;
            this.attempts = 1;
        }

        Shrunk run() {
            boolean partial = false;
            try {
                do {
                    boolean changed = true;
                    while (changed) {
                        changed = trimAfterViolation() | dropSkipped() | deleteChunks() | narrowPageWide()
                                | simplifyArguments() | sortAdjacent();
                    }
                } while (!confirmOneMinimal());
            } catch (OutOfTime e) {
                partial = true;
            }
            Vector<Op> shrunk = current;
            Outcome trace = Watchdog.locatingIn(-1, shrunk, Schedule.SEQUENTIAL, () -> executor.trace(shrunk));
            return new Shrunk(shrunk, trace, partial ? Minimality.PARTIAL : Minimality.ONE_MINIMAL, attempts,
                    improvements);
        }

        // -------------------------------------------------------------- passes

        private boolean trimAfterViolation() {
            return cur.started() < current.size() && consider(current.take(cur.started()));
        }

        private boolean dropSkipped() {
            return !cur.skipped().isEmpty() && consider(Edits.without(current, cur.skipped()));
        }

        private boolean deleteChunks() {
            return Passes.deleteChunks(() -> current, (from, count, renumber) -> consider(renumber
                    ? Edits.delete(current, from, count, cur.made()) : Edits.cut(current, from, count)));
        }

        private boolean narrowPageWide() {
            return Passes.narrowPageWide(() -> current, i -> cur.plain().get(i),
                    (at, by) -> consider(Edits.replace(current, at, 1, by, cur.made())));
        }

        private boolean simplifyArguments() {
            return Passes.simplifyArguments(() -> current, this::consider);
        }

        private boolean sortAdjacent() {
            return Passes.swapNeighbours(() -> current, i -> consider(Edits.swap(current, i)));
        }

        /** Whether no single deletion keeps the violation; if one does, it is taken and the passes run again. */
        private boolean confirmOneMinimal() {
            for (int i = 0; i < current.size(); i++) {
                if (consider(current.removeAt(i))
                        || (current.get(i).kind().allocates() && consider(Edits.delete(current, i, 1, cur.made())))) {
                    return false;
                }
            }
            return true;
        }

        /** Takes {@code cand} if it is simpler than the current sequence and still fails as the goal says. */
        private boolean consider(Vector<Op> cand) {
            if (Edits.compare(cand, current, executor.preset().tablesPerPage()) >= 0) {
                return false;
            }
            if (System.nanoTime() - start >= limitNanos) {
                throw OutOfTime.INSTANCE;
            }
            attempts++;
            Probe p = goal.test(cand);
            if (p == null) {
                return false;
            }
            current = cand;
            cur = p;
            improvements++;
            return true;
        }
    }

    // ------------------------------------------------------------------ replay

    /** {@code fill}s and {@code freeTlbSiblings} narrowed to this many of their operations at the most. */
    static final int NARROWED = 16;

    /**
     * Runs a candidate as {@link Executor#run} does, noting what the passes read. A strategy that
     * fails in it (throws, loops) fails with these operations.
     */
    private Probe replay(Vector<Op> ops) {
        return Watchdog.locatingIn(-1, ops, Schedule.SEQUENTIAL, () -> Probe.sequential(executor, ops));
    }

    /** The time limit has passed: unwinds the passes, keeping the simplest sequence so far. */
    private static final class OutOfTime extends RuntimeException {
        static final OutOfTime INSTANCE = new OutOfTime();

        private OutOfTime() {
            super("shrink time limit", null, false, false);
        }
    }
}
