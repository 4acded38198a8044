package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in strategy on every preset it serves, with the default configuration, in one
 * JVM: the known-broken ones are found where tables share a page (where one table fills a page
 * they are the generic scheme, which is safe); powerpc-pageactive-v6.6 is found where a page
 * holds several fragments (the mm-exit finding of docs/strategies.md: pte_frag_destroy() frees
 * a PG_active page at once); every other one passes.
 */
class AllBuiltInsTest {

    @Test
    void defaultCheckOfEveryBuiltInOnEveryPresetItServes() {
        Runner runner = new Runner(CheckConfig.defaults());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = mx.getCurrentThreadCpuTime();
        int cells = 0;
        StringBuilder table = new StringBuilder();
        for (Strategy s : Strategies.all()) {
            for (Preset p : Presets.all().filter(s::serves)) {
                long t0 = System.nanoTime();
                CellReport r = runner.check(p, s);
                cells++;
                table.append(String.format("%-28s %-20s %-6s tries %4d ops %7d %6.0f ms%s%n", s.name(), p.name(),
                        r.passed() ? "pass" : "FOUND", r.triesRun(), r.opsExecuted(), (System.nanoTime() - t0) / 1e6,
                        r.finding().map(f -> "  " + f.violation().invariant() + ": " + f.shrunk().mkString(", "))
                                .getOrElse("")));
                if (Strategies.knownBroken(s.name()) && p.tablesPerPage() > 1) {
                    assertFalse(r.passed(), s.name() + "@" + p.name() + " is known broken and was not found");
                } else if (s.name().equals("powerpc-pageactive-v6.6") && p.tablesPerPage() > 1) {
                    // The exit finding: shrunk to "alloc mm0, freeDeferred t0", then the teardown's exitMm.
                    assertFalse(r.passed(), s.name() + "@" + p.name() + ": the mm-exit finding was not found");
                    assertEquals(Invariant.BAD_PAGE_STATE, r.finding().get().violation().invariant());
                    assertEquals(io.vavr.collection.Vector.of(new Op.Alloc(0), new Op.FreeDeferred(0)),
                            r.finding().get().shrunk());
                } else {
                    assertTrue(r.passed(), () -> s.name() + "@" + p.name() + ": "
                            + r.finding().get().violation().summary() + "\n" + r.finding().get().shrunk());
                }
            }
        }
        System.out.print(table);
        System.out.printf("%d cells in %.0f ms wall clock, %.0f ms CPU of this thread (this JVM)%n", cells,
                (System.nanoTime() - start) / 1e6, (mx.getCurrentThreadCpuTime() - cpuStart) / 1e6);
        assertTrue(cells >= 7, "cells: " + cells);
    }
}
