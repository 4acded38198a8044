package io.github.ptcheck.report;

import io.github.ptcheck.check.CellReport;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    private static Element byId(Document d, String id) {
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    @Test
    void theViolatingStepIsHighlightedWithTheFieldBeforeAndAfterAndThePageStates() throws Exception {
        List<CellReport> reports = SampleReports.all();
        String html = new HtmlReport("ptcheck report", SampleReports::command).render(reports);
        Document d = JUnitXmlReportTest.parse(html); // well-formed: it parses as XML

        Element step4 = byId(d, "finding-1-step-4");
        assertEquals("violation", step4.getAttribute("class"));
        String text = step4.getTextContent();
        assertTrue(text.contains("freeDeferred t1"), text);
        assertTrue(text.contains("RCU_HEAD_REUSE"), text);
        assertTrue(text.contains("rcu_head: rcu_head (queued, func=pte_free_now) \u2192 queued again"), text);
        assertTrue(text.contains("page 0: _refcount=1 pt_frag_refcount=16 flags=table"), text);
        // Only that step is highlighted in this finding; the steps before it show the page states.
        assertEquals("", byId(d, "finding-1-step-3").getAttribute("class"));
        assertTrue(byId(d, "finding-1-step-3").getTextContent().contains("words=rcu_head (queued, func=pte_free_now)"));
        Matcher m = Pattern.compile("<tr id=\"finding-1-step-(\\d+)\" class=\"violation\"").matcher(html);
        assertTrue(m.find());
        assertEquals("4", m.group(1));
        assertFalse(m.find());

        Element section = byId(d, "finding-1");
        assertTrue(section.getTextContent().contains("\nviolation: RCU_HEAD_REUSE step=4 page=0\n"),
                "the counterexample file is in the report");
        assertTrue(section.getTextContent().contains("./mvnw ptcheck:check -Dptcheck.seed=42"));
        assertTrue(html.contains("<style>") && !html.contains("<script") && !html.contains("<link"),
                "self-contained, no script");
    }

    @Test
    void aLeakFoundAfterTheTeardownGetsAHighlightedLeakCheckRow() throws Exception {
        Document d = JUnitXmlReportTest.parse(new HtmlReport().render(List.of(SampleReports.leaky())));
        Element leak = byId(d, "finding-1-step-4-leak");
        assertEquals("violation", leak.getAttribute("class"));
        assertTrue(leak.getTextContent().contains("LEAK"));
        assertEquals("teardown skipped", byId(d, "finding-1-step-4").getAttribute("class"));
        assertEquals("teardown", byId(d, "finding-1-step-3").getAttribute("class"));
    }

    @Test
    void everythingIsEscaped() throws Exception {
        String html = new HtmlReport("a <b> & \"c\"", null).render(List.of(SampleReports.nasty()));
        Document d = JUnitXmlReportTest.parse(html);
        assertEquals("a <b> & \"c\"", d.getElementsByTagName("title").item(0).getTextContent());
        assertFalse(html.contains("<tag>"));
        assertTrue(html.contains("next line &lt;tag&gt; &amp; ampersand"));
        assertTrue(html.contains("esc&lt;&amp;&gt;'strategy@x86_64"));
        assertTrue(byId(d, "finding-1-step-2").getTextContent().contains("a \"quoted\" word,\nnext line <tag>"));
    }

    @Test
    void equalInputGivesEqualBytes() {
        assertEquals(new HtmlReport().render(SampleReports.all()), new HtmlReport().render(SampleReports.all()));
    }

    @Test
    void expectedCellsSayFailedAsExpected() {
        String html = new HtmlReport().expecting(c -> true).render(List.of(SampleReports.naive(),
                SampleReports.generic()));
        assertTrue(html.contains("<tr class=\"expected\"><td><a href=\"#finding-1\">"), html);
        assertTrue(html.contains("<td class=\"verdict\">failed as expected</td>"), html);
        assertTrue(html.contains("<tr class=\"failed\"><td>generic-v6.6@x86_64</td>"
                + "<td class=\"verdict\">PASSED, expected to fail</td>"), html);
        assertTrue(html.contains("<h2>failed as expected powerpc-naive-v1@powerpc64-hash-64k</h2>"), html);
    }
}
