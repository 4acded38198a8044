package io.github.ptcheck.strategy;

import io.github.ptcheck.model.MmConfig;

/**
 * A what-if: a scheme's own code, run with the generic mm code of a kernel with
 * {@code CONFIG_PT_RECLAIM=y} (empty tables freed with their VMA linked, and the single-table
 * fallback of {@code tlb_remove_table()} queuing {@code call_rcu(&ptdesc->pt_rcu_head, ...)}).
 * Named {@code <scheme>+pt_reclaim}; not a kernel anybody ships: 7.0's Kconfig has
 * {@code PT_RECLAIM depends on MMU_GATHER_RCU_TABLE_FREE && !HAVE_ARCH_TLB_REMOVE_TABLE}, which
 * keeps it off powerpc and sparc64. This asks what that dependency protects.
 */
final class WithPtReclaim extends ForwardingStrategy {

    /** The suffix of a what-if name, e.g. {@code powerpc-pageactive-v6.6+pt_reclaim}. */
    static final String SUFFIX = "+pt_reclaim";

    WithPtReclaim(Strategy base) {
        super(base);
    }

    @Override
    public String name() {
        return delegate().name() + SUFFIX;
    }

    @Override
    public String source() {
        return delegate().source() + "; what-if: with CONFIG_PT_RECLAIM=y (6375e95f381e, 718b13861d22, e74e17310120)";
    }

    @Override
    public MmConfig mmConfig() {
        return MmConfig.PT_RECLAIM;
    }
}
