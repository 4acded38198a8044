package io.github.ptcheck.model;

import io.vavr.collection.TreeMap;

/**
 * The {@code struct page} (today {@code struct ptdesc}) of one allocated physical page, as far
 * as page-table freeing touches it.
 *
 * @param pfn       page frame number: pages are named by it in every report
 * @param refcount  {@code _refcount}: 1 from {@code alloc_page}; s390 keeps its AA/HH/PP bits in
 *                  the upper byte
 * @param flags     page flags and page type ({@link #PG_ACTIVE}, {@link #PG_TABLE})
 * @param words     who owns the {@code lru} / {@code rcu_head} words
 * @param ptUnion   who owns {@code pt_mm} / {@code pt_frag_refcount} / {@code pt_index}
 * @param ptValue   the value of that second union ({@code pt_frag_refcount} when it owns it)
 * @param frags     fragment index to the table most recently handed out there (t-number)
 * @param ptl       the split ptlock is allocated: {@code ptlock_alloc()} in the page-table
 *                  constructor, {@code ptlock_free()} in the destructor (a separate object where
 *                  {@code ALLOC_SPLIT_PTLOCKS}); {@code pte_offset_map_lock()} takes it
 */
public record Page(int pfn, int refcount, int flags, Words words, PtUnion ptUnion, int ptValue,
                   TreeMap<Integer, Integer> frags, boolean ptl) {

    /** {@code PG_active}: in {@code PAGE_FLAGS_CHECK_AT_FREE}, so it must be clear at free. */
    public static final int PG_ACTIVE = 1;
    /** {@code PageTable} page type, set by the page-table constructor, cleared by the destructor. */
    public static final int PG_TABLE = 2;

    /** No fragment handed out: shared, as {@code TreeMap.empty()} makes a new map each call (one per alloc_page). */
    private static final TreeMap<Integer, Integer> NO_FRAGS = TreeMap.empty();

    static Page fresh(int pfn) {
        return new Page(pfn, 1, 0, Words.UNUSED, PtUnion.NONE, 0, NO_FRAGS, false);
    }

    public boolean active() {
        return (flags & PG_ACTIVE) != 0;
    }

    public boolean pageTable() {
        return (flags & PG_TABLE) != 0;
    }

    /** {@code pt_frag_refcount}, 0 while that field does not own the union. */
    public int ptFragRefcount() {
        return ptUnion == PtUnion.PT_FRAG_REFCOUNT ? ptValue : 0;
    }

    Page withRefcount(int v) {
        return new Page(pfn, v, flags, words, ptUnion, ptValue, frags, ptl);
    }

    Page withFlags(int v) {
        return new Page(pfn, refcount, v, words, ptUnion, ptValue, frags, ptl);
    }

    Page withWords(Words v) {
        return new Page(pfn, refcount, flags, v, ptUnion, ptValue, frags, ptl);
    }

    Page withPt(PtUnion owner, int v) {
        return new Page(pfn, refcount, flags, words, owner, v, frags, ptl);
    }

    Page withFrag(int frag, int table) {
        return new Page(pfn, refcount, flags, words, ptUnion, ptValue, frags.put(frag, table), ptl);
    }

    Page withPtl(boolean v) {
        return new Page(pfn, refcount, flags, words, ptUnion, ptValue, frags, v);
    }

    /** The flags as the kernel names them, e.g. {@code table|active}. */
    public String flagNames() {
        if (flags == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        if (pageTable()) {
            sb.append("table");
        }
        if (active()) {
            sb.append(sb.length() > 0 ? "|" : "").append("active");
        }
        return sb.toString();
    }

    /** One line for a trace: counts, flags and the owner of the overlapping words. */
    public String describe() {
        StringBuilder sb = new StringBuilder("page ").append(pfn).append(": _refcount=");
        if ((refcount >>> 24) != 0) {
            sb.append(String.format("0x%08x", refcount));
        } else {
            sb.append(refcount);
        }
        if (ptUnion != PtUnion.NONE) {
            sb.append(' ').append(ptUnion.show(ptValue));
        }
        sb.append(" flags=").append(flagNames());
        sb.append(" words=").append(words.describe());
        return sb.toString();
    }
}
