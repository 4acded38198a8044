package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assertions every search for a known bug makes, shared by the search tests. */
final class NaiveSearch {

    private NaiveSearch() {
    }

    /**
     * Random mode with the default configuration and {@code seed} finds a violation of one of
     * {@code expected} on {@code preset}, and shrinks it to a 1-minimal sequence: deleting any
     * single operation loses the violation.
     */
    static Finding find(Strategy strategy, Preset preset, long seed, Invariant... expected) {
        CheckConfig config = CheckConfig.defaults().withSeed(seed);
        CellReport r = new Runner(config).check(preset, strategy);
        assertFalse(r.passed(), () -> strategy.name() + "@" + preset.name() + " passed " + r.triesRun()
                + " tries with seed " + seed);
        Finding f = r.finding().get();
        assertTrue(Vector.of(expected).contains(f.violation().invariant()), f.violation()::summary);
        assertTrue(f.tryIndex() < config.tries());
        // After the first failing try it went on as Hypothesis does: at least 10 tries, and while
        // fewer than min(first + 1000, 2 * last) ran (1-based; last = the last try with a new invariant).
        int first = f.tryIndex() + 1;
        int last = r.findings().map(g -> g.tryIndex() + 1).max().get();
        assertEquals(Math.min(config.tries(), Math.max(10, Math.min(first + 1000, 2 * last))), r.triesRun(),
                () -> "first failing try " + first + ", last new one " + last);
        assertEquals(Minimality.ONE_MINIMAL, f.minimality());

        Executor ex = new Executor(preset, strategy);
        // The runner ran the generator's sequence, and got what the executor gets for it.
        assertEquals(Sequences.of(preset, strategy).sample(seed, f.tryIndex()), f.original());
        assertEquals(f.violation().invariant(), ex.run(f.original()).violation().get().invariant());
        // The trace is of the shrunk sequence, and says what the finding says.
        assertEquals(f.shrunk(), f.trace().ops());
        assertEquals(f.violation(), f.trace().violation().get());
        assertEquals(ex.run(f.shrunk()).violation().get().invariant(), f.violation().invariant());
        for (int i = 0; i < f.shrunk().size(); i++) {
            Vector<Op> less = f.shrunk().removeAt(i);
            assertFalse(ex.run(less).violation().map(v -> v.invariant() == f.violation().invariant()).getOrElse(false),
                    () -> "still violates without one op: " + less);
        }
        String trace = new TextTrace(strategy).render(f.trace());
        assertTrue(trace.contains(">>"), trace);
        return f;
    }
}
