package io.github.ptcheck.invariant;

import io.github.ptcheck.SharedPages;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: the page is freed as soon as no table handed out from it is attached, although
 * {@code pt_frag_refcount} still counts the fragments never handed out.
 */
public final class FreesWhenTablesGone extends SharedPages {

    @Override
    protected Either<Violation, Machine> lastReference(Machine m, int pfn) {
        if (m.tablesOf(pfn).exists(Table::attached)) {
            return Either.right(m);
        }
        return pteFreeNow(m, pfn);
    }
}
