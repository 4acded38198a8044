package io.github.ptcheck.rcu;

import io.vavr.collection.SortedSet;

/**
 * A queued RCU callback, as data: which head, which function, and which readers it waits for.
 * Functions are named, not lambdas, so a machine can be compared, hashed and printed.
 *
 * @param head    the rcu_head it was queued on
 * @param func    the callback function, by its kernel name (e.g. {@code pte_free_now})
 * @param waitFor CPUs inside a read-side section at {@code call_rcu} time that have not left it
 *                yet; the callback may run once this is empty
 */
public record RcuCallback(RcuHead head, String func, SortedSet<Integer> waitFor) {

    public boolean eligible() {
        return waitFor.isEmpty();
    }

    public RcuCallback withWaitFor(SortedSet<Integer> w) {
        return new RcuCallback(head, func, w);
    }

    @Override
    public String toString() {
        return func + "(" + head + ")" + (waitFor.isEmpty() ? "" : " waits for cpu" + waitFor.mkString(",cpu"));
    }
}
