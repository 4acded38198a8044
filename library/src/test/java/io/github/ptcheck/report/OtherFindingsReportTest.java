package io.github.ptcheck.report;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.strategy.powerpc.ActiveAfterFragmentFree;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The other invariants a random check broke (while shrinking, or in later tries) reach every report, each with its
 * shrunk sequence.
 */
class OtherFindingsReportTest {

    private static final String ALSO = "also broken (1 other invariant, met while shrinking it or in a later try,"
            + " each shrunk on its own):";

    private static final Cell CELL = new Cell(Presets.POWERPC64_HASH_64K, new ActiveAfterFragmentFree());
    private static final Vector<Op> ORIGINAL = seq(alloc(0), alloc(1), fill(0), defer(0), tlbSiblings(2), defer(2),
            lock(1));

    /** What FullPagesTest's random check reports, built by hand: BAD_PAGE_STATE in five operations, USE_AFTER_FREE in four. */
    private static CellReport report() {
        Finding primary = SampleReports.finding(CELL, seq(alloc(0), fill(0), defer(0), tlbSiblings(1), defer(1)),
                ORIGINAL, 0L, 9, Minimality.ONE_MINIMAL);
        Finding other = SampleReports.finding(CELL, seq(alloc(0), fill(0), tlbSiblings(0), defer(0)), ORIGINAL, 0L, 9,
                Minimality.ONE_MINIMAL);
        return new CellReport(CELL, 0L, 200, 10, 400, SampleReports.coverage(40, 12), Option.of(primary), false,
                Vector.of(other));
    }

    @Test
    void theTextBlocksShowEachOtherInvariantWithItsSequence() {
        CellReport r = report();
        String other = r.otherFindings().head().violation().summary();
        java.util.List<String> lines = new FindingBlocks(Expectations.none(), null, null).blocks(List.of(r)).head()
                .lines();
        int at = lines.indexOf("  " + ALSO);
        assertTrue(at > 0, () -> String.join("\n", lines));
        assertEquals(java.util.List.of("  " + other, "  seed 0, 10th try; shrunk from 7 to 4 operations (1-minimal):",
                "      1  alloc mm0", "      2  fill mm0", "      3  freeTlbSiblings t0", "  >>  4  freeDeferred t0"),
                lines.subList(at + 1, at + 7));
        // The primary finding's sequence comes first, then the other; the trace after them says it is the first's.
        assertTrue(lines.indexOf("      4  freeTlbSiblings t1") < at, () -> String.join("\n", lines));
        assertTrue(lines.indexOf("  trace of the first, " + r.finding().get().violation().invariant().name()
                + " in 5 operations:") > at + 6, () -> String.join("\n", lines));
        String console = new ConsoleSummary().render(List.of(r));
        assertTrue(console.contains(ALSO + "\n  "
                + other + "\n"), console);
        String xml = new JUnitXmlReport("ptcheck", null, null).render(List.of(r));
        assertTrue(xml.contains(Xml.text(ALSO)), xml);
        assertTrue(xml.contains(Xml.text(">>  4  freeDeferred t0")), xml);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonReportListsTheOtherFindingsAsFindings() {
        Map<String, Object> root = (Map<String, Object>) JsonReader.parse(new JsonReport(null).render(List.of(report())));
        Map<String, Object> cell = (Map<String, Object>) ((java.util.List<Object>) root.get("cells")).get(0);
        java.util.List<Object> others = (java.util.List<Object>) cell.get("otherFindings");
        assertEquals(1, others.size());
        Map<String, Object> f = (Map<String, Object>) others.get(0);
        assertEquals(java.util.List.of("alloc mm0", "fill mm0", "freeTlbSiblings t0", "freeDeferred t0"), f.get("shrunk"));
        assertEquals(4L, f.get("shrunkLength"));
        assertEquals(9L, f.get("try"));
        assertEquals("USE_AFTER_FREE", ((Map<String, Object>) f.get("violation")).get("invariant"));
        assertEquals("BAD_PAGE_STATE", ((Map<String, Object>) ((Map<String, Object>) cell.get("finding"))
                .get("violation")).get("invariant"));
    }

    @Test
    void theHtmlReportHasASectionForEachOtherFinding() {
        String html = new HtmlReport("t", null).render(List.of(report()));
        int primary = html.indexOf("<section class=\"finding\" id=\"finding-1\">");
        int other = html.indexOf("<section class=\"finding\" id=\"finding-1-use_after_free\">");
        assertTrue(primary >= 0 && other > primary, html);
        assertTrue(html.indexOf("<h2>also broken: " + CELL.name() + "</h2>") > other, html);
    }

    @Test
    void anExhaustiveFindingKeepsTheRandomFindingsOfOtherInvariants() {
        CellReport r = report();
        Finding shortest = r.otherFindings().head();
        CellReport joined = r.joined(r.coverage(), Option.of(shortest));
        assertEquals(Option.of(shortest), joined.finding());
        assertEquals(Vector.of(r.finding().get()), joined.otherFindings());
        assertEquals(r.otherFindings(), r.joined(r.coverage(), Option.none()).otherFindings());
    }
}
