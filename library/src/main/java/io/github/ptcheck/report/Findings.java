package io.github.ptcheck.report;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.plan.Verdict;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.function.Function;

/** What every renderer says the same way about a cell and its finding. */
final class Findings {

    private Findings() {
    }

    /**
     * The verdict in words ({@link Verdict#words}), with {@code FAILED (known broken)} for a
     * violation of a patch kept because it is broken, on a cell nobody expected it of.
     */
    static String verdict(CellReport r, Expectations expected) {
        Verdict v = expected.verdict(r);
        if (v == Verdict.VIOLATION && Strategies.knownBroken(r.cell().strategy().name())) {
            return "FAILED (known broken)";
        }
        return expected.words(r);
    }

    /** Whether a cell's result is what was expected of it: a pass, or a violation where one was expected. */
    static boolean asExpected(CellReport r, Expectations expected) {
        return expected.verdict(r).asExpected();
    }

    /**
     * How the sequence was found, without repeating a number: {@code seed 7, 4th try; shrunk from 16
     * to 4 operations (1-minimal)}, {@code seed 7, 1st try; 4 operations as generated (1-minimal)},
     * or {@code found by exhaustive search: 4 operations, none shorter}.
     */
    static String howFound(Finding f) {
        return howFoundSequence(f) + schedule(f).map(sc -> "; interleaved: " + sc).getOrElse("");
    }

    /**
     * The schedule of an interleaved finding: {@code schedule 2:0 3 2 (1 preemption: step 2 is
     * preempted before its first kernel call, ...)}; none for operations run whole.
     */
    static Option<String> schedule(Finding f) {
        Schedule s = f.schedule();
        return s.sequential() ? Option.none() : Option.of("schedule " + s.explained());
    }

    private static String howFoundSequence(Finding f) {
        int n = f.shrunk().size();
        String ops = n + (n == 1 ? " operation" : " operations");
        if (f.minimality() == Minimality.SHORTEST) {
            return "found by exhaustive search: " + ops + ", none shorter";
        }
        String origin = "seed " + f.seed() + (f.tryIndex() >= 0 ? ", " + TryNumber.ordinal(f.tryIndex()) : "") + "; ";
        if (f.original().size() == n) {
            return origin + ops + " as generated (" + f.minimality().words() + ")";
        }
        return origin + "shrunk from " + f.original().size() + " to " + ops + " (" + f.minimality().words() + ")";
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

    /**
     * The shrunk sequence, one numbered line per operation with the violating step marked
     * {@code >>} and skipped operations noted; after it the teardown when the violation came there.
     */
    static List<String> numberedSequence(Finding f) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        Vector<Step> steps = f.trace().steps();
        int violating = f.violation().step();
        for (int i = 0; i < f.shrunk().size(); i++) {
            int n = i + 1;
            String note = steps.find(s -> s.number() == n).flatMap(Step::skipped).map(w -> "   (skipped: " + w + ")")
                    .getOrElse("");
            lines.add(numbered(n, n == violating, f.shrunk().get(i) + note));
        }
        if (inTeardown(f)) {
            for (Step s : steps.filter(Step::teardown)) {
                lines.add(numbered(s.number(), s.number() == violating && s.violation().isDefined(), s.op()
                        + "   (teardown)"));
            }
            if (violatingStep(f).isEmpty()) {
                lines.add("  >> leak check after the teardown");
            }
        }
        return List.ofAll(lines);
    }

    /**
     * The other invariants a random check broke, while shrinking its finding or in a later try
     * ({@link CellReport#otherFindings}), each as its summary, how it was found (its own try) and
     * its numbered sequence, under a line that says what they are; nothing when there are none.
     */
    static List<String> otherFindings(CellReport r) {
        Vector<Finding> others = r.otherFindings();
        if (others.isEmpty()) {
            return List.empty();
        }
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("  also broken (" + others.size() + " other invariant" + (others.size() == 1 ? "" : "s")
                + ", met while shrinking it or in a later try, each shrunk on its own):");
        for (Finding g : others) {
            lines.add("  " + g.violation().summary());
            lines.add("  " + howFound(g) + ":");
            lines.addAll(numberedSequence(g).toJavaList());
        }
        return List.ofAll(lines);
    }

    /** A step of a numbered sequence: {@code       3  freeDeferred t0}, or marked {@code   >>  3  ...} where it broke. */
    static String numbered(int n, boolean violating, Object op) {
        return (violating ? "  >>" : "    ") + pad(n) + "  " + op;
    }

    private static String pad(int n) {
        String s = Integer.toString(n);
        return " ".repeat(Math.max(0, 3 - s.length())) + s;
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
        return fileText(cell, f, null);
    }

    /** {@link #fileText(Cell, Finding)}, loading a strategy of the user's with {@code load} (see {@link FindingFile#text(Cell, Finding, String)}). */
    static String fileText(Cell cell, Finding f, String load) {
        try {
            return FindingFile.text(cell, f, load);
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
    static String totals(Seq<CellReport> reports, Expectations expected) {
        return totals(reports, expected, 0);
    }

    /** {@link #totals(Seq, Expectations)}, counting {@code notJudged} more cells ({@link ConsoleSummary#cells}). */
    static String totals(Seq<CellReport> reports, Expectations expected, int notJudged) {
        int failed = reports.count(r -> !r.passed());
        int failedAsExpected = reports.count(r -> expected.verdict(r) == Verdict.FAILED_AS_EXPECTED);
        int passedUnexpectedly = reports.count(r -> expected.verdict(r) == Verdict.PASSED_EXPECTED_TO_FAIL);
        return ConsoleSummary.cells(reports.size(), notJudged) + ": " + failed + " failed"
                + (failedAsExpected > 0 ? " (" + failedAsExpected + " as expected)" : "") + ", "
                + (reports.size() - failed) + " passed"
                + (passedUnexpectedly > 0 ? " (" + passedUnexpectedly + " expected to fail" + (expected.share() == null
                ? "" : ", judged at merge") + ")" : "") + "; "
                + totalOps(reports) + " operations";
    }
}
