package io.github.ptcheck.report;

import io.github.ptcheck.Version;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Event;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.rcu.RcuCallback;
import io.vavr.collection.List;
import io.vavr.collection.Seq;

import java.util.Comparator;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The results of a check as one self-contained HTML file (inline CSS, no script, no external
 * resource): the summary table, then per finding the violation's fields, the step-by-step
 * trace with the violating step highlighted and the state of every page, mm and the RCU
 * queue after each step, and the counterexample file. The same reports give the same bytes.
 * The markup is also well-formed XML (every element closed, only numeric character
 * references), so XML tools can read it too.
 */
public final class HtmlReport {

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:110em}",
            "code,pre,td.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}",
            "table{border-collapse:collapse;margin:.5em 0 1.5em}",
            "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}",
            "th{background:#f0f0f0}",
            "td.num{text-align:right}",
            "tr.failed td.verdict{color:#a00;font-weight:bold}",
            "tr.passed td.verdict{color:#060}",
            "tr.expected td.verdict{color:#850}",
            "tr.violation{background:#fdd;outline:2px solid #c00}",
            "tr.teardown td.n::after{content:\" teardown\";color:#777;font-size:.8em}",
            "tr.skipped{color:#888}",
            "ul{margin:0;padding-left:1.2em}",
            "pre{background:#f7f7f7;border:1px solid #ddd;padding:.75em;overflow-x:auto}",
            "section.finding{border-top:2px solid #c00;margin-top:2em}",
            ".meaning{color:#555}");

    private final String title;
    private final Function<CellReport, String> reproduce;
    private final Expectations expected;
    private final Seq<NotJudged> notJudged;

    /**
     * @param title     the page's title and heading
     * @param reproduce the command that reproduces a failing cell (see {@link ConsoleSummary}); may be null
     */
    public HtmlReport(String title, Function<CellReport, String> reproduce) {
        this(title, reproduce, Expectations.none(), io.vavr.collection.List.empty());
    }

    private HtmlReport(String title, Function<CellReport, String> reproduce, Expectations expected,
                       Seq<NotJudged> notJudged) {
        this.title = Objects.requireNonNull(title, "title");
        this.reproduce = reproduce;
        this.expected = Objects.requireNonNull(expected, "expected");
        this.notJudged = Objects.requireNonNull(notJudged, "notJudged");
    }

    /** A report titled {@code ptcheck report}, without reproduce commands. */
    public HtmlReport() {
        this("ptcheck report", null);
    }

    /**
     * The same report, with the cells {@code expected} accepts declared as expected to break an
     * invariant: their verdict reads {@code failed as expected}, or {@code PASSED, expected to
     * fail} if no violation was found (see {@link ConsoleSummary#expecting}).
     */
    public HtmlReport expecting(Predicate<Cell> expected) {
        return expecting(Expectations.matching(expected, "expected"));
    }

    /**
     * The same report, judging each cell by what {@code expected} says of it (see
     * {@link ConsoleSummary#expecting(Expectations)}).
     */
    public HtmlReport expecting(Expectations expected) {
        return new HtmlReport(title, reproduce, expected, notJudged);
    }

    /** The same report, with a section above the table naming the cells whose strategy failed, and where. */
    public HtmlReport notJudged(Seq<NotJudged> cells) {
        return new HtmlReport(title, reproduce, expected, cells);
    }

    public String render(Seq<CellReport> reports) {
        Objects.requireNonNull(reports, "reports");
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(Xml.text(title)).append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(Xml.text(title)).append("</h1>\n");
        sb.append("<p>").append(Xml.text(Findings.totals(reports, expected))).append(". ptcheck ")
                .append(Xml.text(Version.current())).append(".</p>\n");
        notJudged(sb);
        summary(sb, reports);
        int i = 0;
        for (CellReport r : reports) {
            i++;
            if (r.finding().isDefined()) {
                finding(sb, r, r.finding().get(), "finding-" + i, Findings.verdict(r, expected));
            }
            for (Finding g : r.otherFindings()) {
                // Each other invariant broken while shrinking or by a later try, shrunk on its own
                // (CellReport#otherFindings).
                finding(sb, r, g, "finding-" + i + "-" + g.violation().invariant().name().toLowerCase(java.util.Locale.ROOT),
                        "also broken:");
            }
        }
        coverage(sb, reports);
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** The cells not judged, first: a table without them must not read as a run where every cell was. */
    private void notJudged(StringBuilder sb) {
        if (notJudged.isEmpty()) {
            return;
        }
        sb.append("<h2 class=\"failed\">Not judged: the strategy failed (").append(notJudged.size())
                .append(")</h2>\n<ul>\n");
        for (NotJudged n : notJudged.sortBy(NotJudged::position)) {
            sb.append("<li class=\"failed\"><b>").append(Xml.text(n.cell().name())).append("</b>: ")
                    .append(Xml.text(n.failure().getMessage()));
            n.where()
                    .forEach(w -> sb.append("<br/>").append(Xml.text(w)));
            if (n.reproduce() != null) {
                sb.append("<br/>reproduce: <code>").append(Xml.text(n.reproduce())).append("</code>");
            }
            sb.append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    private void summary(StringBuilder sb, Seq<CellReport> reports) {
        sb.append("<table class=\"summary\">\n<thead><tr><th>cell</th><th>verdict</th><th>tries</th><th>ops</th>"
                + "<th>violation</th><th>shrunk</th><th>minimality</th></tr></thead>\n<tbody>\n");
        int i = 0;
        for (CellReport r : reports) {
            i++;
            String name = Xml.text(r.cell().name());
            String rowClass = !Findings.asExpected(r, expected) ? "failed" : r.passed() ? "passed" : "expected";
            sb.append("<tr class=\"").append(rowClass).append("\"><td>")
                    .append(r.passed() ? name : "<a href=\"#finding-" + i + "\">" + name + "</a>")
                    .append("</td><td class=\"verdict\">").append(Xml.text(Findings.verdict(r, expected)))
                    .append("</td><td class=\"num\">").append(Xml.text(Findings.tries(r)))
                    .append("</td><td class=\"num\">").append(r.opsExecuted())
                    .append("</td><td>").append(Xml.text(r.finding().map(Findings::violationShort).getOrElse("-")))
                    .append("</td><td>").append(Xml.text(r.finding().map(Findings::shrunk).getOrElse("-")))
                    .append("</td><td>").append(Xml.text(r.finding().map(f -> f.minimality().words()).getOrElse("-")))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private void finding(StringBuilder sb, CellReport r, Finding f, String id, String heading) {
        Violation v = f.violation();
        sb.append("<section class=\"finding\" id=\"").append(id).append("\">\n");
        sb.append("<h2>").append(Xml.text(heading)).append(' ')
                .append(Xml.text(r.cell().name())).append("</h2>\n");
        sb.append("<p><strong>").append(Xml.text(v.summary())).append("</strong></p>\n");
        sb.append("<table class=\"fields\">\n");
        field(sb, "invariant", Xml.text(v.invariant().name()) + " <span class=\"meaning\">("
                + Xml.text(v.invariant().meaning()) + ")</span>");
        field(sb, "step", v.step() + (Findings.inTeardown(f) ? " (teardown)" : "")
                + " <a href=\"#" + id + "-step-" + v.step() + "\">go to it</a>");
        field(sb, "page", v.pfn() >= 0 ? Integer.toString(v.pfn()) : "-");
        field(sb, "field", "<code>" + Xml.text(v.field()) + "</code>");
        field(sb, "before", "<code>" + Xml.text(v.before()) + "</code>");
        field(sb, "after", "<code>" + Xml.text(v.after()) + "</code>");
        field(sb, "detail", Xml.text(v.detail()));
        field(sb, "seed", Long.toString(f.seed()) + (f.tryIndex() >= 0 ? ", " + TryNumber.ordinal(f.tryIndex()) : ""));
        field(sb, "shrunk", "from " + f.original().size() + " to " + f.shrunk().size() + " operations ("
                + Xml.text(f.minimality().words()) + ")");
        Findings.schedule(f).forEach(sc -> field(sb, "interleaving", Xml.text(sc)));
        String cmd = Findings.command(reproduce, r);
        if (!cmd.isEmpty()) {
            field(sb, "reproduce", "<code>" + Xml.text(cmd) + "</code>");
        }
        sb.append("</table>\n");
        sb.append("<h3>Trace</h3>\n");
        trace(sb, new TextTrace(r.cell().strategy()), f, id);
        sb.append("<h3>Counterexample file</h3>\n<pre class=\"cex\">")
                .append(Xml.text(Findings.fileText(r.cell(), f))).append("</pre>\n");
        sb.append("</section>\n");
    }

    private static void field(StringBuilder sb, String name, String html) {
        sb.append("<tr><th>").append(name).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static void trace(StringBuilder sb, TextTrace text, Finding f, String id) {
        if (f.trace().steps().isEmpty()) {
            sb.append("<p>(the run was not traced)</p>\n");
            return;
        }
        sb.append("<table class=\"trace\">\n<thead><tr><th>step</th><th>operation</th><th>what the kernel did</th>"
                + "<th>state after the step</th></tr></thead>\n<tbody>\n");
        for (Step s : f.trace().steps()) {
            List<String> classes = List.of(s.violation().isDefined() ? "violation" : "", s.teardown() ? "teardown" : "",
                    s.wasSkipped() ? "skipped" : "").filter(c -> !c.isEmpty());
            sb.append("<tr id=\"").append(id).append("-step-").append(s.number()).append('"');
            if (!classes.isEmpty()) {
                sb.append(" class=\"").append(classes.mkString(" ")).append('"');
            }
            sb.append("><td class=\"n\">").append(s.number()).append("</td><td><code>").append(Xml.text(s.op().toString()))
                    .append("</code></td><td>");
            if (s.wasSkipped()) {
                sb.append("skipped: ").append(Xml.text(s.skipped().get())).append("</td><td></td></tr>\n");
                continue;
            }
            List<Event> events = s.violation().map(Violation::events).getOrElse(s.events());
            List<String> did = events.map(e -> Xml.text(e.text()));
            if (s.violation().isDefined()) {
                Violation v = s.violation().get();
                did = did.append("<strong>" + Xml.text(v.invariant().name()) + "</strong>: " + Xml.text(v.detail()))
                        .appendAll(v.field().isEmpty() ? List.empty() : List.of("<code>" + Xml.text(v.field())
                                + "</code>: <code>" + Xml.text(v.before()) + "</code> &#8594; <code>"
                                + Xml.text(v.after()) + "</code>"));
            }
            list(sb, did);
            sb.append("</td><td class=\"mono\">");
            List<String> state = state(text, s.after());
            list(sb, s.violation().isDefined() ? state.prepend("(the step did not complete: the state before it)")
                    : state);
            sb.append("</td></tr>\n");
        }
        if (Findings.violatingStep(f).isEmpty()) {
            // The leak check comes after the last step: invariant 6.
            sb.append("<tr id=\"").append(id).append("-step-").append(f.violation().step()).append("-leak\""
                    + " class=\"violation\"><td class=\"n\"></td><td>leak check</td><td><strong>")
                    .append(Xml.text(f.violation().invariant().name())).append("</strong>: ")
                    .append(Xml.text(f.violation().detail())).append("</td><td></td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /** Every allocated page (counts, flags, owner of the overlapping words, its tables), the RCU queue, the mms. */
    private static List<String> state(TextTrace text, Machine m) {
        List<String> lines = m.pages().values().toSortedSet(Comparator.comparingInt(Page::pfn)).toList()
                .map(p -> Xml.text(text.pageLine(m, p)));
        if (m.pages().isEmpty()) {
            lines = lines.append("no page allocated");
        }
        if (!m.callbacks().isEmpty()) {
            lines = lines.append("rcu queue: " + Xml.text(m.callbacks().map(RcuCallback::toString).mkString("; ")));
        }
        if (!m.readers().isEmpty()) {
            lines = lines.appendAll(m.readers().map(e -> Xml.text("cpu" + e._1 + " inside " + e._2.section().enter()
                    + (e._2.held().isEmpty() ? "" : ", holds t" + e._2.held().mkString(", t")))));
        }
        return lines.appendAll(m.mms().values().toSortedSet(Comparator.comparingInt(Mm::id)).toList()
                .map(mm -> Xml.text(TextTrace.mmLine(mm))));
    }

    private static void list(StringBuilder sb, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("<ul>");
        items.forEach(i -> sb.append("<li>").append(i).append("</li>"));
        sb.append("</ul>");
    }

    private static void coverage(StringBuilder sb, Seq<CellReport> reports) {
        if (reports.forAll(r -> r.coverage().counts().isEmpty())) {
            return;
        }
        sb.append("<h2>Coverage</h2>\n");
        for (CellReport r : reports) {
            sb.append("<details><summary>").append(Xml.text(r.cell().name())).append("</summary>\n<table>\n");
            r.coverage().counts().forEach((k, v) -> sb.append("<tr><th>").append(Xml.text(k))
                    .append("</th><td class=\"num\">").append(v).append("</td></tr>\n"));
            sb.append("</table>\n</details>\n");
        }
    }
}
