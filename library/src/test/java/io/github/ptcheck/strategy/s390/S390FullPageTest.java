package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.strategy.s390.S390Traces.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** s390-fullpage-v6.7: a whole page per 2 KiB table, the generic pte_free_defer(). */
class S390FullPageTest {

    private final Strategy s = Strategies.named("s390-fullpage-v6.7");

    @Test
    void everyTableGetsFragmentZeroOfAFreshPage() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), free(0), alloc(1)));
        assertPassed(s, o);
        Machine m = after(o, 4);
        assertEquals(new Slot(0, 0), slotOf(m, 0));
        assertEquals(new Slot(1, 0), slotOf(m, 1));
        // page 0 was freed by free(0) and comes back as the lowest free pfn, again fragment 0.
        assertEquals(new Slot(0, 0), slotOf(m, 2));
        assertTrue(m.mm(0).pgtableList().isEmpty());
        assertEquals(0, m.page(1).refcount() >>> 24, "no AA/PP bits");
        assertEquals("", s.describe(m.page(1)));
    }

    @Test
    void aDeferredTableKeepsItsPageUntilItsCallback() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), lock(0), lookup(0, 0), defer(0), alloc(0), run(0),
                unlock(0), run(0)));
        assertPassed(s, o);
        assertRan(s, o);
        assertEquals(new Slot(1, 0), slotOf(after(o, 5), 1));
        assertTrue(o.steps().get(5).wasSkipped(), "pte_free_now waits for cpu0");
        assertFalse(after(o, 8).pageAllocated(0));
    }

    @Test
    void servesBothS390Presets() {
        assertTrue(s.serves(Presets.S390X));
        assertTrue(s.serves(Presets.S390X_PGSTE));
        assertFalse(s.serves(Presets.X86_64));
    }
}
