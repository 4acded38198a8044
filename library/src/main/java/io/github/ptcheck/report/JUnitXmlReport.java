package io.github.ptcheck.report;

import io.github.ptcheck.Version;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.plan.Verdict;
import io.vavr.collection.Seq;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The results of a check as a Surefire-style JUnit XML report, so that CI servers (Jenkins,
 * GitLab, GitHub Actions reporters) show ptcheck's cells beside the unit tests: one
 * {@code <testsuite>} per run, one {@code <testcase>} per cell named {@code strategy@preset},
 * whose class name is the suite's name and the strategy's ({@code ptcheck.my-module.powerpc-naive-v1}):
 * CI servers group test cases by class name and split it at its dots into packages, so two
 * modules that check the same cell stay apart, and the dots of a strategy's name become
 * {@code _} ({@code generic-v6_6}) so that it stays one class.
 *
 * <p>A failing cell gets a {@code <failure>} whose message is the violation's one-line summary,
 * whose type is the invariant, and whose body is the seed, the reproduce command and the text
 * trace. A cell expected to break an invariant ({@link #expecting}) that did is a
 * {@code <skipped>} test case (as pytest reports an expected failure); one that passed is a
 * {@code <failure>} of type {@code EXPECTED_VIOLATION_NOT_FOUND} (in one job of a frontier split,
 * {@link Expectations#inShare}, a {@code <skipped>} one: the bug may be in another job's share, and
 * the merge judges it), one that broke another
 * invariant a {@code <failure>} of that invariant. A cell whose strategy failed ({@link #notJudged})
 * is an {@code <error>} of type {@code STRATEGY_FAILURE}: the test could not run, as JUnit says
 * of a test that threw. Times are the ones {@link #timed} gives (0
 * without); no timestamp is written unless one is given.
 */
public final class JUnitXmlReport {

    private final String suiteName;
    private final String timestamp;
    private final Function<CellReport, String> reproduce;
    private final Expectations expected;
    private final Function<Cell, Duration> times;
    private final Seq<NotJudged> notJudged;

    /**
     * @param suiteName the {@code <testsuite>} name and the prefix of every test case's class
     *                  name, e.g. {@code ptcheck} or {@code ptcheck.my-module}
     * @param timestamp the suite's {@code timestamp} attribute (ISO 8601), or null for none
     * @param reproduce the command that reproduces a failing cell (see {@link ConsoleSummary}); may be null
     */
    public JUnitXmlReport(String suiteName, String timestamp, Function<CellReport, String> reproduce) {
        this(suiteName, timestamp, reproduce, Expectations.none(), cell -> Duration.ZERO,
                io.vavr.collection.List.empty());
    }

    private JUnitXmlReport(String suiteName, String timestamp, Function<CellReport, String> reproduce,
                           Expectations expected, Function<Cell, Duration> times, Seq<NotJudged> notJudged) {
        this.suiteName = Objects.requireNonNull(suiteName, "suiteName");
        this.timestamp = timestamp;
        this.reproduce = reproduce;
        this.expected = Objects.requireNonNull(expected, "expected");
        this.times = Objects.requireNonNull(times, "times");
        this.notJudged = Objects.requireNonNull(notJudged, "notJudged");
    }

    /** A suite named {@code ptcheck}, without timestamp or reproduce commands. */
    public JUnitXmlReport() {
        this("ptcheck", null, null);
    }

    /**
     * The same report, with the cells {@code expected} accepts declared as expected to break an
     * invariant, any one: skipped if they did, failed if not.
     */
    public JUnitXmlReport expecting(Predicate<Cell> expected) {
        return expecting(Expectations.matching(expected, "expected"));
    }

    /** The same report, judging each cell by what {@code expected} says of it. */
    public JUnitXmlReport expecting(Expectations expected) {
        return new JUnitXmlReport(suiteName, timestamp, reproduce, expected, times, notJudged);
    }

    /** The same report, with each cell's wall-clock time (the suite's is their sum). */
    public JUnitXmlReport timed(Function<Cell, Duration> times) {
        return new JUnitXmlReport(suiteName, timestamp, reproduce, expected, times, notJudged);
    }

    /** The same report, with the cells whose strategy failed, each an error at its position among the others. */
    public JUnitXmlReport notJudged(Seq<NotJudged> cells) {
        return new JUnitXmlReport(suiteName, timestamp, reproduce, expected, times, cells);
    }

    /** The class name of a cell's test case: the suite's name, a dot, the strategy's name without dots. */
    public String className(Cell cell) {
        return suiteName + "." + cell.strategy().name().replace('.', '_');
    }

    public String render(Seq<CellReport> reports) {
        Objects.requireNonNull(reports, "reports");
        Duration total = reports.map(r -> times.apply(r.cell())).appendAll(notJudged.map(n -> times.apply(n.cell())))
                .foldLeft(Duration.ZERO, Duration::plus);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"").append(Xml.attr(suiteName)).append('"')
                .append(" tests=\"").append(reports.size() + notJudged.size()).append('"')
                .append(" failures=\"").append(reports.count(r -> !Findings.asExpected(r, expected)
                        && !leftToMerge(r))).append('"')
                .append(" errors=\"").append(notJudged.size()).append("\" skipped=\"")
                .append(reports.count(r -> expected.verdict(r) == Verdict.FAILED_AS_EXPECTED || leftToMerge(r)))
                .append("\" time=\"").append(seconds(total)).append('"');
        if (timestamp != null) {
            sb.append(" timestamp=\"").append(Xml.attr(timestamp)).append('"');
        }
        sb.append(">\n");
        sb.append("  <properties>\n");
        property(sb, "ptcheck.version", Version.current());
        sb.append("  </properties>\n");
        java.util.List<String> cases = new java.util.ArrayList<>();
        for (CellReport r : reports) {
            StringBuilder c = new StringBuilder();
            testcase(c, r);
            cases.add(c.toString());
        }
        for (NotJudged n : notJudged.sortBy(NotJudged::position)) {
            cases.add(Math.min(Math.max(n.position(), 0), cases.size()), error(n));
        }
        cases.forEach(sb::append);
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    /**
     * Whether the cell is an expected violation this job, one of a frontier split, did not find in
     * its share ({@link Expectations#inShare}): not a failure of the job, the merge judges it.
     */
    private boolean leftToMerge(CellReport r) {
        return expected.share() != null && expected.verdict(r) == Verdict.PASSED_EXPECTED_TO_FAIL;
    }

    /** Seconds with three decimals, as Surefire writes them. */
    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static void property(StringBuilder sb, String name, String value) {
        sb.append("    <property name=\"").append(Xml.attr(name)).append("\" value=\"").append(Xml.attr(value))
                .append("\"/>\n");
    }

    private void testcase(StringBuilder sb, CellReport r) {
        sb.append("  <testcase name=\"").append(Xml.attr(r.cell().name())).append("\" classname=\"")
                .append(Xml.attr(className(r.cell()))).append("\" time=\"").append(seconds(times.apply(r.cell())))
                .append("\">\n");
        Verdict v = expected.verdict(r);
        if (r.finding().isDefined()) {
            Finding f = r.finding().get();
            boolean skip = v == Verdict.FAILED_AS_EXPECTED;
            String element = skip ? "skipped" : "failure";
            String message = skip ? "expected: " + f.violation().summary() : v == Verdict.OTHER_VIOLATION
                    ? Findings.verdict(r, expected) + ", found " + f.violation().summary() : f.violation().summary();
            sb.append("    <").append(element).append(" message=\"").append(Xml.attr(message)).append('"');
            if (!skip) {
                sb.append(" type=\"").append(Xml.attr(f.violation().invariant().name())).append('"');
            }
            sb.append('>').append(Xml.text(body(r, f))).append("</").append(element).append(">\n");
        } else if (leftToMerge(r)) {
            // One job of a frontier split: the bug may be in another job's share; the merge judges the cell.
            sb.append("    <skipped message=\"").append(Xml.attr(expected.words(r) + " (expected "
                    + expected.of(r.cell()).get().describe() + ")")).append("\"/>\n");
        } else if (v == Verdict.PASSED_EXPECTED_TO_FAIL) {
            sb.append("    <failure message=\"").append(Xml.attr("expected " + expected.of(r.cell()).get().describe()
                    + ", none found in " + r.triesRun() + " tries with seed " + r.seed()))
                    .append("\" type=\"EXPECTED_VIOLATION_NOT_FOUND\">").append(Xml.text(counts(r)))
                    .append("</failure>\n");
        }
        sb.append("    <system-out>").append(Xml.text(counts(r))).append("</system-out>\n");
        sb.append("  </testcase>\n");
    }

    private String error(NotJudged n) {
        StringBuilder b = new StringBuilder("not judged, its strategy failed: ").append(n.cell().name()).append('\n');
        n.where().forEach(w -> b.append(w).append('\n'));
        NotJudged.userFrames(n.failure().getCause(), 6).forEach(l -> b.append(l.strip()).append('\n'));
        if (n.reproduce() != null) {
            b.append("reproduce: ").append(n.reproduce()).append('\n');
        }
        return "  <testcase name=\"" + Xml.attr(n.cell().name()) + "\" classname=\"" + Xml.attr(className(n.cell()))
                + "\" time=\"" + seconds(times.apply(n.cell())) + "\">\n    <error message=\""
                + Xml.attr(n.failure().getMessage()) + "\" type=\"STRATEGY_FAILURE\">" + Xml.text(b.toString())
                + "</error>\n  </testcase>\n";
    }

    private String body(CellReport r, Finding f) {
        StringBuilder b = new StringBuilder();
        b.append(Findings.verdict(r, expected)).append(' ').append(r.cell().name()).append('\n');
        b.append(Findings.howFound(f)).append('\n');
        Findings.otherFindings(r).forEach(l -> b.append(l.strip().isEmpty() ? "" : l.substring(2)).append('\n'));
        String cmd = Findings.command(reproduce, r);
        if (!cmd.isEmpty()) {
            b.append("reproduce: ").append(cmd).append('\n');
        }
        b.append('\n').append(new TextTrace(r.cell().strategy()).render(f.trace()));
        return b.toString();
    }

    private String counts(CellReport r) {
        StringBuilder b = new StringBuilder();
        b.append(r.cell().name()).append(": ").append(Findings.verdict(r, expected))
                .append("; seed ").append(r.seed())
                .append(", ").append(r.triesRun()).append(" of ").append(r.tries()).append(" tries")
                .append(r.cutByBudget() ? " (cut by the time budget)" : "").append(", ").append(r.opsExecuted())
                .append(" operations\n");
        r.coverage().counts().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }
}
