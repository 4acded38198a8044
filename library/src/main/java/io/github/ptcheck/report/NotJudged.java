package io.github.ptcheck.report;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyFailure;
import io.vavr.collection.List;
import io.vavr.control.Option;

import java.util.Arrays;
import java.util.Objects;

/**
 * A cell ptcheck could not judge because its strategy threw, returned null or looped
 * ({@link StrategyFailure}): not a pass and not a violation. The reports keep it in its place
 * among the judged cells ({@link JsonReport#notJudged}, {@link JUnitXmlReport#notJudged}) so
 * that no report, and no merge of the jobs' reports, reads it as a pass.
 *
 * @param position  where the cell was in the run's list of cells (0-based, judged ones included)
 * @param cell      the cell
 * @param seed      the seed of the run (its tries start there)
 * @param tries     the tries the run gives each cell at the most
 * @param failure   what the strategy did
 * @param reproduce the command that runs the cell again and fails the same way, or null
 */
public record NotJudged(int position, Cell cell, long seed, int tries, StrategyFailure failure, String reproduce) {

    /** The verdict JSON reports write for such a cell ({@code "verdict": "notJudged"}). */
    public static final String VERDICT = "notJudged";

    public NotJudged {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * {@link #where(StrategyFailure, Long)} of this cell: a failure with a try came in a random
     * check; one with operations and no try, in an exploration (a random check names the try
     * whenever it knows the operations).
     */
    public Option<String> where() {
        return where(failure, failure.tryIndex() >= 0 ? seed : null);
    }

    /**
     * Where it failed, for the line under the message: {@code seed 0, 3rd try; the operations as
     * run (the teardown follows them): alloc mm0; ...} for a try of a random check, {@code found
     * by exhaustive search; the operations ...} for an exploration; none when neither is known.
     *
     * @param seed the seed of the check, or null for an exploration (no tries)
     */
    public static Option<String> where(StrategyFailure f, Long seed) {
        if (seed != null && f.tryIndex() >= 0) {
            return Option.of("seed " + seed + ", " + TryNumber.ordinal(f.tryIndex()) + f.sequence()
                    .map(s -> "; the operations as run (the teardown follows them): " + s + overlapped(f)).getOrElse(""));
        }
        if (seed == null) {
            return f.sequence().map(s -> "found by exhaustive search; the operations (the teardown follows them): " + s
                    + overlapped(f));
        }
        return Option.none();
    }

    /** {@code ; overlapped under the schedule 2:0 3} when the operations ran interleaved. */
    private static String overlapped(StrategyFailure f) {
        return f.schedule().map(t -> "; overlapped under the schedule " + t).getOrElse("");
    }

    /**
     * The frames of the strategy's own code in what it threw, {@code    at com.example.My.pteFree(My.java:12)},
     * at most {@code limit}: ptcheck's, the JDK's and the build tool's say nothing about the line to fix.
     */
    public static List<String> userFrames(Throwable cause, int limit) {
        if (cause == null) {
            return List.empty();
        }
        return List.ofAll(Arrays.stream(cause.getStackTrace()).filter(NotJudged::users).limit(limit)
                .map(e -> "    at " + e));
    }

    private static boolean users(StackTraceElement e) {
        String c = e.getClassName();
        return !(c.startsWith("io.github.ptcheck.") || c.startsWith("java.") || c.startsWith("jdk.")
                || c.startsWith("sun.") || c.startsWith("io.vavr.") || c.startsWith("picocli.")
                || c.startsWith("org.apache.maven.") || c.startsWith("org.codehaus.plexus."));
    }
}
