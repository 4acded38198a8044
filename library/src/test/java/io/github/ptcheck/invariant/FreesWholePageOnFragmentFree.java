package io.github.ptcheck.invariant;

import io.github.ptcheck.SharedPages;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: {@code pte_free} of one fragment frees the whole page, whatever other tables in it are
 * still attached.
 */
public final class FreesWholePageOnFragmentFree extends SharedPages {

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return pteFreeNow(m, t.pfn());
    }
}
