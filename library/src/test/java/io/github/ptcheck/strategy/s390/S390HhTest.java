package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.strategy.s390.S390Traces.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hugh Dickins' s390 v2 patch: the HH bits chain two deferrals on the one rcu_head
 * ({@code s390-hh-v2-intended}); as posted ({@code s390-hh-v2}) the chain never fires.
 */
class S390HhTest {

    private final Strategy s = Strategies.named("s390-hh-v2-intended");

    @Test
    void theSecondDeferralIsQueuedByTheFirstOnesCallback() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), defer(0), defer(1), run(0), run(0)));
        assertPassed(s, o);
        assertEquals("AA=00 PP=11 HH=11", s.describe(after(o, 4).page(0)));
        assertEquals(List.of("pte_free_now0"), after(o, 4).callbacks().map(RcuCallback::func).toList());
        assertEquals(List.of("pte_free_now1"), after(o, 5).callbacks().map(RcuCallback::func).toList());
        assertEquals("AA=00 PP=10 HH=10", s.describe(after(o, 5).page(0)));
        assertFalse(after(o, 6).pageAllocated(0));
    }

    @Test
    void aPageWithAPendingHalfIsOffTheListUntilItsCallbackRelistsIt() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), free(1), defer(0), alloc(0), alloc(1)));
        assertPassed(s, o);
        // free(1) listed page 0 for half 1; defer(0) took it off again.
        assertEquals(List.of(0), after(o, 3).mm(0).pgtableList());
        assertEquals(new Slot(1, 0), slotOf(after(o, 5), 2));
        // Once the callback cleared half 0, page 0 is free and its pfn comes back.
        Outcome o2 = trace(s, Presets.S390X, seq(alloc(0), alloc(0), irqOff(0), lookup(0, 0), tlb(0), alloc(0),
                irqOn(0), run(0), alloc(0)));
        assertPassed(s, o2);
        assertEquals(new Slot(1, 0), slotOf(after(o2, 6), 2));
        // __tlb_remove_table() put page 0 back at the head of pt_mm's list for half 0.
        assertEquals(List.of(0, 1), after(o2, 8).mm(0).pgtableList());
        assertEquals(new Slot(0, 0), slotOf(after(o2, 9), 3));
    }

    @Test
    void withPgstesTheDeferralIsPteFreePgste() {
        Outcome o = trace(s, Presets.S390X_PGSTE, seq(alloc(0), defer(0), run(0)));
        assertPassed(s, o);
        assertEquals(List.of("pte_free_pgste"), after(o, 2).callbacks().map(RcuCallback::func).toList());
        assertFalse(after(o, 3).pageAllocated(0));
    }

    /**
     * Finding: the v2 patch as posted (20 June 2023) leaks a page whose two halves are deferred
     * within one grace period. pte_free_half() does
     * {@code mask = atomic_xor_bits(&page->_refcount, 0x04U << (bit + 24));} and later
     * {@code if (mask & 0x0CU) call_rcu(...)} without the {@code mask >>= 24} that every other
     * caller of atomic_xor_bits() in arch/s390/mm/pgalloc.c does, so it tests bits 2-3 of the
     * page's reference count (1) and never queues the other half: its H and P bits stay set.
     */
    @Test
    void asPostedTheSecondDeferralIsNeverQueuedAndThePageLeaks() {
        Strategy posted = Strategies.named("s390-hh-v2");
        Outcome o = trace(posted, Presets.S390X, seq(alloc(0), alloc(0), defer(0), defer(1)));
        Violation v = o.violation().get();
        assertTrue(new TextTrace(posted).render(o).contains("VIOLATION LEAK"));
        assertEquals(Invariant.LEAK, v.invariant());
        assertEquals(0, v.pfn());
        assertEquals(6, v.step(), "after the teardown: exitMm mm0 (5), rcuBarrier (6)");
        Machine end = o.steps().last().after();
        assertEquals("AA=00 PP=10 HH=10", posted.describe(end.page(0)));
        // One deferral alone is fine as posted.
        assertPassed(posted, trace(posted, Presets.S390X, seq(alloc(0), alloc(0), defer(0), free(1))));
        // The spec's reading of the patch passes the same sequence.
        assertPassed(s, trace(s, Presets.S390X, seq(alloc(0), alloc(0), defer(0), defer(1))));
    }

    @Test
    void theNameOfThePatchMeansThePatchAsPosted() {
        Strategy posted = Strategies.named("s390-hh-v2");
        assertInstanceOf(S390Hh.class, posted);
        assertTrue(Strategies.knownBroken(posted.name()), "a check of s390-hh-v2 must not pass the text that leaks");
        assertInstanceOf(S390Hh.class, s);
        assertFalse(Strategies.knownBroken(s.name()));
        for (Strategy x : List.of(posted, s)) {
            assertTrue(x.serves(Presets.S390X));
            assertTrue(x.serves(Presets.S390X_PGSTE));
            assertFalse(x.serves(Presets.SPARC64));
        }
    }

    /**
     * {@code page_table_alloc()} and {@code page_table_free()} as in the 6.4 file the patch changed
     * ({@code arch/s390/mm/pgalloc.c} blob 66ab68db9842; v2, against v6.4-rc5; as posted and as intended): {@code pgtable_pte_page_ctor(page)},
     * {@code pgtable_pte_page_dtor(page); __free_page(page);}, on 2 KiB halves and with PGSTEs.
     */
    @Test
    void writesTheConstructorAndDestructorOf64() {
        for (Strategy each : java.util.List.of(s, Strategies.named("s390-hh-v2"))) {
            assertPre66Names(each, trace(each, Presets.S390X, seq(alloc(0), free(0))));
            assertPre66Names(each, trace(each, Presets.S390X_PGSTE, seq(alloc(0), free(0))));
        }
    }
}
