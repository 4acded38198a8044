package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.strategy.s390.S390Traces.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** s390-naive-v1: the bugs named in the June 2023 thread, each at its step. */
class S390NaiveTest {

    private final Strategy s = Strategies.named("s390-naive-v1");

    @Test
    void freeingTheSiblingListAddsOverTheQueuedRcuHead() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), defer(0), free(1)));
        assertTrue(new TextTrace(s).render(o).contains(">>  4  free t1"), () -> new TextTrace(s).render(o));
        Violation v = o.violation().get();
        assertEquals(Invariant.UNION_CLOBBER, v.invariant());
        assertEquals(4, v.step());
        assertEquals(0, v.pfn());
        assertEquals("rcu_head", v.field());
        // page_table_free() saw the deferred half still allocated (A bit never cleared), so it
        // listed the page for the freed half: list_add writes lru over the rcu_head.
        assertTrue(v.detail().startsWith("list_add(page 0 lru"), v.detail());
    }

    @Test
    void deferringBothHalvesQueuesTheRcuHeadTwice() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertTrue(new TextTrace(s).render(o).contains(">>  4  freeDeferred t1"), () -> new TextTrace(s).render(o));
        Violation v = o.violation().get();
        assertEquals(Invariant.RCU_HEAD_REUSE, v.invariant());
        assertEquals(4, v.step());
        assertEquals(0, v.pfn());
        assertEquals("rcu_head", v.field());
    }

    @Test
    void deferringWhileThePageIsOnPgtableListWritesOverItsLru() {
        // One half in use: the page is on mm0's pgtable_list for its free half.
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), defer(0)));
        Violation v = o.violation().get();
        assertEquals(Invariant.UNION_CLOBBER, v.invariant());
        assertEquals(2, v.step());
        assertEquals(0, v.pfn());
        assertEquals("lru", v.field());
    }

    @Test
    void theDeferredHalfKeepsItsABitUntilItsCallback() {
        Outcome o = trace(s, Presets.S390X, seq(alloc(0), alloc(0), defer(0)));
        assertEquals("AA=11 PP=00 HH=00 (pt_mm = mm0 + fragment 0)", s.describe(after(o, 3).page(0)));
    }

    @Test
    void withPgstesEachTableHasItsPageAndTheNaiveSchemeHolds() {
        Outcome o = trace(s, Presets.S390X_PGSTE, seq(alloc(0), alloc(0), lock(0), lookup(0, 1), defer(0), defer(1),
                unlock(0), run(0)));
        assertPassed(s, o);
        assertRan(s, o);
        assertEquals(1, after(o, 2).table(1).pfn());
    }

    @Test
    void isKnownBroken() {
        assertTrue(Strategies.knownBroken(s.name()));
    }

    /**
     * {@code page_table_alloc()} and {@code page_table_free()} as in the 6.4 file the patch changed
     * ({@code arch/s390/mm/pgalloc.c} blob 66ab68db9842; v1, against v6.4-rc3): {@code pgtable_pte_page_ctor(page)},
     * {@code pgtable_pte_page_dtor(page); __free_page(page);}, on 2 KiB halves and with PGSTEs.
     */
    @Test
    void writesTheConstructorAndDestructorOf64() {
        for (Strategy each : java.util.List.of(s)) {
            assertPre66Names(each, trace(each, Presets.S390X, seq(alloc(0), free(0))));
            assertPre66Names(each, trace(each, Presets.S390X_PGSTE, seq(alloc(0), free(0))));
        }
    }
}
