package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.report.TextTrace;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NaiveCounterexamplesTest {

    @Test
    void powerpcNaiveQueuesTheRcuHeadTwice() {
        Strategy s = Strategies.named("powerpc-naive-v1");
        Outcome o = new Executor(Presets.POWERPC64_HASH_64K, s).trace(seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertTrue(new TextTrace(s).render(o).contains(">>  4  freeDeferred t1"), () -> new TextTrace(s).render(o));
        assertEquals(Invariant.RCU_HEAD_REUSE, o.violation().get().invariant());
        assertEquals(4, o.violation().get().step());
        assertEquals(0, o.violation().get().pfn());
        assertEquals("rcu_head", o.violation().get().field());
        // The page before the second call_rcu: t0's was queued a step ago, and no walker was
        // inside when t0 was detached, so none can reach it (not "the grace period passed").
        assertTrue(new TextTrace(s).render(o).contains("tables: t0@0 detached, no walker can reach it; t1@1 attached(mm0)"),
                () -> new TextTrace(s).render(o));
    }

    @Test
    void aTableDetachedUnderAWalkerIsShownAsHeldByItsCpu() {
        Strategy s = Strategies.named("powerpc-naive-v1");
        Outcome o = new Executor(Presets.POWERPC64_HASH_64K, s)
                .trace(seq(alloc(0), alloc(0), lock(0), defer(0), defer(1)));
        assertEquals(Invariant.RCU_HEAD_REUSE, o.violation().get().invariant());
        assertEquals(5, o.violation().get().step());
        assertTrue(new TextTrace(s).render(o).contains("tables: t0@0 detached, cpu0 may still hold it; t1@1 attached(mm0)"),
                () -> new TextTrace(s).render(o));
    }

    @Test
    void genericOnX86Passes() {
        Strategy s = Strategies.named("generic-v6.6");
        Outcome o = new Executor(Presets.X86_64, s).trace(seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertTrue(new TextTrace(s).render(o).contains("passed: no invariant broken"), () -> new TextTrace(s).render(o));
        assertTrue(o.passed(), () -> o.violation().get().summary());
    }
}
