package io.github.ptcheck.rcu;

import io.vavr.collection.SortedSet;

/**
 * A queued RCU callback, as data: which head, which function, and which readers it waits for.
 * Functions are named, not lambdas, so a machine can be compared, hashed and printed.
 *
 * @param head    the rcu_head it was queued on
 * @param func    the callback function, by its kernel name (e.g. {@code pte_free_now})
 * @param table   the table it frees when the function works on one table rather than on the
 *                page (the single-table fallback of {@code tlb_remove_table()}), else -1
 * @param waitFor CPUs inside a read-side section at {@code call_rcu} time that have not left it
 *                yet; the callback may run once this is empty
 */
public record RcuCallback(RcuHead head, String func, int table, SortedSet<Integer> waitFor) {

    public RcuCallback(RcuHead head, String func, SortedSet<Integer> waitFor) {
        this(head, func, -1, waitFor);
    }

    public boolean eligible() {
        return waitFor.isEmpty();
    }

    public RcuCallback withWaitFor(SortedSet<Integer> w) {
        return new RcuCallback(head, func, table, w);
    }

    @Override
    public String toString() {
        return func + "(" + head + (table >= 0 && !(head instanceof RcuHead.OfBatch) ? ", t" + table : "") + ")"
                + (waitFor.isEmpty() ? "" : " waits for cpu" + waitFor.mkString(",cpu"));
    }
}
