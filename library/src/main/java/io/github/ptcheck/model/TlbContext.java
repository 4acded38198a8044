package io.github.ptcheck.model;

import io.vavr.collection.Vector;

/**
 * The mmu_gather of the operation being run, as far as {@code tlb_remove_table()} needs it:
 * whether the batch page could be allocated ({@code __get_free_page(GFP_NOWAIT)} fails under
 * memory pressure), and the tables the IPI-then-free fallback has taken so far, which the
 * executor frees ({@code __tlb_remove_table()}) once {@code tlb_remove_table_sync_one()} has
 * returned. Not state: it lives inside one operation.
 *
 * @param batchFails the batch page cannot be allocated: every table takes
 *                   {@code tlb_remove_table_one()}
 * @param syncOne    tables waiting for the IPI, then to be freed at once
 */
public record TlbContext(boolean batchFails, Vector<Integer> syncOne) {

    /** Batch pages can be allocated; nothing waiting. */
    public static final TlbContext BATCH = new TlbContext(false, Vector.empty());
    /** The batch page cannot be allocated; nothing waiting yet. */
    public static final TlbContext ONE = new TlbContext(true, Vector.empty());

    /** The same with {@code table} waiting for the IPI too. */
    TlbContext waiting(int table) {
        if (batchFails && syncOne.isEmpty() && table < FIRST_WAITING.length) {
            return FIRST_WAITING[table];
        }
        return new TlbContext(batchFails, syncOne.append(table));
    }

    // ONE with one of the first tables waiting, shared: an operation frees one table as a rule, and
    // its Vector and context were made afresh each time.
    private static final TlbContext[] FIRST_WAITING = new TlbContext[16];

    static {
        for (int t = 0; t < FIRST_WAITING.length; t++) {
            FIRST_WAITING[t] = new TlbContext(true, Vector.of(t));
        }
    }
}
