package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * Bug: {@code pte_free_tlb} frees the table at once instead of handing it to
 * {@code tlb_remove_table()}: a GUP-fast walker (interrupts off) may still hold it.
 */
public final class FreesAtOnceOnTlb extends PagePerTable {

    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
        return pteFree(m, t);
    }
}
