package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: {@code pte_free} takes the page off a list ({@code list_del_init}) although
 * {@code pte_alloc_one} never initialised its {@code lru}: list_del follows poisoned pointers.
 */
public final class ListDelsUnusedWords extends PagePerTable {

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return m.listDelInit(t.pfn()).flatMap(m1 -> pteFreeNow(m1, t.pfn()));
    }
}
