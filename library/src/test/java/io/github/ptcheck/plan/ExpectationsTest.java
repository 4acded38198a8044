package io.github.ptcheck.plan;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Coverage;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.LinkedHashSet;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationsTest {

    private static final Cell NAIVE_HASH = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
    private static final Cell NAIVE_4K = new Cell(Presets.POWERPC64_4K, Strategies.named("powerpc-naive-v1"));
    private static final Cell S390_NAIVE = new Cell(Presets.S390X, Strategies.named("s390-naive-v1"));

    private static Expectations parse(String... entries) {
        return Expectations.parse(List.of(entries), Catalog.builtIn(), Words.MAVEN);
    }

    @Test
    void aCellPatternMatchesThatCellOnly() {
        Expectations e = parse("powerpc-naive-v1@powerpc64-hash-64k");
        assertTrue(e.of(NAIVE_HASH).isDefined());
        assertFalse(e.of(NAIVE_4K).isDefined(), "powerpc-naive-v1 passes where a page holds one table");
        assertFalse(e.of(S390_NAIVE).isDefined());
        assertEquals(Expected.anyViolation("<expectedViolations>"), e.of(NAIVE_HASH).get());
    }

    @Test
    void aStrategyPatternMatchesItOnEveryPresetAndAPresetPatternEveryStrategyOnIt() {
        Expectations byStrategy = parse("powerpc-naive-v1");
        assertTrue(byStrategy.of(NAIVE_HASH).isDefined());
        assertTrue(byStrategy.of(NAIVE_4K).isDefined());
        assertFalse(byStrategy.of(S390_NAIVE).isDefined());
        Expectations byPreset = parse("@s390x");
        assertTrue(byPreset.of(S390_NAIVE).isDefined());
        assertTrue(byPreset.of(new Cell(Presets.S390X, Strategies.named("s390-hh-v2"))).isDefined());
        assertFalse(byPreset.of(NAIVE_HASH).isDefined());
    }

    @Test
    void noEntriesExpectNothing() {
        assertTrue(Expectations.none().isEmpty());
        assertFalse(parse().of(NAIVE_HASH).isDefined());
    }

    @Test
    void aMisspeltEntryIsAnErrorInTheFrontEndsWords() {
        Words cli = new Words("the cells", "--expect", "load yours with --strategy-class", "define yours with --preset");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse(List.of("powerpc-naive-v1@x86-64"), Catalog.builtIn(), cli));
        assertTrue(e.getMessage().startsWith("unknown preset 'x86-64' in --expect entry 'powerpc-naive-v1@x86-64';"
                + " known presets: x86_64, "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (define yours with --preset); did you mean 'x86_64'?"), e.getMessage());
    }

    @Test
    void theKnownVerdictsExpectTheirInvariantsOfTheBuiltInsOnly() {
        Expectations known = Expectations.knownVerdicts();
        assertEquals(LinkedHashSet.of(Invariant.RCU_HEAD_REUSE), known.of(NAIVE_HASH).get().invariants());
        assertTrue(known.of(NAIVE_HASH).get().why().endsWith("docs/strategies.md#the-two-bugs-of-the-first-patch"));
        assertTrue(known.of(NAIVE_4K).isEmpty(), "its known verdict there is to pass");
        Cell onAPresetItDoesNotServe = new Cell(Presets.X86_64, Strategies.named("powerpc-naive-v1"));
        assertTrue(known.of(onAPresetItDoesNotServe).isEmpty(), "no known verdict: it must pass");
        Cell ownPresetOfTheSameName = new Cell(io.github.ptcheck.arch.Preset.of("powerpc64-hash-64k", "powerpc",
                65536, 8192), Strategies.named("powerpc-naive-v1"));
        assertTrue(known.of(ownPresetOfTheSameName).isEmpty(), "a verdict holds for the built-in preset only");
    }

    @Test
    void theUsersEntriesComeFirstThenTheKnownVerdicts() {
        Expectations e = parse("powerpc-naive-v1@powerpc64-4k").orElse(Expectations.knownVerdicts());
        assertEquals("<expectedViolations>", e.of(NAIVE_4K).get().why());
        assertTrue(e.of(NAIVE_HASH).get().why().startsWith("known verdict"));
    }

    @Test
    void theVerdictOfAReportAgainstWhatIsExpected() {
        CellReport naive = new Runner(CheckConfig.defaults()).check(NAIVE_HASH);
        CellReport passing = new CellReport(NAIVE_HASH, 0, 1, 1, 4, Coverage.EMPTY, Option.none(), false);
        Expectations known = Expectations.knownVerdicts();
        assertEquals(Verdict.FAILED_AS_EXPECTED, known.verdict(naive));
        assertEquals("failed as expected", known.words(naive));
        assertEquals(Verdict.PASSED_EXPECTED_TO_FAIL, known.verdict(passing));
        assertEquals("PASSED, expected to fail", known.words(passing));
        assertEquals(Verdict.FAILED_AS_EXPECTED, Expectations.matching(c -> true, "test").verdict(naive),
                "any violation");
        Expectations leak = Expectations.matching(c -> true, new Expected(LinkedHashSet.of(Invariant.LEAK), "test"));
        assertEquals(Verdict.OTHER_VIOLATION, leak.verdict(naive));
        assertEquals("FAILED, expected LEAK", leak.words(naive));
        assertTrue(Verdict.OTHER_VIOLATION.changed() && Verdict.PASSED_EXPECTED_TO_FAIL.changed());
        assertFalse(Verdict.VIOLATION.changed() || Verdict.VIOLATION.asExpected());
        assertEquals(Verdict.VIOLATION, Expectations.none().verdict(naive));
    }
}
