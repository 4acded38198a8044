package io.github.ptcheck.report;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

import java.util.function.Function;
import java.util.function.Predicate;

/** What every renderer says the same way about a cell and its finding. */
final class Findings {

    private Findings() {
    }

    /**
     * {@code passed}, {@code FAILED}, or {@code FAILED (known broken)} for a patch kept because it
     * is broken; for a cell the caller declared {@code expected} to break an invariant (a
     * known-broken patch, a finding not fixed yet) {@code failed as expected} when it did, and
     * {@code PASSED, expected to fail} when it did not (the checker lost a bug it used to find,
     * which needs attention).
     */
    static String verdict(CellReport r, boolean expected) {
        if (expected) {
            return r.passed() ? "PASSED, expected to fail" : "failed as expected";
        }
        if (r.passed()) {
            return "passed";
        }
        return Strategies.knownBroken(r.cell().strategy().name()) ? "FAILED (known broken)" : "FAILED";
    }

    /** Whether a cell's result is what was expected of it: a pass, or a violation where one was expected. */
    static boolean asExpected(CellReport r, boolean expected) {
        return r.passed() != expected;
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

    /**
     * {@code 3 cells: 1 failed, 2 passed; 12345 operations}, saying how many of the failed were
     * expected to ({@code 2 failed (2 as expected)}) and how many passed that were expected to fail.
     */
    static String totals(Seq<CellReport> reports, Predicate<Cell> expected) {
        int failed = reports.count(r -> !r.passed());
        int failedAsExpected = reports.count(r -> !r.passed() && expected.test(r.cell()));
        int passedUnexpectedly = reports.count(r -> r.passed() && expected.test(r.cell()));
        return reports.size() + (reports.size() == 1 ? " cell: " : " cells: ") + failed + " failed"
                + (failedAsExpected > 0 ? " (" + failedAsExpected + " as expected)" : "") + ", "
                + (reports.size() - failed) + " passed"
                + (passedUnexpectedly > 0 ? " (" + passedUnexpectedly + " expected to fail)" : "") + "; "
                + totalOps(reports) + " operations";
    }
}
