package io.github.ptcheck.model;

import io.vavr.collection.TreeSet;

/**
 * Which page frame numbers are free, so that {@code alloc_page()} finds the lowest free one
 * without walking the allocated pages: every pfn from {@link #top} up is free, and below it
 * the free ones (holes) are kept, those under 64 as bits of a long, the rest in a sorted set.
 * Derived from the set of allocated pfns alone (not state of its own), immutable, and updated
 * in O(log n) when a page is allocated or freed. A search that walked the pages made a
 * counterexample of a million {@code alloc} lines quadratic, and charged the walk to the
 * strategy's loop guard, which then blamed the strategy.
 */
final class FreePfns {

    private static final TreeSet<Integer> NO_HOLES = TreeSet.empty();

    /** Nothing allocated. */
    static final FreePfns ALL = new FreePfns(0, 0L, NO_HOLES);

    /** One above the highest allocated pfn (0 when none is). */
    private final int top;
    /** Free pfns below 64 (and below top), as bits. */
    private final long low;
    /** Free pfns from 64 up, below top. */
    private final TreeSet<Integer> high;

    private FreePfns(int top, long low, TreeSet<Integer> high) {
        this.top = top;
        this.low = low;
        this.high = high;
    }

    /** The lowest free pfn. */
    int lowest() {
        if (low != 0) {
            return Long.numberOfTrailingZeros(low);
        }
        return high.isEmpty() ? top : high.head();
    }

    /** After allocating {@code pfn}, which was free. */
    FreePfns allocated(int pfn) {
        if (pfn >= top) {
            // Pfns between the old top and pfn stay free: they become holes.
            FreePfns f = this;
            for (int hole = top; hole < pfn; hole++) {
                f = f.withHole(hole);
            }
            return new FreePfns(pfn + 1, f.low, f.high);
        }
        return pfn < 64 ? new FreePfns(top, low & ~(1L << pfn), high) : new FreePfns(top, low, high.remove(pfn));
    }

    /** After freeing {@code pfn}, which was allocated. */
    FreePfns freed(int pfn) {
        if (pfn != top - 1) {
            return withHole(pfn);
        }
        // The highest page went: the top comes down past the holes right under it.
        int t = pfn;
        long l = low;
        TreeSet<Integer> h = high;
        while (t > 0) {
            int below = t - 1;
            if (below < 64 ? (l & (1L << below)) != 0 : h.contains(below)) {
                if (below < 64) {
                    l &= ~(1L << below);
                } else {
                    h = h.remove(below);
                }
                t = below;
            } else {
                break;
            }
        }
        return new FreePfns(t, l, h);
    }

    private FreePfns withHole(int pfn) {
        return pfn < 64 ? new FreePfns(top, low | (1L << pfn), high) : new FreePfns(top, low, high.add(pfn));
    }
}
