package io.github.ptcheck.cex;

import io.github.ptcheck.Version;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.sched.Interleaver;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs a counterexample again, traced, and says whether it reproduced the recorded violation.
 * Independent of the generators: it needs only the sequence, the preset and the strategy,
 * which it resolves by name in a {@link Catalog} (the built-ins plus yours).
 *
 * <h2>Tables never allocated: lenient by default, strict on request</h2>
 * A file may name a table that no earlier {@code alloc} made (a person deleted an
 * {@code alloc} line, or the shrinker was cut short). {@link #replay} runs such an operation as
 * the executor runs every operation whose precondition fails: it is skipped, the trace says
 * {@code (skipped: t3 was never allocated)}, and {@link ReplayResult#skipped()} lists it with
 * its line. This is the default because it is the semantics the whole engine uses (design:
 * "any sub-sequence is valid, and shrinking is plain deletion"): a person can delete lines to
 * see what matters exactly as the shrinker does; the step numbers recorded in a file count
 * skipped operations too; and a file ptcheck wrote from a partially shrunk sequence may hold
 * such an operation and must still replay. {@link #replayStrict} instead rejects them with an
 * error at the line and column of the table, for a person who wants to be told that an edit
 * left a dangling name.
 */
public final class Replay {

    /** What an unknown strategy's error says to do, in the words of a caller of this class. */
    private static final String ADD_STRATEGY = "supply yours with Catalog.withStrategy(...)";

    private final Catalog catalog;
    private final Duration callTimeout;
    private final String addStrategy;

    public Replay(Catalog catalog) {
        this(catalog, null, ADD_STRATEGY);
    }

    private Replay(Catalog catalog, Duration callTimeout, String addStrategy) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.callTimeout = callTimeout;
        this.addStrategy = addStrategy;
    }

    /**
     * The same replay, whose error for a file naming an unknown strategy says how to add one in
     * the front end's words ({@code load yours with --strategy-path and --strategy-class})
     * rather than the Java API's.
     */
    public Replay withHowToAddStrategy(String how) {
        return new Replay(catalog, callTimeout, Objects.requireNonNull(how, "how"));
    }

    /**
     * The same replay, giving up on a strategy call that has not returned after {@code timeout}
     * ({@link Watchdog}; by default the enclosing check's when it runs inside one, else
     * {@value CheckConfig#DEFAULT_CALL_TIMEOUT_SECONDS} s).
     */
    public Replay withCallTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("call timeout must be positive, was " + timeout);
        }
        return new Replay(catalog, timeout, addStrategy);
    }

    /** Replays with the built-in presets and strategies only. */
    public static Replay builtIn() {
        return new Replay(Catalog.builtIn());
    }

    /**
     * Replays a counterexample value.
     *
     * @throws IllegalArgumentException if its strategy is not in the catalog
     */
    public ReplayResult replay(Counterexample c) {
        Strategy s = catalog.strategy(c.strategy()).getOrElseThrow(() -> new IllegalArgumentException(
                unknownStrategy(c.strategy())));
        return run(c, new Cell(c.preset(), s), Option.none(), Option.none());
    }

    /**
     * Replays a parsed file; operations naming a table never allocated are skipped (see above).
     *
     * @throws CounterexampleFormatException at the {@code strategy:} line if the strategy is not in the catalog
     */
    public ReplayResult replay(CounterexampleFile f) {
        return run(f.counterexample(), cell(f), Option.of(f), Option.none());
    }

    /**
     * Reads, parses (with this replay's catalog) and replays a file. If the file does not give
     * what it records, the explanation says whether its preset, strategy and operations are
     * still those ptcheck wrote (the checksum in its opening comment): an edit is the likelier
     * cause than a change of the strategy or the model.
     */
    public ReplayResult replay(Path path) throws IOException {
        CounterexampleFile f = CounterexampleFile.read(path, catalog);
        Option<Boolean> edited = WrittenChecksum.in(path).map(w -> !w.equals(WrittenChecksum.of(f.counterexample())));
        return run(f.counterexample(), cell(f), Option.of(f), edited);
    }

    /**
     * Replays a parsed file, rejecting any operation on a table that was never allocated: one
     * that no alloc line before it could have made, or one whose alloc was skipped when run.
     *
     * @throws CounterexampleFormatException at the line and column of the first such table
     */
    public ReplayResult replayStrict(CounterexampleFile f) {
        f.requireTablesAllocated();
        ReplayResult r = replay(f);
        for (Step s : r.outcome().steps()) {
            int table = Op.tableOf(s.op());
            if (!s.teardown() && s.wasSkipped() && table >= 0 && !s.after().tableExists(table)) {
                int i = s.number() - 1;
                String allocsSkipped = r.skipped().filter(k -> k.index() < i && k.op().kind().allocates())
                        .map(SkippedOp::toString).mkString("; ");
                throw f.error(new CounterexampleFile.Problem(f.lineOf(i), f.sites().get(i).tableColumn(), "t" + table
                        + " was never allocated when this line ran" + (allocsSkipped.isEmpty() ? ""
                        : ": an alloc before it did not run (" + allocsSkipped + ")")));
            }
        }
        return r;
    }

    private Cell cell(CounterexampleFile f) {
        String name = f.counterexample().strategy();
        Option<Strategy> s = catalog.strategy(name);
        if (s.isEmpty()) {
            CounterexampleFile.Position at = f.headers().get("strategy").get();
            String guess = Typos.closest(name, catalog.strategyNames());
            throw new CounterexampleFormatException(f.source(), at.line(), at.column(), "a known strategy",
                    unknownStrategy(name) + (guess.isEmpty() ? "" : " (did you mean '" + guess + "'?)"));
        }
        return new Cell(f.counterexample().preset(), s.get());
    }

    private String unknownStrategy(String name) {
        return "unknown strategy '" + name + "'; expected one of: " + catalog.strategyNames().mkString(", ")
                + ", or " + addStrategy;
    }

    /** Runs on a {@link Watchdog} worker, so that a strategy that never returns ends the replay with its name. */
    private ReplayResult run(Counterexample c, Cell cell, Option<CounterexampleFile> file, Option<Boolean> edited) {
        return Watchdog.run(callTimeout, null, null, () -> runWatched(c, cell, file, edited));
    }

    private static ReplayResult runWatched(Counterexample c, Cell cell, Option<CounterexampleFile> file,
                                           Option<Boolean> edited) {
        // A schedule is part of the counterexample: the same turns, so the same interleaving, step for step.
        Outcome o = c.schedule().isEmpty() ? cell.executor().trace(c.ops())
                : new Interleaver(cell.executor()).trace(c.ops(), c.schedule().get());
        Vector<SkippedOp> skipped = SkippedOp.of(o, i -> file.map(f -> f.lineOf(i)).getOrElse(0));
        ReplayResult.Verdict verdict = verdict(c, o);
        return new ReplayResult(c, cell, o, verdict, skipped, explain(c, cell.preset(), o, verdict, skipped, edited));
    }

    private static ReplayResult.Verdict verdict(Counterexample c, Outcome o) {
        if (c.violation().isEmpty()) {
            return o.passed() ? ReplayResult.Verdict.REPRODUCED : ReplayResult.Verdict.DIFFERENT_VIOLATION;
        }
        if (o.passed()) {
            return ReplayResult.Verdict.NOT_REPRODUCED;
        }
        return c.violation().get().matches(o.violation().get()) ? ReplayResult.Verdict.REPRODUCED
                : ReplayResult.Verdict.DIFFERENT_VIOLATION;
    }

    private static String explain(Counterexample c, Preset preset, Outcome o, ReplayResult.Verdict v,
                                  Vector<SkippedOp> skipped, Option<Boolean> edited) {
        String where = c.strategy() + " on " + preset.name()
                + c.schedule().map(sc -> " under schedule " + sc).getOrElse("");
        String recorded = c.violation().map(r -> r.invariant() + " at step " + r.step()).getOrElse("no violation");
        String found = o.violation().map(Violation::summary).getOrElse("");
        String changed = c.version().filter(w -> !w.equals(Version.current()))
                .map(w -> " (the file was written by ptcheck " + w + "; this is ptcheck " + Version.current() + ")")
                .getOrElse("");
        String cause = edited.contains(true) ? ": the file was edited since ptcheck wrote it (its preset, strategy"
                + " or operations no longer match the checksum in its opening comment), which is the likelier cause;"
                + " if the edit was meant to keep the violation, the strategy or the model changed" + changed
                : edited.contains(false) ? ": the file's sequence is as ptcheck wrote it, so the strategy or the model"
                + " changed" + changed + (c.violation().isDefined() ? " (or its violation: line was edited: the"
                + " checksum covers the preset, strategy and operations, not what they break)" : "") : null;
        String text = switch (v) {
            case REPRODUCED -> c.violation().isEmpty() ? "reproduced: " + where + " passed, as recorded"
                    : "reproduced on " + where + ": " + found;
            case NOT_REPRODUCED -> "not reproduced: the file records " + recorded + ", but " + where + " passed"
                    + (cause != null ? cause : ": the strategy is fixed, or the model changed" + changed);
            case DIFFERENT_VIOLATION -> "different violation: the file records " + recorded + ", but on " + where
                    + " the replay found " + found + (cause != null ? cause : c.violation().isEmpty() ? ""
                    : "; the strategy or the model changed" + changed);
        };
        if (!skipped.isEmpty()) {
            text += ". " + SkippedOp.listed(skipped);
        }
        return text;
    }

}
