package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.report.ConsoleSummary;
import io.github.ptcheck.report.TextTrace;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines the log shows for a cell, so that a kernel developer sees the bug without opening
 * a report: for a violation, its summary, the seed, the shrunk sequence, what the strategy and
 * the preset are, the whole text trace, the counterexample file and the commands that run it
 * again; for an expected violation, a short block; for an expected violation that was not
 * found, what that means.
 */
final class FindingLog {

    private final ConsoleSummary summary;
    private final Commands commands;

    FindingLog(Expectations expected, Commands commands) {
        // The reproduce commands come last in the block, after the trace: no command in the summary part.
        this.summary = new ConsoleSummary(null).expecting(expected);
        this.commands = commands;
    }

    /**
     * A violation nobody expected: the ERROR block.
     *
     * @param file the counterexample file as the replay command should name it, or null if none was written
     */
    List<String> violation(CellReport r, String file) {
        Finding f = r.finding().get();
        List<String> lines = new ArrayList<>(lines(summary.finding(r)));
        lines.add("  strategy: " + r.cell().strategy().name() + ", " + r.cell().strategy().source());
        lines.add("  preset:   " + describe(r.cell().preset()));
        lines.add("  trace:");
        for (String l : lines(new TextTrace(r.cell().strategy()).render(f.trace()))) {
            lines.add(l.isEmpty() ? "" : "    " + l);
        }
        if (file != null) {
            lines.add("  counterexample: " + file);
        }
        lines.add("  reproduce: " + commands.check(r.cell()));
        if (file != null) {
            lines.add("  replay:    " + commands.replay(r.cell(), file));
        }
        return lines;
    }

    /** A violation listed in {@code expectedViolations}: the INFO block, without the trace. */
    List<String> expected(CellReport r, String file) {
        List<String> lines = new ArrayList<>(lines(summary.finding(r)));
        if (file != null) {
            lines.add("  counterexample: " + file);
        }
        return lines;
    }

    /** A cell listed in {@code expectedViolations} that passed: the ERROR lines. */
    List<String> notFound(CellReport r) {
        List<String> lines = new ArrayList<>();
        lines.add("ptcheck no longer finds the bug in " + r.cell().name() + ": it is listed in <expectedViolations>,"
                + " but " + r.triesRun() + (r.triesRun() == 1 ? " try" : " tries") + " with seed " + r.seed()
                + " found no violation" + (r.cutByBudget() ? " (the time budget stopped it after " + r.triesRun()
                + " of " + r.tries() + " tries)" : "") + ".");
        lines.add("  If the strategy was fixed, or the model changed on purpose, remove " + r.cell().name()
                + " from <expectedViolations>;");
        lines.add("  otherwise ptcheck lost a bug it used to find: compare with the counterexample file of an"
                + " earlier run (ptcheck:replay).");
        lines.add("  reproduce: " + commands.check(r.cell()));
        return lines;
    }

    /** {@code powerpc64-hash-64k: 65536-byte pages, 4096-byte tables, 16 per page (source)}. */
    static String describe(Preset p) {
        return p.name() + ": " + p.pageSize() + "-byte pages, " + p.tableSize() + "-byte tables, "
                + p.tablesPerPage() + " per page (" + p.source() + ")";
    }

    static List<String> lines(String text) {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return t.isEmpty() ? List.of() : List.of(t.split("\n", -1));
    }
}
