package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.vavr.control.Either;

/**
 * Bug: {@code powerpc-pageactive-v6.6} with {@code pte_free_defer()}'s two lines the other way
 * round, {@code pte_fragment_free()} first and then {@code SetPageActive()}. Where the deferral
 * drops the page's last reference, {@code pte_fragment_free()} finds {@code PG_active} clear and
 * frees the page at once, without a grace period, and {@code SetPageActive()} then writes to the
 * freed page; where an earlier deferral set the flag, it queues the page and {@code PG_active} is
 * set again before the page is freed. Either needs every other fragment of the page handed out
 * and freed first: 16 tables per page on {@code powerpc64-hash-64k}, 256 on radix.
 *
 * <p>So that this is its only bug, {@code pte_frag_destroy()} queues a page whose last reference
 * it drops with {@code PG_active} set, as {@code pte_fragment_free()} does, instead of freeing it
 * at once (the 6.6 finding, docs/strategies.md).
 */
public final class ActiveAfterFragmentFree extends ForwardingStrategy {

    public ActiveAfterFragmentFree() {
        super(new PowerpcPageActive());
    }

    @Override
    public String name() {
        return "powerpc-active-after-free";
    }

    @Override
    public String source() {
        return "test: powerpc-pageactive-v6.6 with SetPageActive() after pte_fragment_free() in pte_free_defer(),"
                + " and pte_frag_destroy() deferring a PG_active page";
    }

    @Override
    public boolean serves(Preset preset) {
        return false;
    }

    /** {@code pte_fragment_free(table, 0); SetPageActive(page);}: the wrong order. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return pteFree(m, t).flatMap(m1 -> m1.setPageActive(t.pfn()));
    }

    /**
     * {@code pte_frag_destroy()}: drop the fragments never handed out; on the last reference
     * {@code call_rcu()} if {@code folio_test_clear_active()}, else free at once.
     */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mmId) {
        Mm mm = m.mm(mmId);
        if (!mm.hasPteFrag()) {
            return Either.right(m);
        }
        int pfn = mm.pteFragPfn();
        return m.pteFragClear(mmId).atomicAddPtFragRefcount(pfn, -(m.preset().tablesPerPage() - mm.pteFragNext()))
                .flatMap(m1 -> m1.page(pfn).ptFragRefcount() != 0 ? Either.right(m1)
                        : m1.page(pfn).active() ? m1.clearPageActive(pfn).flatMap(m2 -> m2.callRcu(pfn, "pte_free_now"))
                        : m1.pagetablePteDtor(pfn).flatMap(m2 -> m2.freePage(pfn)));
    }
}
