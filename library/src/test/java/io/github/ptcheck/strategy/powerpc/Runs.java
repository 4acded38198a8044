package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;

import static io.github.ptcheck.Ops.alloc;
import static io.github.ptcheck.Ops.exit;
import static io.github.ptcheck.Ops.free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers shared by the powerpc strategy tests: traced runs and assertions with the trace on failure. */
final class Runs {

    private Runs() {
    }

    /** Runs {@code ops} traced for the named strategy on the named preset. */
    static Outcome trace(String strategy, String preset, Vector<Op> ops) {
        return new Executor(Presets.named(preset), Strategies.named(strategy)).trace(ops);
    }

    static String render(Outcome o) {
        Strategy s = Strategies.named(o.strategy());
        return new TextTrace(s).render(o);
    }

    /**
     * {@code strategy} on {@code preset}, {@code alloc mm0, free t0, exitMm mm0}, passes and writes
     * the constructor and destructor up to 6.5, {@code pgtable_pte_page_ctor/dtor}, as the 6.4 file
     * the 2023 {@code pte_free_defer()} patches changed did, and no later name.
     */
    static void assertPre66Names(String strategy, String preset) {
        Outcome o = trace(strategy, preset, Vector.of(alloc(0), free(0), exit(0)));
        assertPassed(o);
        String text = render(o);
        assertTrue(text.contains("pgtable_pte_page_ctor(page 0)") && text.contains("pgtable_pte_page_dtor(page 0)"), text);
        assertFalse(text.contains("pagetable_pte_") || text.contains("pagetable_dtor("), text);
    }

    static void assertPassed(Outcome o) {
        assertTrue(o.passed(), () -> "expected no violation:\n" + render(o));
    }

    /** The run broke {@code inv} at {@code step} on page {@code pfn}. */
    static Violation assertViolation(Outcome o, Invariant inv, int step, int pfn) {
        assertTrue(o.violation().isDefined(), () -> "expected " + inv + " at step " + step + ":\n" + render(o));
        Violation v = o.violation().get();
        assertEquals(inv, v.invariant(), () -> render(o));
        assertEquals(step, v.step(), () -> render(o));
        assertEquals(pfn, v.pfn(), () -> render(o));
        return v;
    }

    /** The step numbered {@code n} (1-based, teardown steps continue the count). */
    static Step step(Outcome o, int n) {
        Step s = o.steps().get(n - 1);
        assertEquals(n, s.number());
        return s;
    }

    /** The machine after step {@code n}, which must have run. */
    static Machine after(Outcome o, int n) {
        Step s = step(o, n);
        assertFalse(s.wasSkipped(), () -> "step " + n + " was skipped: " + s.skipped().get() + "\n" + render(o));
        assertTrue(s.violation().isEmpty(), () -> render(o));
        return s.after();
    }

    /** {@code n} allocations for mm {@code mm}. */
    static Vector<Op> allocs(int mm, int n) {
        return Vector.fill(n, () -> alloc(mm));
    }
}
