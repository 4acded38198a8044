package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.KnownVerdict;
import io.github.ptcheck.strategy.KnownVerdicts;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in strategy on every preset it serves, with the default configuration, in one
 * JVM, gives its known verdict ({@link KnownVerdicts}): the known-broken ones are found where
 * tables share a page (where one table fills a page they are the generic scheme, which is
 * safe); powerpc-pageactive-v6.6 is found where a page holds several fragments (the mm-exit
 * finding of docs/strategies.md); every other one passes.
 */
class AllBuiltInsTest {

    @Test
    void defaultCheckOfEveryBuiltInOnEveryPresetItServesGivesItsKnownVerdict() {
        Runner runner = new Runner(CheckConfig.defaults());
        int cells = 0;
        for (Strategy s : Strategies.all()) {
            for (Preset p : Presets.all().filter(s::serves)) {
                CellReport r = runner.check(p, s);
                cells++;
                KnownVerdict known = KnownVerdicts.of(s.name(), p.name()).getOrElseThrow(() -> new AssertionError(
                        s.name() + "@" + p.name() + " has no known verdict"));
                assertTrue(known.heldBy(r.finding().map(f -> f.violation().invariant())), () -> known.cell()
                        + " should give " + known.expected() + " but gave " + r.finding()
                        .map(f -> f.violation().summary() + "\n" + f.shrunk()).getOrElse("a pass"));
                if (s.name().equals("powerpc-pageactive-v6.6") && !known.passes()) {
                    // The exit finding: shrunk to "alloc mm0, freeDeferred t0", then the teardown's exitMm.
                    assertEquals(Invariant.BAD_PAGE_STATE, r.finding().get().violation().invariant());
                    assertEquals(Vector.of(new Op.Alloc(0), new Op.FreeDeferred(0)), r.finding().get().shrunk());
                }
            }
        }
        assertEquals(KnownVerdicts.all().size(), cells, "one known verdict per served cell, and no other");
    }
}
