package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * A what-if: a scheme's own code, run with the generic mm code of a kernel with
 * {@code CONFIG_PT_RECLAIM=y} (empty tables freed with their VMA linked, and the single-table
 * fallback of {@code tlb_remove_table()} queuing {@code call_rcu(&ptdesc->pt_rcu_head, ...)}).
 * Named {@code <scheme>+pt_reclaim}; not a kernel anybody ships: 7.0's Kconfig has
 * {@code PT_RECLAIM depends on MMU_GATHER_RCU_TABLE_FREE && !HAVE_ARCH_TLB_REMOVE_TABLE}, which
 * keeps it off powerpc and sparc64. This asks what that dependency protects.
 */
final class WithPtReclaim implements Strategy {

    /** The suffix of a what-if name, e.g. {@code powerpc-pageactive-v6.6+pt_reclaim}. */
    static final String SUFFIX = "+pt_reclaim";

    private final Strategy base;

    WithPtReclaim(Strategy base) {
        this.base = base;
    }

    @Override
    public String name() {
        return base.name() + SUFFIX;
    }

    @Override
    public String source() {
        return base.source() + "; what-if: with CONFIG_PT_RECLAIM=y (6375e95f381e, 718b13861d22, e74e17310120)";
    }

    @Override
    public boolean serves(Preset preset) {
        return base.serves(preset);
    }

    @Override
    public MmConfig mmConfig() {
        return MmConfig.PT_RECLAIM;
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return base.pteAllocOne(m, mm);
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table table) {
        return base.pteFree(m, table);
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table table) {
        return base.pteFreeDefer(m, table);
    }

    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table table) {
        return base.pteFreeTlb(m, table);
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table table) {
        return base.tlbRemoveTableFree(m, table);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        return base.rcuCallback(m, func, pfn);
    }

    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return base.archExitMmap(m, mm);
    }

    @Override
    public String describe(Page page) {
        return base.describe(page);
    }
}
