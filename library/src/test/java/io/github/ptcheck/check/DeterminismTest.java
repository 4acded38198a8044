package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.SharedPages;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.QueuesRcuHeadPerTable;
import io.github.ptcheck.invariant.ReusesFreedFragment;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.SeededOps.seeded;
import static io.github.ptcheck.arch.Presets.POWERPC64_HASH_64K;
import static io.github.ptcheck.arch.Presets.S390X;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same input, same output: two runs of a sequence give equal outcomes and the same text trace. */
class DeterminismTest {

    private static void assertDeterministic(Preset preset, Supplier<Strategy> strategy, Vector<Op> ops) {
        Executor a = new Executor(preset, strategy.get());
        Executor b = new Executor(preset, strategy.get());
        Outcome ta = a.trace(ops);
        Outcome tb = b.trace(ops);
        assertEquals(ta, tb);
        assertEquals(new TextTrace(a.strategy()).render(ta), new TextTrace(b.strategy()).render(tb));
        assertEquals(a.run(ops), b.run(ops));
        assertEquals(ta.violation().map(v -> v.withEvents(io.vavr.collection.List.empty())), a.run(ops).violation());
    }

    @Test
    void handWrittenSequences() {
        assertDeterministic(POWERPC64_HASH_64K, QueuesRcuHeadPerTable::new, seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertDeterministic(POWERPC64_HASH_64K, ReusesFreedFragment::new,
                seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(0), alloc(0)));
        assertDeterministic(X86_64, PagePerTable::new, SubsequencesTest.TEN);
        assertDeterministic(POWERPC64_HASH_64K, SharedPages::new, SubsequencesTest.TEN);
    }

    @Test
    void seededSequences() {
        int violations = 0;
        for (long seed = 0; seed < 40; seed++) {
            Vector<Op> ops = seeded(seed, 30);
            assertDeterministic(X86_64, PagePerTable::new, ops);
            assertDeterministic(S390X, SharedPages::new, ops);
            assertDeterministic(POWERPC64_HASH_64K, QueuesRcuHeadPerTable::new, ops);
            violations += new Executor(POWERPC64_HASH_64K, new QueuesRcuHeadPerTable()).run(ops).passed() ? 0 : 1;
        }
        assertTrue(violations > 0, "some seeded sequences reach a violation, so verdicts were compared too");
    }
}
