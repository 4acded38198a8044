package io.github.ptcheck.junit;

import io.github.ptcheck.Version;
import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.cex.RecordedViolation;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.report.AtomicWrite;
import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.report.TryNumber;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The failures a {@link PtcheckProperty} test ends with: the message a person reads in the
 * test report (what broke, the seed and try, the shrunk sequence, where the counterexample file
 * went, how to reproduce, the trace) and the counterexample file itself.
 */
final class Failures {

    private Failures() {
    }

    /**
     * The invariants are the property and the {@link io.github.ptcheck.check.Runner} found a
     * violation, {@code f}, and perhaps others ({@code others}, each of another invariant): those
     * are listed after it, each shrunk with its own try; the counterexample file is the first's.
     */
    static AssertionFailedError finding(Property prop, Cell cell, Finding f, Vector<Finding> others) {
        Either<String, Path> file = write(prop.fileFor(cell), () -> FindingFile.text(cell, f));
        StringBuilder sb = new StringBuilder();
        sb.append(cell.strategy().name()).append(" on ").append(cell.preset().name()).append(" broke ")
                .append(f.violation().summary()).append('\n');
        found(sb, prop, f.tryIndex(), f.original().size(), f.shrunk(), f.minimality());
        if (!f.schedule().sequential()) {
            sb.append("  interleaved: schedule ").append(f.schedule().explained())
                    .append("; the file records it, and its replay runs it again\n");
        }
        if (!others.isEmpty()) {
            sb.append("  also broken (").append(others.size()).append(" other invariant")
                    .append(others.size() == 1 ? "" : "s").append(", each shrunk on its own):\n");
            for (Finding g : others) {
                sb.append("  ").append(g.violation().summary()).append('\n');
                found(sb, prop, g.tryIndex(), g.original().size(), g.shrunk(), g.minimality());
            }
        }
        tail(sb, prop, cell, file, false, f.tryIndex());
        sb.append('\n').append(new TextTrace(cell.strategy()).render(f.trace()));
        return new AssertionFailedError(sb.toString());
    }

    /**
     * The body of a property over sequences failed (or the run broke an invariant) on try
     * {@code tryIndex}; {@code shrunk} is the failure on the shrunk sequence.
     *
     * @param original the failure as the try first showed it
     * @param shrunk   the failure of the shrunk sequence, traced
     * @param flaky    whether the shrunk sequence did not fail again when run once more
     */
    static AssertionFailedError property(Property prop, Cell cell, int tryIndex, Attempt.Failed original,
                                         Attempt.Failed shrunk, Minimality minimality, boolean flaky) {
        Outcome traced = shrunk.outcome();
        String what = shrunk.describe();
        String trace = new TextTrace(cell.strategy()).render(traced);
        Either<String, Path> file = write(prop.fileFor(cell), () -> new Counterexample(cell.preset(),
                cell.strategy().name(), traced.violation().map(RecordedViolation::of), Option.of(prop.config().seed()),
                Option.of(tryIndex), Option.of(minimality), Option.of(Version.current()), traced.ops())
                .text("property " + prop.testName() + " failed on this sequence: " + what + "\n\n" + trace,
                        prop.strategyClass() == null ? null : FindingFile.loadable(prop.strategyClass())));
        StringBuilder sb = new StringBuilder();
        sb.append(shrunk.violation() != null ? cell.strategy().name() + " on " + cell.preset().name() + " broke "
                + shrunk.violation().summary() : "property failed for " + cell.strategy().name() + " on "
                + cell.preset().name() + ": " + what).append('\n');
        found(sb, prop, tryIndex, original.ops().size(), traced.ops(), minimality);
        if (flaky) {
            sb.append("  WARNING: the shrunk sequence did not fail when run once more: does the property depend on"
                    + " something besides its parameters (time, state kept between tries)? It is shown as it last"
                    + " failed.\n");
        }
        tail(sb, prop, cell, file, true, tryIndex);
        sb.append('\n').append(trace);
        AssertionFailedError e = new AssertionFailedError(sb.toString(), shrunk.thrown());
        if (original.thrown() != null && original.thrown() != shrunk.thrown()) {
            e.addSuppressed(original.thrown());
        }
        return e;
    }

