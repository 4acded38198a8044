package io.github.ptcheck.report;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.invariant.Violation;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The console summary of a check: a fixed-width table with one row per cell (verdict, tries,
 * operations, violation and step, shrunk length, minimality), then for each failing cell its
 * violation, seed, shrunk sequence and the command that reproduces it. Plain text, {@code \n}
 * line ends, no trailing blanks; the same reports give the same bytes.
 *
 * <pre>
 * ptcheck: 2 cells: 1 failed, 1 passed; 1290 operations
 * cell                                 verdict  tries      ops  violation              shrunk  minimality
 * -----------------------------------  -------  -------  -----  ---------------------  ------  ----------
 * powerpc-naive-v1@powerpc64-hash-64k  FAILED   18/1000    290  RCU_HEAD_REUSE step 4  4 of 9  1-minimal
 * generic-v6.6@x86_64                  passed   100/100   1000  -                      -       -
 * </pre>
 */
public final class ConsoleSummary {

    private static final Vector<String> HEADS = Vector.of("cell", "verdict", "tries", "ops", "violation", "shrunk",
            "minimality");
    /** Columns whose values are numbers: aligned right. */
    private static final Vector<Boolean> RIGHT = Vector.of(false, false, true, true, false, false, false);

    private final Function<CellReport, String> reproduce;
    private final Expectations expected;
    private final int notJudged;

    /**
     * @param reproduce the command that reproduces a failing cell, made by the caller (the
     *                  plugin passes e.g. {@code ./mvnw ptcheck:check -Dptcheck.seed=42
     *                  -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k}); null or an empty
     *                  result for none
     */
    public ConsoleSummary(Function<CellReport, String> reproduce) {
        this(reproduce, Expectations.none(), 0);
    }

    private ConsoleSummary(Function<CellReport, String> reproduce, Expectations expected, int notJudged) {
        this.reproduce = reproduce;
        this.expected = Objects.requireNonNull(expected, "expected");
        this.notJudged = notJudged;
    }

    /** A summary without reproduce commands. */
    public ConsoleSummary() {
        this(null);
    }

    /**
     * The same summary, with the cells {@code expected} accepts declared as expected to break an
     * invariant, any one (known-broken patches, findings not fixed yet): their verdict reads
     * {@code failed as expected}, or {@code PASSED, expected to fail} if no violation was found.
     */
    public ConsoleSummary expecting(Predicate<Cell> expected) {
        return expecting(Expectations.matching(expected, "expected"));
    }

    /**
     * The same summary, judging each cell by what {@code expected} says of it (the known verdicts
     * of the built-ins, a user's expected violations): {@code failed as expected}, {@code PASSED,
     * expected to fail}, or {@code FAILED, expected RCU_HEAD_REUSE} for another invariant.
     */
    public ConsoleSummary expecting(Expectations expected) {
        return new ConsoleSummary(reproduce, expected, notJudged);
    }

    /**
     * The same summary, whose totals line counts {@code n} more cells that were not judged (their
     * strategy failed; the caller lists them below the table), so that it agrees with a header
     * that counted every cell: {@code 6 cells judged, 12 not judged (below): 1 failed, ...}. With
     * 0 the line is as without.
     */
    public ConsoleSummary withNotJudged(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cells not judged must be >= 0, was " + n);
        }
        return new ConsoleSummary(reproduce, expected, n);
    }

    /**
     * {@code 6 cells}, or when some were not judged {@code 6 cells judged, 12 not judged (below)}:
     * how a totals line counts the cells (the command line's explore says it above its table too).
     */
    public static String cells(int judged, int notJudged) {
        return judged + (judged == 1 ? " cell" : " cells") + (notJudged == 0 ? "" : " judged, " + notJudged
                + " not judged (below)");
    }

    /** {@link #table} followed by {@link #finding} of every failing cell, each after a blank line. */
    public String render(Seq<CellReport> reports) {
        StringBuilder sb = new StringBuilder(table(reports));
        for (CellReport r : reports) {
            if (r.finding().isDefined()) {
                sb.append('\n').append(finding(r));
            }
        }
        return sb.toString();
    }

    /** The totals line and the table, one row per cell. */
    public String table(Seq<CellReport> reports) {
        Objects.requireNonNull(reports, "reports");
        StringBuilder sb = new StringBuilder("ptcheck: ").append(Findings.totals(reports, expected, notJudged)).append('\n');
        Vector<Vector<String>> rows = Vector.ofAll(reports).map(this::row);
        Vector<Integer> widths = HEADS.zipWithIndex().map(h -> rows.map(r -> r.get(h._2).length())
                .prepend(h._1.length()).max().get());
        line(sb, HEADS, widths);
        line(sb, widths.map(w -> "-".repeat(w)), widths);
        rows.forEach(r -> line(sb, r, widths));
        return sb.toString();
    }

    /**
     * A failing cell's block: verdict and cell, the violation's summary, seed and try, the shrunk
     * sequence with the violating step marked, and the reproduce command; empty for a passing cell.
     */
    public String finding(CellReport r) {
        Objects.requireNonNull(r, "report");
        StringBuilder sb = new StringBuilder();
        r.finding().forEach(f -> failure(sb, r, f));
        return sb.toString();
    }

    private Vector<String> row(CellReport r) {
        return Vector.of(r.cell().name(), Findings.verdict(r, expected), Findings.tries(r),
                Long.toString(r.opsExecuted()),
                r.finding().map(Findings::violationShort).getOrElse("-"),
                r.finding().map(Findings::shrunk).getOrElse("-"),
                r.finding().map(f -> f.minimality().words()).getOrElse("-"));
    }

    private static void line(StringBuilder sb, Vector<String> cells, Vector<Integer> widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(widths.get(i) - c.length());
            l.append(i == 0 ? "" : "  ").append(RIGHT.get(i) ? pad + c : c + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    private void failure(StringBuilder sb, CellReport r, Finding f) {
        Violation v = f.violation();
        sb.append(Findings.verdict(r, expected)).append(' ').append(r.cell().name()).append('\n');
        sb.append("  ").append(v.summary()).append('\n');
        sb.append("  ").append(Findings.howFound(f)).append(":\n");
        Findings.numberedSequence(f).forEach(l -> sb.append(l).append('\n'));
        Findings.otherFindings(r).forEach(l -> sb.append(l).append('\n'));
        String cmd = Findings.command(reproduce, r);
        if (!cmd.isEmpty()) {
            sb.append("  reproduce: ").append(cmd).append('\n');
        }
    }

}
