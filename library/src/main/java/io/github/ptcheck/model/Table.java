package io.github.ptcheck.model;

import io.vavr.collection.SortedSet;

/**
 * One PTE table handed out by {@code pte_alloc_one}, named by the order of its allocation.
 *
 * @param id        t-number: t0 is the first table allocated in the run
 * @param mm        the mm it was allocated for
 * @param pfn       the page it lives in
 * @param frag      its fragment index in that page (0 when a table fills the page)
 * @param attached  reachable from a pmd: readers may look it up
 * @param waitFor   CPUs that were inside a read-side section when it was detached and have
 *                  not left that section since: its grace period has passed when this is empty
 */
public record Table(int id, int mm, int pfn, int frag, boolean attached, SortedSet<Integer> waitFor) {

    public String name() {
        return "t" + id;
    }

    /** Detached, and every reader that might still hold it has left: it may be freed and reused. */
    public boolean gracePassed() {
        return !attached && waitFor.isEmpty();
    }

    Table detached(SortedSet<Integer> readersInside) {
        return new Table(id, mm, pfn, frag, false, readersInside);
    }

    Table withWaitFor(SortedSet<Integer> w) {
        return new Table(id, mm, pfn, frag, attached, w);
    }
}
