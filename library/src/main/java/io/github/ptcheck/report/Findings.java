package io.github.ptcheck.report;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

import java.util.function.Function;

/** What every renderer says the same way about a cell and its finding. */
final class Findings {

    private Findings() {
    }

    /** {@code passed}, {@code FAILED}, or {@code FAILED (known broken)} for a patch kept because it is broken. */
    static String verdict(CellReport r) {
        if (r.passed()) {
            return "passed";
        }
        return Strategies.knownBroken(r.cell().strategy().name()) ? "FAILED (known broken)" : "FAILED";
    }

    /** {@code 17/1000}, with {@code budget} when a time budget cut the tries short. */
    static String tries(CellReport r) {
        return r.triesRun() + "/" + r.tries() + (r.cutByBudget() ? " budget" : "");
    }

    /** Whether the violation came in the teardown rather than in the sequence itself. */
    static boolean inTeardown(Finding f) {
        return f.violation().step() > f.shrunk().size();
    }

    /** {@code RCU_HEAD_REUSE step 4}, or {@code LEAK step 6 (teardown)}. */
    static String violationShort(Finding f) {
        return f.violation().invariant().name() + " step " + f.violation().step() + (inTeardown(f) ? " (teardown)" : "");
    }

    /** {@code 4 of 57}: the shrunk length and the length as generated. */
    static String shrunk(Finding f) {
        return f.shrunk().size() + " of " + f.original().size();
    }

    /** The step that broke the invariant, if the trace has one (the leak check comes after every step). */
    static Option<Step> violatingStep(Finding f) {
        return f.trace().steps().find(s -> s.violation().isDefined());
    }

    /** The reproduce command for a cell, or empty when none was supplied. */
    static String command(Function<CellReport, String> reproduce, CellReport r) {
        if (reproduce == null) {
            return "";
        }
        String c = reproduce.apply(r);
        return c == null ? "" : c.strip();
    }

    /**
     * The counterexample file of a finding; if the cell cannot be written into one (a user's
     * strategy whose name has blanks, say), a line saying why, so that the report still renders.
     */
    static String fileText(Cell cell, Finding f) {
        try {
            return FindingFile.text(cell, f);
        } catch (IllegalArgumentException e) {
            return "# no counterexample file: " + e.getMessage() + "\n";
        }
    }

    static long totalOps(Seq<CellReport> reports) {
        return reports.map(CellReport::opsExecuted).sum().longValue();
    }

    /** {@code 3 cells: 1 failed, 2 passed; 12345 operations}. */
    static String totals(Seq<CellReport> reports) {
        int failed = reports.count(r -> !r.passed());
        return reports.size() + (reports.size() == 1 ? " cell: " : " cells: ") + failed + " failed, "
                + (reports.size() - failed) + " passed; " + totalOps(reports) + " operations";
    }
}
