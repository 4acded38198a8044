package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/**
 * Bug: the free path returns the page to the allocator and only then clears its
 * {@code PG_active}: a write to a page it no longer owns.
 */
public final class ClearsActiveAfterFree extends PagePerTable {

    @Override
    protected Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return super.pteFreeNow(m, pfn).flatMap(m1 -> m1.clearPageActive(pfn));
    }
}