    /**
     * The strategy threw, returned null or looped: {@code sf} says where, as the Runner (or the
     * property's own loop) located it: its try ({@link StrategyFailure#tryIndex}, -1 if not
     * known), the operations as run up to it ({@link StrategyFailure#sequence}: a try's, or the
     * sequence being shrunk) and the schedule they overlapped under ({@link StrategyFailure#schedule}).
     */
    static AssertionFailedError strategyFailure(Property prop, Cell cell, StrategyFailure sf) {
        int tryIndex = sf.tryIndex();
        StringBuilder sb = new StringBuilder();
        sb.append(sf.getMessage()).append(Property.ifSlow(sf, prop.config().callTimeout().toSeconds())).append('\n');
        sb.append("  This is an error of the strategy, not a verdict on its scheme: ptcheck cannot judge a sequence"
                + " the strategy cannot run.\n");
        // The operations are the try's, or those of a run past it (a PCT schedule of it, a sequence shrunk from it).
        sb.append("  ").append(tryIndex >= 0 ? "while checking the " + TryNumber.ordinal(tryIndex) + " of seed "
                : "with seed ").append(prop.config().seed()).append(" (").append(prop.seedOrigin()).append(")");
        if (sf.sequence().isDefined()) {
            sb.append(", on these operations as run (the teardown follows them):\n");
            for (String op : sf.sequence().get().split("; ")) {
                sb.append("    ").append(op).append('\n');
            }
        } else {
            sb.append('\n');
        }
        sf.schedule().forEach(s -> sb.append("  overlapped on two CPUs under the schedule ")
                .append(Schedule.parse(s).explained()).append('\n'));
        sb.append("To reproduce:\n");
        reproduceWithSeed(sb, prop, tryIndex);
        return new AssertionFailedError(sb.toString(), sf.getCause() != null ? sf.getCause() : sf);
    }

    // ------------------------------------------------------------------ parts

    private static void found(StringBuilder sb, Property prop, int tryIndex, int originalSize, Vector<Op> shrunk,
                              Minimality minimality) {
        sb.append("  found by the ").append(TryNumber.ordinal(tryIndex)).append(" of seed ").append(prop.config().seed()).append(" (")
                .append(prop.seedOrigin()).append(") with ").append(originalSize).append(" operation")
                .append(originalSize == 1 ? "" : "s").append(", shrunk to ").append(shrunk.size()).append(" (")
                .append(minimality.words()).append("):\n");
        ops(sb, shrunk);
    }

    private static void ops(StringBuilder sb, Vector<Op> ops) {
        for (Op op : ops) {
            sb.append("    ").append(op).append('\n');
        }
    }

    private static void tail(StringBuilder sb, Property prop, Cell cell, Either<String, Path> file,
                             boolean bodyIsProperty, int tryIndex) {
        String where = file.fold(why -> "  no counterexample file: " + why, p -> "  counterexample file: " + p);
        sb.append(where).append('\n');
        sb.append("To reproduce:\n");
        reproduceWithSeed(sb, prop, tryIndex);
        if (file.isRight()) {
            sb.append("  replay the file").append(bodyIsProperty ? " (the model's run of the sequence; the"
                    + " property's body runs again with the seed)" : "").append(":\n    ")
                    .append(replayCall(prop, cell, file.get())).append('\n');
        }
    }

    private static void reproduceWithSeed(StringBuilder sb, Property prop, int tryIndex) {
        long seed = prop.config().seed();
        String test = prop.testName();
        String dtest = test.contains("$") ? "'" + test + "'" : test;
        sb.append("  mvn test -Dtest=").append(dtest).append(" -D").append(Property.SEED_KEY).append('=').append(seed)
                .append('\n');
        sb.append("    (elsewhere: the system property or JUnit configuration parameter ").append(Property.SEED_KEY)
                .append('=').append(seed).append(", or seed = ").append(seed).append(" in @PtcheckProperty; the same"
                        + " seed generates the same tries");
        if (tryIndex >= 0) {
            sb.append(", so the ").append(TryNumber.ordinal(tryIndex)).append(" fails again");
        }
        sb.append(")\n");
    }

    private static String replayCall(Property prop, Cell cell, Path file) {
        String path = "java.nio.file.Path.of(\"" + file.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\")";
        if (prop.strategyClass() == null) {
            return "io.github.ptcheck.cex.Replay.builtIn().replay(" + path + ")";
        }
        return "new io.github.ptcheck.cex.Replay(io.github.ptcheck.cex.Catalog.builtIn().withStrategy(new "
                + prop.strategyClass().getCanonicalName() + "())).replay(" + path + ")";
    }

    /** The text, written to {@code file}; the absolute path, or why it could not be written. */
    private static Either<String, Path> write(Path file, java.util.function.Supplier<String> text) {
        Path abs = file.toAbsolutePath().normalize();
        String content;
        try {
            content = text.get();
        } catch (IllegalArgumentException e) {
            // e.g. a strategy whose name is not one word cannot be named in a file
            return Either.left("the counterexample cannot be written as a file: " + e.getMessage());
        }
        try {
            Files.createDirectories(abs.getParent());
            AtomicWrite.write(abs, content);
            return Either.right(abs);
        } catch (IOException | RuntimeException e) {
            return Either.left("could not write " + abs + " (" + e + "); set " + Property.DIR_KEY
                    + " to a writable directory");
        }
    }
}
