package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationsTest {

    private static final Cell NAIVE_HASH = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
    private static final Cell NAIVE_4K = new Cell(Presets.POWERPC64_4K, Strategies.named("powerpc-naive-v1"));
    private static final Cell S390_NAIVE = new Cell(Presets.S390X, Strategies.named("s390-naive-v1"));

    @Test
    void aCellPatternMatchesThatCellOnly() {
        Expectations e = Expectations.of(List.of("powerpc-naive-v1@powerpc64-hash-64k"), Catalog.builtIn());
        assertTrue(e.test(NAIVE_HASH));
        assertFalse(e.test(NAIVE_4K), "powerpc-naive-v1 passes where a page holds one table");
        assertFalse(e.test(S390_NAIVE));
    }

    @Test
    void aStrategyPatternMatchesItOnEveryPresetAndAPresetPatternEveryStrategyOnIt() {
        Expectations byStrategy = Expectations.of(List.of("powerpc-naive-v1"), Catalog.builtIn());
        assertTrue(byStrategy.test(NAIVE_HASH));
        assertTrue(byStrategy.test(NAIVE_4K));
        assertFalse(byStrategy.test(S390_NAIVE));
        Expectations byPreset = Expectations.of(List.of("@s390x"), Catalog.builtIn());
        assertTrue(byPreset.test(S390_NAIVE));
        assertTrue(byPreset.test(new Cell(Presets.S390X, Strategies.named("s390-hh-v2"))));
        assertFalse(byPreset.test(NAIVE_HASH));
    }

    @Test
    void noEntriesExpectNothing() {
        assertTrue(Expectations.none().isEmpty());
        assertFalse(Expectations.of(List.of(), Catalog.builtIn()).test(NAIVE_HASH));
    }
}
