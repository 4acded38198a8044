package io.github.ptcheck.check;

import io.github.ptcheck.KnownFindings;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.strategy.KnownVerdict;
import io.github.ptcheck.strategy.KnownVerdicts;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in strategy on every preset it serves, with the default configuration, in one
 * JVM: each cell of {@link KnownFindings#RANDOM} is found with exactly that invariant, step and
 * shrunk sequence; every other cell passes; and every cell gives its known verdict
 * ({@link KnownVerdicts}, which the plugin and the command line judge checks by).
 */
class AllBuiltInsTest {

    @Test
    void defaultCheckOfEveryBuiltInOnEveryPresetItServes() {
        Runner runner = new Runner(CheckConfig.defaults());
        List<String> cells = List.empty();
        for (Strategy s : Strategies.all()) {
            for (Preset p : Presets.all().filter(s::serves)) {
                String cell = s.name() + "@" + p.name();
                cells = cells.append(cell);
                CellReport r = runner.check(p, s);
                KnownFindings.random(cell).forEach(e -> {
                    assertFalse(r.passed(), cell + " should break " + e.invariant() + " and passed");
                    Finding f = r.finding().get();
                    assertEquals(e.invariant(), f.violation().invariant(), () -> cell + ": " + f.violation().summary());
                    assertEquals(e.step(), f.violation().step(), () -> cell + ": " + f.violation().summary());
                    assertEquals(e.ops(), f.shrunk(), cell);
                });
                if (KnownFindings.random(cell).isEmpty()) {
                    assertTrue(r.passed(), () -> cell + ": " + r.finding().get().violation().summary() + "\n"
                            + r.finding().get().shrunk());
                }
                KnownVerdict known = KnownVerdicts.of(s.name(), p.name()).getOrElseThrow(() -> new AssertionError(
                        cell + " has no known verdict"));
                assertTrue(known.heldBy(r.finding().map(f -> f.violation().invariant())), () -> cell
                        + " should give " + known.expected() + " but gave " + r.finding()
                        .map(f -> f.violation().summary()).getOrElse("a pass"));
            }
        }
        List<String> checked = cells;
        assertTrue(KnownFindings.RANDOM.keySet().forAll(checked::contains), "every expected finding is a cell checked");
        assertEquals(29, cells.size(), cells::toString);
        assertEquals(KnownVerdicts.all().size(), cells.size(), "one known verdict per served cell, and no other");
    }

    /**
     * Issue 10's bar: with interleavings on at the default bound (every try also run under PCT
     * schedules of up to 2 preemptions), every merged strategy still passes and every broken one
     * keeps its known verdict. A race in a built-in would show here first.
     */
    @Test
    void withInterleavingsEveryCellKeepsItsVerdict() {
        Runner runner = new Runner(CheckConfig.defaults().withInterleavings());
        int cells = 0;
        for (Strategy s : Strategies.all()) {
            for (Preset p : Presets.all().filter(s::serves)) {
                String cell = s.name() + "@" + p.name();
                CellReport r = runner.check(p, s);
                KnownVerdict known = KnownVerdicts.of(s.name(), p.name()).get();
                assertTrue(known.heldBy(r.finding().map(f -> f.violation().invariant())), () -> cell
                        + " should give " + known.expected() + " but gave " + r.finding()
                        .map(f -> f.violation().summary() + " with " + f.shrunk() + " under schedule "
                                + f.schedule()).getOrElse("a pass"));
                cells++;
            }
        }
        assertEquals(29, cells);
    }
}
