package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.gen.Generator;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.gen.Walk;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.sched.Interleaver;
import io.github.ptcheck.sched.Pct;
import io.github.ptcheck.sched.ScheduleShrinker;
import io.github.ptcheck.shrink.Shrinker;
import io.github.ptcheck.shrink.Shrunk;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks one {@link Cell} with random sequences: try after try, each generated while the model
 * runs (one run per try, untraced), then the teardown and the leak check. A try that breaks an
 * invariant is shrunk ({@link Shrinker}) to a short sequence, traced once; every other invariant
 * the shrinker meets on the way is shrunk too, against itself ({@link CellReport#otherFindings}).
 * After the first failing try the check goes on for a while, as Hypothesis does to report
 * distinct bugs ({@link #goesOn}), and shrinks each try that breaks an invariant not reported
 * yet; the first failing try's finding stays the primary one.
 *
 * <pre>{@code
 * CellReport r = new Runner(CheckConfig.defaults().withSeed(7))
 *         .check(new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1")));
 * r.finding().get().shrunk();   // alloc mm0, alloc mm0, freeDeferred t0, freeDeferred t1
 * }</pre>
 *
 * <p>With {@link CheckConfig#preemptions()} above 0, each try that passes runs again with two
 * neighbouring operations overlapped under PCT schedules ({@link Pct}); a violation there is
 * shrunk with its schedule ({@link ScheduleShrinker}). {@link #checkInterleavings} does that
 * alone, for tries run whole elsewhere (a JUnit property over sequences runs them for its body).
 *
 * <p>A {@link StrategyFailure} (the strategy threw, returned null or looped) is not a verdict:
 * it propagates to the caller with its message.
 */
public final class Runner {

    /** Hypothesis's {@code MIN_TEST_CALLS}: a check that failed at once still runs this many tries. */
    public static final int MIN_TRIES = 10;

    private final CheckConfig config;
    private final Consumer<? super Progress> progress;
    private final Duration progressEvery;

    public Runner(CheckConfig config) {
        this(config, null, Duration.ZERO);
    }

    private Runner(CheckConfig config, Consumer<? super Progress> progress, Duration progressEvery) {
        this.config = Objects.requireNonNull(config, "config must not be null (CheckConfig.defaults())");
        this.progress = progress;
        this.progressEvery = progressEvery;
    }

    /**
     * The same runner, telling {@code listener} how each cell goes ({@link Progress.Tries}): at
     * most once per {@code every} while trying, and once when the cell is done.
     */
    public Runner withProgress(Consumer<? super Progress> listener, Duration every) {
        return new Runner(config, Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(every, "every"));
    }

    public CheckConfig config() {
        return config;
    }

    public CellReport check(Preset preset, Strategy strategy) {
        return check(new Cell(preset, strategy));
    }

    /**
     * Checks the cell, on a {@link Watchdog} worker: a strategy call that does not return within
     * the config's call timeout, or (with a time budget) a check that runs past its budget, the
     * shrink time limit and the call timeout together, ends it with a {@link StrategyFailure}.
     *
     * @throws StrategyFailure if the strategy throws, returns null, loops, hangs or is not deterministic
     */
    public CellReport check(Cell cell) {
        Objects.requireNonNull(cell, "cell must not be null");
        return watched(cell, null);
    }

    /**
     * Judges the interleavings of tries run whole elsewhere, as {@link #check} judges those of its
     * own passing tries: PCT schedules of each, a violation shrunk with its schedule, every other
     * invariant met shrunk too, and the tries after a finding as {@link #goesOn} says; on a
     * watched worker, as {@code check}. For a property over sequences (the JUnit extension), which
     * generated and ran every try for its body: the findings {@code check} would give, without
     * running each try whole a second time.
     *
     * @param passed the sequences of the config's tries as {@code check} generates them (the same
     *               seed, bounds and maxLength), in order, each run whole (the teardown and the leak
     *               check too) without breaking an invariant
     * @return the findings, the first found first (as {@link CellReport#finding} and then its
     *         {@link CellReport#otherFindings}); empty when the interleavings kept every invariant
     * @throws IllegalArgumentException if the config has no preemptions, or {@code passed} is not one
     *                                  sequence per try
     * @throws StrategyFailure          as {@code check} throws it, with the try it came in
     */
    public Vector<Finding> checkInterleavings(Cell cell, Vector<Vector<Op>> passed) {
        Objects.requireNonNull(cell, "cell must not be null");
        Objects.requireNonNull(passed, "passed must not be null");
        if (config.preemptions() == 0) {
            throw new IllegalArgumentException("the config has no preemptions, so there are no interleavings to"
                    + " judge; give it some (CheckConfig.withPreemptions)");
        }
        if (passed.size() != config.tries()) {
            throw new IllegalArgumentException(passed.size() + " sequences for " + config.tries() + " tries; pass the"
                    + " sequence of every try, in order");
        }
        CellReport r = watched(cell, passed);
        return r.finding().toVector().appendAll(r.otherFindings());
    }

    /** The check of {@code cell}, of its own tries or of those {@code ranElsewhere} (null: none). */
    private CellReport watched(Cell cell, Vector<Vector<Op>> ranElsewhere) {
        Duration limit = config.timeBudget().map(b -> b.plus(config.shrinkTimeLimit()).plus(config.callTimeout()))
                .getOrNull();
        String why = limit == null ? null : "the check of " + cell.name() + ", " + Watchdog.seconds(limit.toNanos())
                + " (timeBudget " + Watchdog.seconds(config.timeBudget().get().toNanos()) + " + shrinkTimeLimit "
                + Watchdog.seconds(config.shrinkTimeLimit().toNanos()) + " + callTimeout "
                + Watchdog.seconds(config.callTimeout().toNanos()) + ")";
        return Watchdog.runApart(config.callTimeout(), limit, why, () -> checkWatched(cell, ranElsewhere));
    }

    /**
     * How far a try's run got, for a failure in it: written before the calls it names, so that a
     * watcher giving up on one of them reads it as a throw's catch does ({@link Watchdog#locating}).
     */
    private static final class Running {
        Walk walk;
        boolean teardown;

        /**
         * {@code f}, which came in try {@code tryIndex}'s run: with the operations generated up to
         * the one it failed in (all of them when it failed in the teardown); none when it came
         * outside an operation, or before the walk began.
         */
        StrategyFailure located(StrategyFailure f, int tryIndex) {
            return walk == null || f.step() == 0 ? f.onTry(tryIndex) : f.during(tryIndex, walk.ops(), !teardown);
        }
    }

    /**
     * Tries {@code cell}: generated and run here, or, for {@code ranElsewhere} (not null), those
     * runs taken as given (they broke no invariant; no coverage or operation is counted for them).
     */
    private CellReport checkWatched(Cell cell, Vector<Vector<Op>> ranElsewhere) {
        Generator gen = ranElsewhere != null ? null : Sequences.of(cell.preset(), cell.strategy())
                .bounds(config.bounds()).maxLength(config.maxLength());
        Executor executor = cell.executor();
        CoverageRecorder coverage = new CoverageRecorder();
        long start = System.nanoTime();
        long budget = config.timeBudget().map(d -> d.toNanos()).getOrElse(Long.MAX_VALUE);
        long opsExecuted = 0;
        int triesRun = 0;
        boolean cut = false;
        Vector<Finding> findings = Vector.empty();
        Shrinks shrinks = new Shrinks(config.shrinkTimeLimit());
        int firstFailing = 0;
        int lastFailing = 0;
        Progress.Throttle throttle = new Progress.Throttle(progress, progressEvery);
        for (int i = 0; i < config.tries(); i++) {
            if (firstFailing > 0 && !goesOn(triesRun, firstFailing, lastFailing)) {
                break;
            }
            if (i > 0 && System.nanoTime() - start >= budget) {
                cut = true;
                break;
            }
            triesRun++;
            int tryIndex = i;
            // Where a failure came (thrown, or a call given up on), for the front ends to say and to run again:
            // in the try's run, its operations (runTry); past it (a PCT schedule, a shrink), the try, with
            // the operations the locators in there name.
            Try t = gen == null ? Try.passed(ranElsewhere.get(tryIndex)) : runTry(gen, tryIndex, executor, coverage);
            opsExecuted += t.executed;
            Vector<Finding> found = Watchdog.locating(f -> f.tryIndex() >= 0 ? f : f.onTry(tryIndex),
                    () -> judge(executor, t, tryIndex, shrinks));
            if (!found.isEmpty()) {
                findings = findings.appendAll(found);
                firstFailing = firstFailing == 0 ? triesRun : firstFailing;
                lastFailing = triesRun;
            }
            if (throttle.due()) {
                throttle.report(new Progress.Tries(cell, triesRun, config.tries(), opsExecuted, throttle.elapsed(),
                        false));
            }
        }
        throttle.report(new Progress.Tries(cell, triesRun, config.tries(), opsExecuted, throttle.elapsed(), true));
        return new CellReport(cell, config.seed(), config.tries(), triesRun, opsExecuted, coverage.coverage(),
                findings.headOption(), cut, findings.drop(1));
    }

    /**
     * What try {@code tryIndex}, run as {@code t}, shows past its run: its violation shrunk, else
     * (with preemptions) a violation PCT schedules of it give, shrunk with its schedule; none for
     * an invariant the cell reported already.
     */
    private Vector<Finding> judge(Executor executor, Try t, int tryIndex, Shrinks shrinks) {
        if (t.violation != null) {
            return shrinks.reported.contains(t.violation.invariant()) ? Vector.empty()
                    : shrink(executor, t, tryIndex, shrinks);
        }
        if (config.preemptions() > 0) {
            Outcome o = new Pct(executor, config.preemptions()).run(t.ops, config.seed(), tryIndex);
            if (!o.passed() && !shrinks.reported.contains(o.violation().get().invariant())) {
                return shrinkInterleaved(executor, o, tryIndex, shrinks);
            }
        }
        return Vector.empty();
    }

    /**
     * Whether to run another try after a failure, as Hypothesis's engine decides with
     * {@code report_multiple_bugs} ({@code ConjectureRunner.should_generate_more}): at least
     * {@value #MIN_TRIES} tries in all, and beyond that while fewer than {@code min(firstFailing + 1000,
     * 2 * lastFailing)} have run. So a search that keeps finding new invariants goes on, up to
     * 1000 tries past the first failure, and one whose latest half found nothing new stops.
     * Try numbers are 1-based; {@code lastFailing} is the last try that broke an invariant not
     * reported before. The caller's limits (tries, time budget) still hold.
     */
    public static boolean goesOn(int triesRun, int firstFailing, int lastFailing) {
        return triesRun < MIN_TRIES || triesRun < Math.min(firstFailing + 1000L, 2L * lastFailing);
    }

    /**
     * What the shrinks of one cell share. The shrink time limit: the first shrink gets all of
     * it, each later one what the shrinks before it left (the tries between them do not count),
     * so that a check with a time budget still ends within budget + shrink time limit + call
     * timeout. And the invariants reported so far, each shrunk once.
     */
    private static final class Shrinks {
        final java.util.EnumSet<Invariant> reported = java.util.EnumSet.noneOf(Invariant.class);
        private final Duration limit;
        private long spentNanos;

        Shrinks(Duration limit) {
            this.limit = limit;
        }

        /** What the next shrink may take. */
        Duration left() {
            Duration d = limit.minusNanos(spentNanos);
            return d.isNegative() ? Duration.ZERO : d;
        }

        void spent(long nanos) {
            spentNanos += nanos;
        }
    }

    /** What one try did. */
    private static final class Try {
        Vector<Op> ops;
        Violation violation;
        long executed;

        /** A try whose sequence, {@code ops}, ran whole elsewhere and broke no invariant. */
        static Try passed(Vector<Op> ops) {
            Try t = new Try();
            t.ops = ops;
            return t;
        }
    }

    /**
     * Generates and runs try {@code tryIndex}'s sequence, then the teardown and the leak check, as
     * {@link Executor#run} would; a failure in it (thrown, or a call given up on) carries the try
     * and the operations as run.
     */
    private Try runTry(Generator gen, int tryIndex, Executor executor, CoverageRecorder coverage) {
        Running running = new Running();
        return Watchdog.locating(f -> running.located(f, tryIndex), () -> {
            Walk walk = gen.walk(config.seed(), tryIndex);
            running.walk = walk;
            return run(walk, executor, coverage, running);
        });
    }

    private Try run(Walk walk, Executor executor, CoverageRecorder coverage, Running running) {
        Try t = new Try();
        coverage.beginTry(config.bounds().cpus());
        Machine m = walk.machine();
        int n = 0;
        while (!walk.done()) {
            Applied a = walk.step();
            n++;
            coverage.step(walk.lastOp(), m, a, n);
            if (a.violated()) {
                t.violation = a.violation();
                break;
            }
            t.executed += a.wasSkipped() ? 0 : 1;
            m = a.machine();
        }
        t.ops = walk.ops();
        coverage.endSequence(n);
        if (t.violation != null) {
            return t;
        }
        running.teardown = true;
        for (Op op : executor.teardownOps(m)) {
            n++;
            Applied a = executor.apply(m, op, n);
            coverage.teardownStep(m, a);
            if (a.violated()) {
                t.violation = a.violation();
                return t;
            }
            t.executed += a.wasSkipped() ? 0 : 1;
            m = a.machine();
        }
        t.violation = executor.leakCheck(m, n).getOrNull();
        return t;
    }

    private Vector<Finding> shrinkInterleaved(Executor executor, Outcome o, int tryIndex, Shrinks shrinks) {
        Interleaver interleaver = new Interleaver(executor);
        requireAlikeTwice(executor, Outcomes.sequence(o.ops(), o.schedule()), o.violation(),
                () -> Watchdog.locatingIn(tryIndex, o.ops(), o.schedule(), () -> interleaver.run(o.ops(), o.schedule())));
        return shrinkAll(o.ops(), tryIndex, shrinks, new Shrunk.Met(o.violation().get().invariant(), o.ops(), o.schedule()),
                (met, limit) -> new ScheduleShrinker(executor, limit).shrink(met.ops(), met.schedule(), met.invariant()));
    }

    private Vector<Finding> shrink(Executor executor, Try t, int tryIndex, Shrinks shrinks) {
        requireAlikeTwice(executor, Outcomes.sequence(t.ops), Option.of(t.violation),
                () -> Watchdog.locatingIn(tryIndex, t.ops, Schedule.SEQUENTIAL, () -> executor.run(t.ops)));
        return shrinkAll(t.ops, tryIndex, shrinks, new Shrunk.Met(t.violation.invariant(), t.ops, Schedule.SEQUENTIAL),
                (met, limit) -> new Shrinker(executor, limit).shrink(met.ops(), met.invariant()));
    }

    /**
     * Runs a failing try's operations ({@code ops}, as a message spells them) twice more before
     * shrinking, as {@code run} runs them (whole, or under their schedule): a strategy that gives
     * another result on the same sequence would otherwise leave the shrinker with nothing to keep.
     *
     * @throws StrategyFailure {@link StrategyFailure#nondeterministic} with both results
     */
    private static void requireAlikeTwice(Executor executor, String ops, Option<Violation> first,
                                          java.util.function.Supplier<Outcome> run) {
        String was = Outcomes.describe(first);
        for (int i = 0; i < 2; i++) {
            String again = Outcomes.describe(run.get().violation());
            if (!again.equals(was)) {
                throw StrategyFailure.nondeterministic(executor.name(), ops, was, again);
            }
        }
    }

    /**
     * The try's violation shrunk, then each other invariant the shrinks met, once each, in the
     * order met (a shrink of one may meet yet another), but for those the cell reported before.
     * They share the cell's shrink time ({@link Shrinks}); one that finds none left is reported
     * as met, {@link io.github.ptcheck.check.Minimality#PARTIAL}.
     */
    private Vector<Finding> shrinkAll(Vector<Op> original, int tryIndex, Shrinks shrinks, Shrunk.Met first,
                                      java.util.function.BiFunction<Shrunk.Met, Duration, Shrunk> shrinker) {
        java.util.ArrayDeque<Shrunk.Met> todo = new java.util.ArrayDeque<>();
        todo.add(first);
        Vector<Finding> out = Vector.empty();
        while (!todo.isEmpty()) {
            Shrunk.Met met = todo.poll();
            if (!shrinks.reported.add(met.invariant())) {
                continue;
            }
            long started = System.nanoTime();
            Shrunk s = shrinker.apply(met, shrinks.left());
            shrinks.spent(System.nanoTime() - started);
            out = out.append(new Finding(s.trace().violation().get(), config.seed(), tryIndex, original, s.ops(),
                    s.minimality(), s.trace()));
            todo.addAll(s.alsoBroken().toJavaList());
        }
        return out;
    }
}
