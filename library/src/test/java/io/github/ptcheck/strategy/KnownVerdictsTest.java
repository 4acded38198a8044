package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.invariant.Invariant;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of known verdicts: one per served cell, and each pointing at a section that exists. */
class KnownVerdictsTest {

    @Test
    void everyServedCellHasExactlyOneVerdictAndNoOtherCellHasOne() {
        List<String> served = Strategies.all().flatMap(s -> Presets.all().filter(s::serves).map(p -> s.name() + "@"
                + p.name()));
        assertEquals(served, KnownVerdicts.all().map(KnownVerdict::cell));
    }

    @Test
    void theKeptBrokenPatchesAreTheOnesWithABrokenVerdict() {
        assertEquals(List.of("powerpc-naive-v1", "s390-naive-v1", "s390-hh-v2", "x86-v6.14-early-dtor",
                "x86-v6.14-semi-rcu"), Strategies.all().map(Strategy::name).filter(Strategies::knownBroken));
        assertFalse(Strategies.knownBroken("powerpc-pageactive-v6.6"), "a finding in merged code, not a kept patch");
        assertFalse(Strategies.knownBroken("powerpc-pageactive-fda4d71651f7"), "a finding in a merged fix");
    }

    @Test
    void aVerdictIsHeldByItsInvariantsOnly() {
        KnownVerdict naive = KnownVerdicts.of("powerpc-naive-v1", "powerpc64-hash-64k").get();
        assertTrue(naive.heldBy(Option.of(Invariant.RCU_HEAD_REUSE)));
        assertFalse(naive.heldBy(Option.of(Invariant.LEAK)));
        assertFalse(naive.heldBy(Option.none()));
        assertEquals("RCU_HEAD_REUSE", naive.expected());
        KnownVerdict s390 = KnownVerdicts.of("s390-naive-v1", "s390x").get();
        assertEquals("UNION_CLOBBER or RCU_HEAD_REUSE", s390.expected());
        KnownVerdict four = KnownVerdicts.of("powerpc-naive-v1", "powerpc64-4k").get();
        assertTrue(four.heldBy(Option.none()));
        assertFalse(four.heldBy(Option.of(Invariant.RCU_HEAD_REUSE)));
        assertEquals("passes", four.expected());
        assertTrue(KnownVerdicts.of("powerpc-naive-v1", "x86_64").isEmpty(), "not a preset it serves");
    }

    @Test
    void aPassingVerdictNamesNoInvariantAndABreakingOneNamesSome() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KnownVerdict.breaks("x",
                "y", KnownVerdict.Kind.BROKEN, 4, "why", "anchor"));
        assertEquals("x@y: a verdict BROKEN must name the invariants it breaks and the length of a shortest"
                + " counterexample", e.getMessage());
    }

    /** Exhaustive exploration finds each known bug at its known length, and nothing shorter. */
    @Test
    void eachKnownBugsShortestCounterexampleHasItsKnownLength() {
        for (KnownVerdict v : KnownVerdicts.all().filter(x -> !x.passes())) {
            Cell cell = new Cell(Presets.named(v.preset()), Strategies.named(v.strategy()));
            ExploreReport r = new Explorer(cell, Bounds.DEFAULT).explore(v.shortest());
            assertTrue(r.finding().isDefined(), () -> v.cell() + ": " + r.summary());
            assertEquals(v.shortest(), r.finding().get().shrunk().size(), v::cell);
            assertTrue(v.breaks().contains(r.finding().get().violation().invariant()), () -> v.cell() + ": "
                    + r.finding().get().violation());
        }
    }

    /** Every anchor is a heading of docs/strategies.md, as GitHub makes anchors of headings. */
    @Test
    void everyAnchorIsASectionOfTheStrategiesPage() throws Exception {
        List<String> anchors = List.ofAll(Files.readAllLines(Path.of("../docs/strategies.md")))
                .filter(l -> l.startsWith("#")).map(KnownVerdictsTest::slug);
        for (KnownVerdict v : KnownVerdicts.all()) {
            assertTrue(anchors.contains(v.anchor()), () -> v.cell() + ": no heading for #" + v.anchor() + " in "
                    + anchors);
            assertEquals("docs/strategies.md#" + v.anchor(), v.docs());
        }
    }

    private static String slug(String heading) {
        return heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-');
    }

}
