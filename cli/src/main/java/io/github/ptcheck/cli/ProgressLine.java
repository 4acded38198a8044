package io.github.ptcheck.cli;

import io.github.ptcheck.check.Progress;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The progress line of a long check or exploration on a terminal: one line on standard error,
 * rewritten in place ({@code \r}) with the cell, the tries done or the depth, states and rate,
 * and cleared when the work is done, so that what stays on the screen (and what is pasted into
 * an email) is the result. None when the output is not a terminal, unless asked for.
 */
final class ProgressLine implements Consumer<Progress> {

    /** When to show it. */
    enum Mode {
        /** On a terminal only (System.console() is there). */
        AUTO,
        ALWAYS,
        NEVER
    }

    /** The least time between two updates. */
    static final Duration EVERY = Duration.ofMillis(200);

    private static final String CLEAR = "\r\033[K";

    private final PrintWriter err;
    private final boolean on;
    private int index;
    private int cells;
    private boolean shown;

    private ProgressLine(PrintWriter err, boolean on) {
        this.err = err;
        this.on = on;
    }

    static ProgressLine of(Mode mode, PrintWriter err) {
        return new ProgressLine(err, mode == Mode.ALWAYS || mode == Mode.AUTO && terminal());
    }

    /** Whether a person watches: a console, and on JDK 22 and later one that is a terminal. */
    private static boolean terminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console is there only on a terminal
        }
    }

    /** The next cell, the {@code index}-th of {@code cells}. */
    void cell(int index, int cells) {
        this.index = index;
        this.cells = cells;
    }

    @Override
    public void accept(Progress p) {
        if (!on) {
            return;
        }
        String where = p.cell().name() + " [" + index + "/" + cells + "]: ";
        String text;
        if (p instanceof Progress.Tries t) {
            text = "checking " + where + t.triesRun() + "/" + t.tries() + " tries, " + t.operations() + " operations";
        } else {
            Progress.States s = (Progress.States) p;
            text = "exploring " + where + "depth " + Math.min(s.depth() + 1, s.maxDepth()) + "/" + s.maxDepth() + ", "
                    + s.states() + " states, " + s.perSecond() + " states/s";
        }
        err.print(CLEAR + text + ", " + p.elapsed().toSeconds() + " s");
        err.flush();
        shown = true;
    }

    /** Clears the line, before the results are printed. */
    void clear() {
        if (shown) {
            err.print(CLEAR);
            err.flush();
            shown = false;
        }
    }
}
