package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/**
 * Bug: every table page is kept on the mm's {@code pgtable_list}, and {@code pte_free} returns
 * the page to the allocator without {@code list_del}: the buddy allocator links it through the
 * same {@code lru} words.
 */
public final class FreesListedPage extends PagePerTable {

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return super.pteAllocOne(m, mm).flatMap(a -> a.machine().listAdd(mm, a.slot().pfn())
                .map(m1 -> new Allocated(m1, a.slot())));
    }
}
