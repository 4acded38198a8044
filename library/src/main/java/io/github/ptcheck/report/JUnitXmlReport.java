package io.github.ptcheck.report;

import io.github.ptcheck.Version;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.vavr.collection.Seq;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The results of a check as a Surefire-style JUnit XML report, so that CI servers (Jenkins,
 * GitLab, GitHub Actions reporters) show ptcheck's cells beside the unit tests: one
 * {@code <testsuite>} per run, one {@code <testcase>} per cell named {@code strategy@preset},
 * and for a failing cell a {@code <failure>} whose message is the violation's one-line summary,
 * whose type is the invariant, and whose body is the seed, the reproduce command and the text
 * trace. A cell declared expected to break an invariant ({@link #expecting}) that did is a
 * {@code <skipped>} test case (as pytest reports an expected failure), and one that did not is a
 * {@code <failure>} of type {@code EXPECTED_VIOLATION_NOT_FOUND}. Results carry no wall-clock time, so every {@code time} is 0 and no timestamp is
 * written unless one is given; the same reports give the same bytes.
 */
public final class JUnitXmlReport {

    private final String suiteName;
    private final String timestamp;
    private final Function<CellReport, String> reproduce;
    private final Predicate<Cell> expected;

    /**
     * @param suiteName the {@code <testsuite>} name and every test case's class name, e.g. {@code ptcheck}
     * @param timestamp the suite's {@code timestamp} attribute (ISO 8601), or null for none
     * @param reproduce the command that reproduces a failing cell (see {@link ConsoleSummary}); may be null
     */
    public JUnitXmlReport(String suiteName, String timestamp, Function<CellReport, String> reproduce) {
        this(suiteName, timestamp, reproduce, cell -> false);
    }

    private JUnitXmlReport(String suiteName, String timestamp, Function<CellReport, String> reproduce,
                           Predicate<Cell> expected) {
        this.suiteName = Objects.requireNonNull(suiteName, "suiteName");
        this.timestamp = timestamp;
        this.reproduce = reproduce;
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    /** A suite named {@code ptcheck}, without timestamp or reproduce commands. */
    public JUnitXmlReport() {
        this("ptcheck", null, null);
    }

    /**
     * The same report, with the cells {@code expected} accepts declared as expected to break an
     * invariant (known-broken patches, findings not fixed yet): skipped if they did, failed if not.
     */
    public JUnitXmlReport expecting(Predicate<Cell> expected) {
        return new JUnitXmlReport(suiteName, timestamp, reproduce, expected);
    }

    public String render(Seq<CellReport> reports) {
        Objects.requireNonNull(reports, "reports");
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"").append(Xml.attr(suiteName)).append('"')
                .append(" tests=\"").append(reports.size()).append('"')
                .append(" failures=\"").append(reports.count(r -> !Findings.asExpected(r, expected.test(r.cell()))))
                .append('"')
                .append(" errors=\"0\" skipped=\"").append(reports.count(r -> !r.passed() && expected.test(r.cell())))
                .append("\" time=\"0\"");
        if (timestamp != null) {
            sb.append(" timestamp=\"").append(Xml.attr(timestamp)).append('"');
        }
        sb.append(">\n");
        sb.append("  <properties>\n");
        property(sb, "ptcheck.version", Version.current());
        sb.append("  </properties>\n");
        for (CellReport r : reports) {
            testcase(sb, r);
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    private static void property(StringBuilder sb, String name, String value) {
        sb.append("    <property name=\"").append(Xml.attr(name)).append("\" value=\"").append(Xml.attr(value))
                .append("\"/>\n");
    }

    private void testcase(StringBuilder sb, CellReport r) {
        sb.append("  <testcase name=\"").append(Xml.attr(r.cell().name())).append("\" classname=\"")
                .append(Xml.attr(suiteName)).append("\" time=\"0\">\n");
        boolean expect = expected.test(r.cell());
        if (r.finding().isDefined()) {
            Finding f = r.finding().get();
            String element = expect ? "skipped" : "failure";
            sb.append("    <").append(element).append(" message=\"")
                    .append(Xml.attr((expect ? "expected: " : "") + f.violation().summary())).append('"');
            if (!expect) {
                sb.append(" type=\"").append(Xml.attr(f.violation().invariant().name())).append('"');
            }
            sb.append('>').append(Xml.text(body(r, f))).append("</").append(element).append(">\n");
        } else if (expect) {
            sb.append("    <failure message=\"").append(Xml.attr("expected a violation, none found in " + r.triesRun()
                    + " tries with seed " + r.seed())).append("\" type=\"EXPECTED_VIOLATION_NOT_FOUND\">")
                    .append(Xml.text(counts(r))).append("</failure>\n");
        }
        sb.append("    <system-out>").append(Xml.text(counts(r))).append("</system-out>\n");
        sb.append("  </testcase>\n");
    }

    private String body(CellReport r, Finding f) {
        StringBuilder b = new StringBuilder();
        b.append(Findings.verdict(r, expected.test(r.cell()))).append(' ').append(r.cell().name()).append('\n');
        b.append("seed ").append(f.seed()).append(f.tryIndex() >= 0 ? ", try " + f.tryIndex() : "")
                .append("; shrunk from ").append(f.original().size()).append(" to ").append(f.shrunk().size())
                .append(" operations (").append(f.minimality().words()).append(")\n");
        String cmd = Findings.command(reproduce, r);
        if (!cmd.isEmpty()) {
            b.append("reproduce: ").append(cmd).append('\n');
        }
        b.append('\n').append(new TextTrace(r.cell().strategy()).render(f.trace()));
        return b.toString();
    }

    private String counts(CellReport r) {
        StringBuilder b = new StringBuilder();
        b.append(r.cell().name()).append(": ").append(Findings.verdict(r, expected.test(r.cell())))
                .append("; seed ").append(r.seed())
                .append(", ").append(r.triesRun()).append(" of ").append(r.tries()).append(" tries")
                .append(r.cutByBudget() ? " (cut by the time budget)" : "").append(", ").append(r.opsExecuted())
                .append(" operations\n");
        r.coverage().counts().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }
}
