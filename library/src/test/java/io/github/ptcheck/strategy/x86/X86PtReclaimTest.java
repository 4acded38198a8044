package io.github.ptcheck.strategy.x86;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PT_RECLAIM on x86_64 in 6.14: the merged code passes; without ee0934b03510 the destructor frees
 * the ptlock under an rcu_read_lock walker; without 718b13861d22 the IPI fallback frees under one.
 */
class X86PtReclaimTest {

    private static Outcome trace(String strategy, Vector<Op> ops) {
        return new Executor(Presets.X86_64, Strategies.named(strategy)).trace(ops);
    }

    private static Violation violation(String strategy, Vector<Op> ops) {
        Outcome o = trace(strategy, ops);
        assertTrue(o.violation().isDefined(), () -> new TextTrace(Strategies.named(strategy)).render(o));
        return o.violation().get();
    }

    @Test
    void theThreeVersionsAndTheirMmCode() {
        assertEquals(MmConfig.PT_RECLAIM, Strategies.named("x86-v6.14").mmConfig());
        assertEquals(MmConfig.PT_RECLAIM, Strategies.named("x86-v6.14-early-dtor").mmConfig());
        assertEquals(MmConfig.PT_RECLAIM_SEMI_RCU, Strategies.named("x86-v6.14-semi-rcu").mmConfig());
        for (String s : new String[]{"x86-v6.14", "x86-v6.14-early-dtor", "x86-v6.14-semi-rcu"}) {
            Strategy x = Strategies.named(s);
            assertTrue(x.serves(Presets.X86_64) && !x.serves(Presets.ARM64_4K), s);
        }
        assertTrue(Strategies.knownBroken("x86-v6.14-early-dtor") && Strategies.knownBroken("x86-v6.14-semi-rcu"));
    }

    @Test
    void mergedWaitsForTheWalkerOnEveryPath() {
        for (Op free : new Op[]{reclaim(0), reclaimOne(0), defer(0)}) {
            Outcome o = trace("x86-v6.14", seq(alloc(0), lock(0), lookup(0, 0), free, run(0), unlock(0), run(0)));
            assertTrue(o.passed(), () -> new TextTrace(Strategies.named("x86-v6.14")).render(o));
            assertTrue(o.steps().get(4).wasSkipped(), "the callback waits for cpu0");
        }
    }

    /** The syzbot report that ee0934b03510 fixed: the ptlock freed while pte_offset_map_lock may take it. */
    @Test
    void withoutEe0934b03510TheDestructorFreesTheLockTheWalkerHolds() {
        Violation v = violation("x86-v6.14-early-dtor", seq(alloc(0), lock(0), lookup(0, 0), reclaim(0)));
        assertEquals(Invariant.USE_AFTER_FREE, v.invariant());
        assertEquals(4, v.step());
        assertEquals("held by cpu0", v.before());
        assertEquals("pagetable_dtor(page 0)", v.after());
        assertTrue(v.detail().contains("frees the split ptlock while cpu0 still holds t0"), v.detail());
        Violation inside = violation("x86-v6.14-early-dtor", seq(alloc(0), lock(0), reclaim(0)));
        assertEquals(Invariant.EARLY_FREE, inside.invariant());
        assertEquals(3, inside.step());
    }

    /**
     * 6.14's names in every variant: {@code pagetable_pte_ctor(ptdesc)}, and {@code pagetable_dtor()}
     * on each free path ({@code pte_free()}, {@code pte_free_now()}, {@code __tlb_remove_table()},
     * and {@code ___pte_free_tlb()} without ee0934b03510); 6.14 has no {@code pagetable_pte_dtor()}.
     */
    @Test
    void everyVariantWrites614sConstructorAndDestructor() {
        for (String s : new String[]{"x86-v6.14", "x86-v6.14-early-dtor", "x86-v6.14-semi-rcu"}) {
            for (Op free : new Op[]{free(0), defer(0), reclaim(0), reclaimOne(0)}) {
                Outcome o = trace(s, seq(alloc(0), free, run(0)));
                String text = new TextTrace(Strategies.named(s)).render(o);
                assertTrue(o.passed(), text);
                assertTrue(text.contains("pagetable_pte_ctor(page 0)") && text.contains("pagetable_dtor(page 0)"), text);
                assertTrue(!text.contains("pagetable_pte_dtor(") && !text.contains("(mm0, page"), text);
            }
        }
    }

    /** What 718b13861d22's message says: the IPI cannot be synchronized with rcu_read_lock(). */
    @Test
    void without718b13861d22TheIpiFallbackFreesUnderTheWalker() {
        Outcome o = trace("x86-v6.14-semi-rcu", seq(alloc(0), lock(0), lookup(0, 0), reclaimOne(0)));
        Violation v = o.violation().get();
        assertEquals(Invariant.USE_AFTER_FREE, v.invariant());
        assertEquals(4, v.step());
        String text = new TextTrace(Strategies.named("x86-v6.14-semi-rcu")).render(o);
        assertTrue(text.contains("tlb_remove_table_sync_one(): IPI to every CPU"), text);
        // The batch path is fine in that version: only the fallback is semi-RCU.
        assertTrue(trace("x86-v6.14-semi-rcu", seq(alloc(0), lock(0), lookup(0, 0), reclaim(0))).passed());
    }
}
