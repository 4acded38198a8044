package io.github.ptcheck.cli;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.report.NotJudged;
import io.github.ptcheck.report.Shell;

import io.vavr.control.Option;

import java.io.PrintWriter;

/**
 * A cell ptcheck could not judge because its strategy threw, returned null or looped. The other
 * cells go on; at the end each of these says where it came (cell, seed, try, the operations up
 * to it, and the schedule they overlapped under in an interleaving search), the strategy's own
 * stack frames (the line to fix), and the {@code ptcheck run} command that makes it throw again.
 */
record FailedCell(int position, Cell cell, StrategyFailure failure) {

    /** The stack frames shown: enough to see the user's method and what called it. */
    private static final int FRAMES = 6;

    /**
     * Prints the block on {@code err}.
     *
     * @param seed the seed of the check, or null for an exploration (no tries)
     * @param load  the options that load the user's strategies ({@link UserOptions#words()})
     * @param again the command that checks or explores the cell again, for a failure without operations
     */
    void print(PrintWriter err, Long seed, String load, String again) {
        StrategyFailure f = failure;
        err.println("ptcheck cannot judge " + cell.name() + ": " + f.getMessage());
        slow(f).forEach(err::println);
        NotJudged.where(f, seed).forEach(w -> err.println("  " + w));
        frames(f, err);
        // Without the operations (e.g. not deterministic, or outside an operation): the check of that seed again.
        err.println("  reproduce: " + reproduce(load).getOrElse(again));
    }

    /** The {@code ptcheck run} command that makes the strategy fail again, when the operations are known. */
    Option<String> reproduce(String load) {
        return failure.sequence().map(s -> Launcher.command() + " run " + Shell.quote(cell.name()) + " \"" + s + "\""
                + failure.schedule().map(t -> " --schedule \"" + t + "\"").getOrElse("") + load);
    }

    /**
     * This cell as the JSON report keeps it ({@code "verdict": "notJudged"}), so that no report of
     * the run, and no merge of a matrix's reports, reads it as a pass.
     *
     * @param again the command that checks or explores the cell again, for a failure without operations
     */
    NotJudged judged(long seed, int tries, String load, String again) {
        return new NotJudged(position, cell, seed, tries, failure, reproduce(load).getOrElse(again));
    }

    /**
     * What to do about a call that ran past the call timeout: raise it if the strategy is only
     * slow (the Maven plugin says the same of its {@code callTimeout}); nothing for other failures.
     */
    static Option<String> slow(StrategyFailure f) {
        return Option.when(f.getMessage().contains("(the call timeout"), "  if the strategy is only slow, raise"
                + " --call-timeout (seconds)");
    }

    /**
     * What the strategy threw, where: its own stack frames (ptcheck's and the JDK's say nothing
     * about the line to fix), or with {@code PTCHECK_STACKTRACE} set the whole stack trace.
     */
    static void frames(StrategyFailure f, PrintWriter err) {
        Throwable cause = f.getCause();
        if (cause == null) {
            return;
        }
        if (System.getenv("PTCHECK_STACKTRACE") != null) {
            cause.printStackTrace(err);
            return;
        }
        NotJudged.userFrames(cause, FRAMES).forEach(err::println);
        err.println("  (PTCHECK_STACKTRACE=1 prints the whole stack trace)");
    }
}
