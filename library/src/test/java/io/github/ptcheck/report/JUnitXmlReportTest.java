package io.github.ptcheck.report;

import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.plan.Expected;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JUnitXmlReportTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSurefireStyleSuiteWithOneTestcasePerCellAndAFailurePerFinding() throws Exception {
        List<CellReport> reports = SampleReports.all();
        String xml = new JUnitXmlReport("ptcheck", null, SampleReports::command).render(reports);
        Document d = parse(xml);
        Element suite = d.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("ptcheck", suite.getAttribute("name"));
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertFalse(suite.hasAttribute("timestamp"), "no timestamp unless given");

        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element naive = (Element) cases.item(0);
        assertEquals("powerpc-naive-v1@powerpc64-hash-64k", naive.getAttribute("name"));
        assertEquals("ptcheck.powerpc-naive-v1", naive.getAttribute("classname"));
        assertEquals("ptcheck.generic-v6_6", ((Element) cases.item(1)).getAttribute("classname"),
                "the dots of v6.6 would split the class name into packages");
        Element failure = (Element) naive.getElementsByTagName("failure").item(0);
        assertEquals(reports.head().finding().get().violation().summary(), failure.getAttribute("message"));
        assertEquals("RCU_HEAD_REUSE", failure.getAttribute("type"));
        String body = failure.getTextContent();
        assertTrue(body.contains("seed 42, 18th try; shrunk from 9 to 4 operations (1-minimal)\n"), body);
        assertTrue(body.contains("reproduce: ./mvnw ptcheck:check -Dptcheck.seed=42"), body);
        assertTrue(body.contains(new TextTrace(reports.head().cell().strategy()).render(
                reports.head().finding().get().trace())), "the body holds the text trace");

        Element generic = (Element) cases.item(1);
        assertEquals(0, generic.getElementsByTagName("failure").getLength(), "a passing cell has no failure");
        assertTrue(generic.getElementsByTagName("system-out").item(0).getTextContent()
                .contains("100 of 100 tries, 1000 operations"));
    }

    @Test
    void eachCaseHasItsTimeTheSuiteTheSumAndAKnownVerdictIsSkippedOrAFailureWhenItChanged() throws Exception {
        List<CellReport> reports = List.of(SampleReports.naive(), SampleReports.generic());
        Expectations leakOfNaive = Expectations.matching(c -> c.strategy().name().equals("powerpc-naive-v1"),
                new Expected(LinkedHashSet.of(Invariant.LEAK), "test"));
        for (Expectations e : List.of(Expectations.knownVerdicts(), leakOfNaive)) {
            String xml = new JUnitXmlReport("ptcheck.my-module", null, null).expecting(e)
                    .timed(c -> Duration.ofMillis(c.strategy().name().equals("generic-v6.6") ? 250 : 1500))
                    .render(reports);
            Element suite = parse(xml).getDocumentElement();
            assertEquals("1.750", suite.getAttribute("time"));
            Element naive = (Element) suite.getElementsByTagName("testcase").item(0);
            assertEquals("1.500", naive.getAttribute("time"));
            assertEquals("ptcheck.my-module.powerpc-naive-v1", naive.getAttribute("classname"));
            if (e == leakOfNaive) {
                Element failure = (Element) naive.getElementsByTagName("failure").item(0);
                assertTrue(failure.getAttribute("message").startsWith("FAILED, expected LEAK, found RCU_HEAD_REUSE"),
                        failure.getAttribute("message"));
                assertEquals("1", suite.getAttribute("failures"));
            } else {
                assertEquals(1, naive.getElementsByTagName("skipped").getLength());
                assertEquals("0", suite.getAttribute("failures"));
                assertEquals("1", suite.getAttribute("skipped"));
            }
        }
    }

    @Test
    void attributesAndTextAreEscaped() throws Exception {
        CellReport nasty = SampleReports.nasty();
        String xml = new JUnitXmlReport("suite \"q\" <&>", "2026-11-25T00:00:00Z", null).render(List.of(nasty));
        Element suite = parse(xml).getDocumentElement();
        assertEquals("suite \"q\" <&>", suite.getAttribute("name"));
        assertEquals("2026-11-25T00:00:00Z", suite.getAttribute("timestamp"));
        Element tc = (Element) suite.getElementsByTagName("testcase").item(0);
        assertEquals("esc<&>'strategy@x86_64", tc.getAttribute("name"));
        Element failure = (Element) tc.getElementsByTagName("failure").item(0);
        // The newline and tab of the summary survive attribute-value normalisation; the control
        // character XML 1.0 cannot hold becomes U+FFFD.
        String expected = nasty.finding().get().violation().summary().replace('\u0001', '\ufffd');
        assertEquals(expected, failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("next line <tag> & ampersand"));
        assertTrue(xml.contains("&lt;tag&gt; &amp; ampersand"));
        assertTrue(xml.chars().allMatch(c -> c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)), "ASCII only");
    }

    @Test
    void equalInputGivesEqualBytes() {
        assertEquals(new JUnitXmlReport().render(SampleReports.all()), new JUnitXmlReport().render(SampleReports.all()));
    }

    @Test
    void anExpectedViolationIsSkippedAndAnExpectedCellThatPassedIsAFailure() throws Exception {
        CellReport naive = SampleReports.naive();
        CellReport generic = SampleReports.generic();
        String xml = new JUnitXmlReport("ptcheck", null, SampleReports::command)
                .expecting(c -> true).render(List.of(naive, generic));
        Element suite = parse(xml).getDocumentElement();
        assertEquals("1", suite.getAttribute("failures"), "the expected cell that passed");
        assertEquals("1", suite.getAttribute("skipped"), "the expected violation");
        NodeList cases = suite.getElementsByTagName("testcase");
        Element n = (Element) cases.item(0);
        assertEquals(0, n.getElementsByTagName("failure").getLength());
        Element skipped = (Element) n.getElementsByTagName("skipped").item(0);
        assertEquals("expected: " + naive.finding().get().violation().summary(), skipped.getAttribute("message"));
        assertTrue(skipped.getTextContent().startsWith("failed as expected powerpc-naive-v1@powerpc64-hash-64k\n"));
        Element g = (Element) cases.item(1);
        Element failure = (Element) g.getElementsByTagName("failure").item(0);
        assertEquals("EXPECTED_VIOLATION_NOT_FOUND", failure.getAttribute("type"));
        assertEquals("expected a violation, none found in 100 tries with seed 42", failure.getAttribute("message"));
    }
}
