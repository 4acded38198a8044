package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers the s390 tests share: run traced, read the machine after a step, check what ran. */
final class S390Traces {
    private S390Traces() {
    }

    static Outcome trace(Strategy s, Preset p, Vector<Op> ops) {
        return new Executor(p, s).trace(ops);
    }

    /** The machine after step {@code n} (1-based, as in reports). */
    static Machine after(Outcome o, int n) {
        return o.steps().get(n - 1).after();
    }

    /** Where table {@code t} was handed out. */
    static Slot slotOf(Machine m, int t) {
        return new Slot(m.table(t).pfn(), m.table(t).frag());
    }

    /**
     * The trace of {@code o} writes the constructor and destructor up to 6.5,
     * {@code pgtable_pte_page_ctor/dtor}: 6.4's {@code page_table_alloc()} and
     * {@code page_table_free()}, which the 2023 patches left as they were.
     */
    static void assertPre66Names(Strategy s, Outcome o) {
        String text = new TextTrace(s).render(o);
        assertTrue(text.contains("pgtable_pte_page_ctor(page 0)") && text.contains("pgtable_pte_page_dtor(page 0)"), text);
        assertFalse(text.contains("pagetable_pte_") || text.contains("pagetable_dtor("), text);
    }

    static void assertPassed(Strategy s, Outcome o) {
        assertTrue(o.passed(), () -> o.violation().get().summary() + "\n" + new TextTrace(s).render(o));
    }

    /**
     * Every operation of the sequence except runCallback / rcuBarrier ran (whether a callback is
     * eligible depends on the strategy): the sequence did what its name says.
     */
    static void assertRan(Strategy s, Outcome o) {
        for (Step st : o.steps()) {
            if (st.teardown() || st.op() instanceof Op.RunCallback || st.op() instanceof Op.RcuBarrier) {
                continue;
            }
            assertFalse(st.wasSkipped(), () -> "step " + st.number() + " " + st.op() + " was skipped: "
                    + st.skipped().get() + "\n" + new TextTrace(s).render(o));
        }
    }
}
