package io.github.ptcheck.junit;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.gen.Generator;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.gen.Walk;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.shrink.Shrinker;
import io.github.ptcheck.shrink.Shrunk;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The body is the property: for each try, generates the sequence (as the Runner would), runs
 * it on the model and calls the body; the first failing try is shrunk by calling the body on
 * smaller sequences ({@link Shrinker#shrink(Vector, java.util.function.Predicate)}) and the
 * test fails with the shrunk one. Unlike the {@link io.github.ptcheck.check.Runner}, it stops
 * there: a body's failures have no invariant to tell one bug from another by (Hypothesis tells
 * them by exception type and line), and a body is often slower than the model.
 *
 * <p>With interleavings, once every try passed, the interleaved runs of the same tries are
 * judged by the invariants ({@link InvariantCheck#checkInterleavings}, given the tries as run
 * here); the body sees the sequential runs.
 */
final class SequenceCheck {

    private static final Attempt PASSED = new Attempt.Passed();
    private static final Attempt ABORTED = new Attempt.Aborted();

    private final Property prop;
    private final Cell cell;
    private final Body body;
    private final Executor executor;

    SequenceCheck(Property prop, Cell cell, Body body) {
        this.prop = prop;
        this.cell = cell;
        this.body = body;
        this.executor = cell.executor();
    }

    void run(ExtensionContext context) {
        Generator gen = Sequences.of(cell.preset(), cell.strategy()).bounds(prop.config().bounds())
                .maxLength(prop.config().maxLength());
        long seed = prop.config().seed();
        int tries = prop.config().tries();
        int aborted = 0;
        long ops = 0;
        int preemptions = prop.config().preemptions();
        // Every try's sequence, for the judge of their interleavings (with preemptions only).
        Vector<Vector<Op>> passed = Vector.empty();
        for (int i = 0; i < tries; i++) {
            int tryIndex = i;
            Vector<Op> ran;
            try {
                ran = walk(gen, seed, tryIndex);
            } catch (StrategyFailure sf) {
                throw Failures.strategyFailure(prop, cell, sf);
            }
            Attempt a;
            try {
                a = Watchdog.locating(sf -> located(sf, tryIndex, ran),
                        () -> attempt(ran, tryIndex, body.takesOutcome()));
            } catch (StrategyFailure sf) {
                throw Failures.strategyFailure(prop, cell, sf);
            }
            if (a instanceof Attempt.Failed f) {
                // The shrink and the report's run of the first failure are the try's: a failure in them names it.
                throw Watchdog.locating(sf -> sf.tryIndex() >= 0 ? sf : sf.onTry(tryIndex), () -> shrink(f, tryIndex));
            }
            aborted += a == ABORTED ? 1 : 0;
            ops += ran.size();
            passed = preemptions > 0 ? passed.append(ran) : passed;
        }
        if (aborted == tries) {
            throw new TestAbortedException("an assumption in the body aborted every one of the " + tries + " tries on "
                    + cell.name() + ", so nothing was checked; loosen the assumption, or generate closer to what it"
                    + " wants (cpus, mms, maxTables, maxLength)");
        }
        if (preemptions > 0) {
            // The body saw the sequential runs; the interleaved runs of the same tries are judged by the invariants,
            // as when they are the property (the Runner generates the same sequences). Each try ran whole here and
            // broke no invariant (failOnViolation is on with interleavings), aborted or not: the Runner takes them
            // as they are, and does not run them whole again.
            new InvariantCheck(prop, cell, body).checkInterleavings(passed);
        }
        context.publishReportEntry("ptcheck", cell.name() + " passed " + (tries - aborted) + " tries (" + ops
                + " operations" + (aborted > 0 ? ", " + aborted + " tries aborted by assumptions" : "")
                + ") with seed " + seed + ", " + prop.seedOrigin() + (preemptions > 0 ? "; the invariants held on"
                + " their interleavings (at most " + preemptions + " preemption" + (preemptions == 1 ? ")" : "s)")
                : ""));
    }

    /**
     * Generates try {@code tryIndex}'s sequence, running it on the model as it goes; a failure in
     * it, thrown or a call given up on (by the watcher around the whole check, which then reads
     * the walk as far as it got), says as the Runner does: the try, the operations generated so
     * far, the one it failed in last.
     */
    private static Vector<Op> walk(Generator gen, long seed, int tryIndex) {
        Walk[] walk = new Walk[1]; // written before the calls in it begin, so the watcher reads it
        return Watchdog.locating(sf -> sf.tryIndex() >= 0 ? sf : walk[0] == null || sf.step() == 0
                ? sf.onTry(tryIndex) : sf.during(tryIndex, walk[0].ops(), true), () -> {
            Walk w = gen.walk(seed, tryIndex);
            walk[0] = w;
            while (!w.done()) {
                w.step();
            }
            return w.ops();
        });
    }

    /** Runs {@code ops} on the model and, unless the run's violation is the failure, calls the body. */
    private Attempt attempt(Vector<Op> ops, int tryIndex, boolean traced) {
        Outcome o = traced ? executor.trace(ops) : executor.run(ops);
        if (prop.failOnViolation() && o.violation().isDefined()) {
            return new Attempt.Failed(ops, o, o.violation().get(), null);
        }
        try {
            body.call(new Sequence(cell, prop.config().seed(), tryIndex, ops), o, null);
            return PASSED;
        } catch (TestAbortedException e) {
            return ABORTED;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return new Attempt.Failed(ops, o, null, t);
        }
    }

    private AssertionFailedError shrink(Attempt.Failed first, int tryIndex) {
        Shrunk s;
        try {
            // A failure in a run of the shrinker's is located by it (the sequence it ran), and here (the try).
            s = Watchdog.locating(sf -> located(sf, tryIndex, first.ops()), () -> new Shrinker(executor,
                    prop.config().shrinkTimeLimit()).shrink(first.ops(), cand -> {
                        try {
                            return attempt(cand, tryIndex, body.takesOutcome()) instanceof Attempt.Failed f
                                    && first.sameAs(f);
                        } catch (StrategyFailure e) {
                            return false; // the strategy cannot run this candidate: not the failure being shrunk
                        }
                    }));
        } catch (IllegalArgumentException notAgain) {
            // The first sequence did not fail when the shrinker ran it again.
            return Failures.property(prop, cell, tryIndex, first, traced(first, tryIndex), Minimality.PARTIAL, true);
        } catch (StrategyFailure sf) {
            // Located on the way out: by the shrinker in the sequence it ran, when it came in an
            // operation, and by the locator above on the try.
            return Failures.strategyFailure(prop, cell, sf);
        }
        Attempt last;
        try {
            last = Watchdog.locating(sf -> located(sf, tryIndex, s.ops()), () -> attempt(s.ops(), tryIndex, true));
        } catch (StrategyFailure sf) {
            return Failures.strategyFailure(prop, cell, sf);
        }
        if (last instanceof Attempt.Failed f && first.sameAs(f)) {
            return Failures.property(prop, cell, tryIndex, first, f, s.minimality(), false);
        }
        return Failures.property(prop, cell, tryIndex, first, traced(first, tryIndex), Minimality.PARTIAL, true);
    }

    /**
     * {@code sf}, which came while {@code ops} ran whole (their teardown included) on try
     * {@code tryIndex}: with the operations up to the one it failed in, or all of them when it
     * failed in the teardown (none when it came outside an operation), and the try.
     */
    private static StrategyFailure located(StrategyFailure sf, int tryIndex, Vector<Op> ops) {
        return sf.locatedIn(tryIndex, ops, Schedule.SEQUENTIAL).onTry(tryIndex);
    }

    /**
     * The first failure with a traced run, for the report. A strategy with state may throw or
     * loop only in this run: the failure then carries the operations, as one in the shrink's runs.
     */
    private Attempt.Failed traced(Attempt.Failed f, int tryIndex) {
        Outcome o = Watchdog.locating(sf -> located(sf, tryIndex, f.ops()), () -> executor.trace(f.ops()));
        return new Attempt.Failed(f.ops(), o, f.violation(), f.thrown());
    }
}
