package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.strategy.s390.S390Traces.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** s390-pageactive-v6.6: what PG_active does to the list and to the rcu_head. */
class S390PageActiveTest {

    private final Strategy s = Strategies.named("s390-pageactive-v6.6");

    @Test
    void theFreeSiblingOfADeferredHalfIsNotHandedOutAgain() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), defer(0), alloc(0)));
        assertPassed(s, o);
        Machine m = after(o, 4);
        assertEquals(new Slot(1, 0), slotOf(m, 2));
        assertTrue(m.page(0).active());
        assertEquals("AA=10 PP=00 HH=00", s.describe(m.page(0)));
        assertEquals(List.of(1), m.mm(0).pgtableList());
        // Nothing queued yet: the rcu_head waits until both halves are free.
        assertTrue(m.callbacks().isEmpty());
    }

    @Test
    void withoutADeferralTheFreedHalfIsReusedAtOnce() {
        // The contrast to the test above: pte_free() lists the page and the next alloc takes it.
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), free(0), alloc(0)));
        assertPassed(s, o);
        assertEquals(new Slot(0, 0), slotOf(after(o, 4), 2));
    }

    @Test
    void bothHalvesDeferredQueueTheRcuHeadOnceWhenTheSecondIsFreed() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(0), defer(1),
                run(0), unlock(0), run(0)));
        assertPassed(s, o);
        Machine m = after(o, 6);
        assertEquals(List.of("pte_free_now"), m.callbacks().map(RcuCallback::func).toList());
        assertFalse(m.page(0).active(), "TestClearPageActive() before call_rcu");
        assertEquals(0, m.page(0).refcount() >>> 24);
        assertTrue(o.steps().get(6).wasSkipped(), "the callback waits for cpu0");
        assertTrue(after(o, 7).pageAllocated(0));
        assertFalse(after(o, 9).pageAllocated(0));
    }

    @Test
    void aPendingHalfOnTheListTailIsReusedAfterTheBatchGracePeriod() {
        // page_table_free_rcu() list_add_tail()s page 0 with its P bit set; alloc skips it for a
        // fresh page 1 (listed at the head); after __tlb_remove_table() half 0 is usable again.
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), tlb(0), alloc(0), run(0), alloc(0), alloc(0)));
        assertPassed(s, o);
        assertEquals("AA=10 PP=01 HH=00", s.describe(after(o, 3).page(0)));
        assertEquals(List.of(1, 0), after(o, 4).mm(0).pgtableList());
        assertEquals(new Slot(1, 0), slotOf(after(o, 4), 2));
        assertEquals(new Slot(1, 1), slotOf(after(o, 6), 3));
        assertEquals(new Slot(0, 0), slotOf(after(o, 7), 4));
    }

    @Test
    void deferringTheLastHalfWithAFreeTlbSiblingPendingWaitsForTheBatch() {
        // tlb(0) leaves half 0 pending; defer(1) sets PG_active but the byte is not zero yet;
        // __tlb_remove_table() finds PG_active and queues the page's rcu_head.
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), tlb(0), lock(0), lookup(0, 1), defer(1),
                run(0)));
        assertPassed(s, o);
        Machine m = after(o, 7);
        assertEquals(List.of("pte_free_now"), m.callbacks().map(RcuCallback::func).toList());
        assertEquals(List.of(0), m.callbacks().head().waitFor().toList());
    }

    @Test
    void withPgstesTheDeferredPageGoesThroughCallRcu() {
        Outcome o = trace(s, Presets.S390X_PGSTE, seq(alloc(0), alloc(0), defer(0)));
        assertPassed(s, o);
        Machine m = after(o, 3);
        assertEquals(new Slot(1, 0), slotOf(m, 1));
        assertEquals("AA=11 PP=00 HH=00", s.describe(m.page(1)));
        assertEquals(List.of("pte_free_now"), m.callbacks().map(RcuCallback::func).toList());
    }

    @Test
    void servesBothS390Presets() {
        assertTrue(s.serves(Presets.S390X));
        assertTrue(s.serves(Presets.S390X_PGSTE));
        assertFalse(s.serves(Presets.X86_64));
        assertFalse(s.serves(Presets.POWERPC64_HASH_64K));
    }
}
