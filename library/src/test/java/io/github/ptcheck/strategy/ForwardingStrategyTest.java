package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.model.MmConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A forwarding strategy that overrides nothing but its name is its delegate: same reports, same mm config. */
class ForwardingStrategyTest {

    private static final class Renamed extends ForwardingStrategy {
        Renamed(Strategy s) {
            super(s);
        }

        @Override
        public String name() {
            return "renamed";
        }
    }

    @Test
    void everyRoutineGoesToTheDelegate() {
        for (String name : new String[]{"powerpc-naive-v1", "s390-hh-v2", "x86-v6.14"}) {
            Strategy s = Strategies.named(name);
            Strategy r = new Renamed(s);
            assertEquals(s.mmConfig(), r.mmConfig(), name);
            // A report must not give the variant the delegate's kernel source as its own.
            assertEquals("variant of " + name + " (" + s.source() + ")", r.source());
            Runner runner = new Runner(CheckConfig.defaults().withTries(50));
            for (var p : Presets.all().filter(s::serves)) {
                CellReport a = runner.check(new Cell(p, s));
                CellReport b = runner.check(new Cell(p, r));
                assertEquals(a.finding().map(f -> f.shrunk()), b.finding().map(f -> f.shrunk()), name + "@" + p.name());
                assertEquals(a.opsExecuted(), b.opsExecuted(), name + "@" + p.name());
            }
        }
        assertEquals(MmConfig.PT_RECLAIM, Strategies.withPtReclaim(Strategies.named("generic-v6.6")).mmConfig());
    }
}
