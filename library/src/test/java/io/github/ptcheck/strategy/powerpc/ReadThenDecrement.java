package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.vavr.control.Either;

/**
 * Bug: {@code powerpc-refcount-v2} (clean otherwise, so nothing else is found first) with {@code pte_fragment_free()} testing the count with
 * {@code atomic_read()} and decrementing it after, instead of {@code atomic_dec_and_test()}:
 * <pre>
 * if (atomic_read(&amp;ptdesc-&gt;pt_frag_refcount) == 1) { atomic_dec(...); free the page; }
 * else atomic_dec(...);
 * </pre>
 * Another CPU's decrement between the two leaves nobody freeing the page.
 */
public final class ReadThenDecrement extends ForwardingStrategy {

    public ReadThenDecrement() {
        super(new PowerpcRefcount());
    }

    @Override
    public String name() {
        return "powerpc-read-then-dec";
    }

    @Override
    public String source() {
        return "test: pte_fragment_free() with atomic_read() then atomic_dec()";
    }

    @Override
    public boolean serves(Preset preset) {
        return false;
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return pteFragmentFree(m, t.pfn());
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return pteFragmentFree(m, t.pfn());
    }

    private static Either<Violation, Machine> pteFragmentFree(Machine m, int pfn) {
        Machine now = m.readOnce();
        boolean last = now.pageAllocated(pfn) && now.page(pfn).ptFragRefcount() == 1; // atomic_read()
        return m.atomicAddPtFragRefcount(pfn, -1).flatMap(m1 -> {
            if (!last) {
                return Either.right(m1);
            }
            return m1.pagetablePteDtor(pfn).flatMap(m2 -> m2.freePage(pfn));
        });
    }
}
