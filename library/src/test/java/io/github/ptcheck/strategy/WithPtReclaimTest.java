package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.op.Bounds;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The what-if {@code +pt_reclaim}: a scheme's own code with the generic mm code of a
 * {@code CONFIG_PT_RECLAIM=y} kernel. Where tables share a page, the fallback's
 * {@code call_rcu(&ptdesc->pt_rcu_head, ...)} is one more user of the page's one rcu_head: what
 * {@code PT_RECLAIM depends on !HAVE_ARCH_TLB_REMOVE_TABLE} keeps off powerpc (docs/strategies.md).
 */
class WithPtReclaimTest {

    private static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(6);

    private static ExploreReport explore(String strategy, io.github.ptcheck.arch.Preset p) {
        return new Explorer(new Cell(p, Strategies.named(strategy)), BOUNDS).explore(5);
    }

    @Test
    void isFoundByNameAndRunsWithPtReclaim() {
        Strategy s = Strategies.named("powerpc-refcount-v2+pt_reclaim");
        assertEquals("powerpc-refcount-v2+pt_reclaim", s.name());
        assertEquals(MmConfig.PT_RECLAIM, s.mmConfig());
        assertTrue(s.serves(Presets.POWERPC64_HASH_64K));
        assertFalse(Strategies.all().exists(x -> x.name().endsWith("+pt_reclaim")), "what-ifs are not built-ins");
        assertTrue(Strategies.find("no-such+pt_reclaim").isEmpty());
    }

    @Test
    void onPowerpcTheFallbackQueuesTheSharedRcuHeadTwice() {
        ExploreReport r = explore("powerpc-refcount-v2+pt_reclaim", Presets.POWERPC64_HASH_64K);
        var f = r.finding().get();
        assertEquals(Invariant.RCU_HEAD_REUSE, f.violation().invariant(), r::summary);
        assertEquals(seq(alloc(0), alloc(0), defer(0), tlbOne(1)), f.shrunk());
        // Without the what-if the same scheme is clean to that depth.
        assertTrue(explore("powerpc-refcount-v2", Presets.POWERPC64_HASH_64K).passed());
    }

    @Test
    void onS390HalvesTheFallbackWritesTheRcuHeadOverTheListedPage() {
        ExploreReport r = explore("s390-pageactive-v6.6+pt_reclaim", Presets.S390X);
        var f = r.finding().get();
        assertEquals(Invariant.UNION_CLOBBER, f.violation().invariant(), r::summary);
        assertEquals(seq(alloc(0), alloc(0), tlbOne(0)), f.shrunk());
        assertEquals("lru", f.violation().field());
    }

    @Test
    void wholePagePerTableSchemesStaySafe() {
        assertTrue(explore("s390-fullpage-v6.7+pt_reclaim", Presets.S390X).passed());
        assertTrue(explore("powerpc-refcount-v2+pt_reclaim", Presets.POWERPC64_4K).passed());
    }

    /** 6.6's x86 ___pte_free_tlb() with PT_RECLAIM: why ee0934b03510 moved the destructor. */
    @Test
    void theGenericSchemeOf66NeedsTheDestructorMoved() {
        var f = explore("generic-v6.6+pt_reclaim", Presets.X86_64).finding().get();
        assertEquals(Invariant.EARLY_FREE, f.violation().invariant());
        assertEquals(seq(alloc(0), lock(0), reclaim(0)), f.shrunk());
    }
}
