package io.github.ptcheck.report;

import io.github.ptcheck.Version;
import io.github.ptcheck.check.CellReport;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReportTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<Object> arr(Object o) {
        return (java.util.List<Object>) o;
    }

    @Test
    void theReportParsesAndHoldsTheFindingsFields() {
        List<CellReport> reports = SampleReports.all();
        String json = new JsonReport(SampleReports::command).render(reports);
        Map<String, Object> root = obj(JsonReader.parse(json));
        assertEquals(java.util.List.of("ptcheck", "totals", "cells", "checksum"), java.util.List.copyOf(root.keySet()));
        assertEquals(Version.current(), root.get("ptcheck"));
        assertEquals(Map.of("cells", 4L, "failed", 3L, "passed", 1L, "notAsExpected", 3L, "opsExecuted", 1303L),
                obj(root.get("totals")));

        Map<String, Object> naive = obj(arr(root.get("cells")).get(0));
        assertEquals(java.util.List.of("cell", "strategy", "preset", "verdict", "knownBroken", "expected",
                "asExpected", "seed", "tries",
                "triesRun", "opsExecuted", "cutByBudget", "coverage", "finding", "otherFindings"),
                java.util.List.copyOf(naive.keySet()));
        assertEquals(java.util.List.of(), naive.get("otherFindings"));
        assertEquals("powerpc-naive-v1@powerpc64-hash-64k", naive.get("cell"));
        assertEquals("failed", naive.get("verdict"));
        assertEquals(true, naive.get("knownBroken"));
        assertEquals("42", naive.get("seed"));
        assertEquals(16L, obj(naive.get("preset")).get("tablesPerPage"));
        assertEquals(java.util.List.of("op.alloc", "op.freeDeferred", "max.callbacksQueued"),
                java.util.List.copyOf(obj(naive.get("coverage")).keySet()));
        Map<String, Object> f = obj(naive.get("finding"));
        assertEquals(java.util.List.of("alloc mm0", "alloc mm0", "freeDeferred t0", "freeDeferred t1"), f.get("shrunk"));
        assertEquals(9L, f.get("originalLength"));
        assertEquals(17L, f.get("try"));
        assertEquals("1-minimal", f.get("minimality"));
        assertEquals("./mvnw ptcheck:check -Dptcheck.seed=42 -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k",
                f.get("reproduce"));
        Map<String, Object> v = obj(f.get("violation"));
        assertEquals("RCU_HEAD_REUSE", v.get("invariant"));
        assertEquals(4L, v.get("step"));
        assertEquals(false, v.get("inTeardown"));
        assertEquals(0L, v.get("page"));
        assertEquals("rcu_head", v.get("field"));
        assertEquals(reports.head().finding().get().violation().summary(), v.get("summary"));
        assertTrue(((String) f.get("counterexample")).contains("\nviolation: RCU_HEAD_REUSE step=4 page=0\n"));
        assertTrue(((String) f.get("trace")).contains(">>  4  freeDeferred t1\n"));

        assertNull(obj(arr(root.get("cells")).get(1)).get("finding"), "a passing cell has a null finding");
    }

    @Test
    void quotesNewlinesControlsAndNonAsciiSurviveExactly() {
        String json = new JsonReport().render(List.of(SampleReports.nasty()));
        Map<String, Object> cell = obj(arr(obj(JsonReader.parse(json)).get("cells")).get(0));
        assertEquals("esc<&>'strategy@x86_64", cell.get("cell"));
        assertEquals("-7", cell.get("seed"));
        assertEquals(1L, obj(cell.get("coverage")).get("odd \"key\" <&>"));
        Map<String, Object> f = obj(cell.get("finding"));
        assertNull(f.get("try"), "found by exploration: no try");
        assertNull(f.get("reproduce"));
        Map<String, Object> v = obj(f.get("violation"));
        assertEquals(SampleReports.NASTY, v.get("detail"));
        assertEquals("lru \"words\"", v.get("field"));
        assertEquals("new\nvalue", v.get("after"));
        // Written as escapes: ASCII only, and no raw line break inside a string.
        assertTrue(json.contains("a \\\"quoted\\\" word,\\nnext line <tag> & ampersand, tab\\there,"
                + " apostrophe's, e-acute \\u00e9, control \\u0001, backslash \\\\\""), json);
        assertTrue(json.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)));
    }

    @Test
    void equalInputGivesEqualBytes() {
        assertEquals(new JsonReport(SampleReports::command).render(SampleReports.all()),
                new JsonReport(SampleReports::command).render(SampleReports.all()));
    }

    @Test
    void expectedCellsAreMarkedAndCountedWhenTheirVerdictDiffers() {
        String json = new JsonReport(null).expecting(c -> c.strategy().name().equals("powerpc-naive-v1")
                || c.preset().name().equals("x86_64")).render(List.of(SampleReports.naive(), SampleReports.generic()));
        Map<String, Object> root = obj(JsonReader.parse(json));
        assertEquals(1L, obj(root.get("totals")).get("notAsExpected"), "the generic cell passed, expected to fail");
        Map<String, Object> naive = obj(arr(root.get("cells")).get(0));
        assertEquals("failed", naive.get("verdict"), "the verdict is what the check found");
        assertEquals(true, naive.get("expected"));
        assertEquals(true, naive.get("asExpected"));
        Map<String, Object> generic = obj(arr(root.get("cells")).get(1));
        assertEquals("passed", generic.get("verdict"));
        assertEquals(true, generic.get("expected"));
        assertEquals(false, generic.get("asExpected"));
    }
}
