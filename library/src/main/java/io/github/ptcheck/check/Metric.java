package io.github.ptcheck.check;

/**
 * The interesting states and events a check counts, besides the operations of each kind
 * ({@code executed.alloc}, {@code executed.freeDeferred}, ...). {@link #key()} is the stable
 * name in {@link Coverage} and in reports. Over several tries a {@link Aggregate#SUM} metric
 * adds up and a {@link Aggregate#MAX} one keeps the largest.
 */
public enum Metric {
    /** Sequence operations skipped because their precondition did not hold (generated ones never are). */
    SKIPPED("skipped", Aggregate.SUM),
    /** Teardown operations executed (readers leaving, mms exiting, {@code rcu_barrier()}). */
    TEARDOWN_OPS("teardownOps", Aggregate.SUM),
    /** Tables handed out: one per {@code alloc}, the rest of a page per {@code fill}. */
    TABLES_ALLOCATED("tablesAllocated", Aggregate.SUM),
    /** Pages the strategies took from the page allocator. */
    PAGES_ALLOCATED("pagesAllocated", Aggregate.SUM),
    /** Pages returned to the page allocator, teardown included. */
    PAGES_FREED("pagesFreed", Aggregate.SUM),
    /** Tables handed out in a fragment that an earlier table of the run had used (s390 reuses halves). */
    FRAGMENTS_HANDED_OUT_AGAIN("fragmentsHandedOutAgain", Aggregate.SUM),
    /** Most pages allocated at once. */
    MAX_PAGES_ALLOCATED("maxPagesAllocated", Aggregate.MAX),
    /**
     * Most tables of one page in flight at once: detached, while a reader that was inside a
     * read-side section at the detach is still inside (their grace period is pending).
     */
    MAX_TABLES_OF_ONE_PAGE_IN_FLIGHT("maxTablesOfOnePageInFlight", Aggregate.MAX),
    /** Most RCU callbacks queued at once (page {@code rcu_head}s and mmu_gather batches). */
    MAX_CALLBACKS_QUEUED("maxCallbacksQueued", Aggregate.MAX),
    /** Most CPUs inside a read-side section at once. */
    MAX_READERS_INSIDE("maxReadersInside", Aggregate.MAX),
    /**
     * Longest read-side section, in sequence operations from its {@code readLock} to its
     * {@code readUnlock} (or to the end of the sequence), both counted.
     */
    LONGEST_READ_SECTION("longestReadSection", Aggregate.MAX),
    /** {@code freeDeferred} and {@code freeTlb} run while some CPU was inside a read-side section. */
    DEFERRALS_WITH_READER_INSIDE("deferralsWithReaderInside", Aggregate.SUM),
    /** {@code freeDeferred} and {@code freeTlb} of a table a reader had looked up and still held. */
    DEFERRALS_OF_HELD_TABLES("deferralsOfHeldTables", Aggregate.SUM),
    /** Callbacks queued by a callback that a {@code runCallback} step ran (re-queued heads, batches freeing pages). */
    CALLBACKS_QUEUED_BY_CALLBACKS("callbacksQueuedByCallbacks", Aggregate.SUM),
    /** {@code exitMm} run while callbacks were queued or a reader was inside: teardown interleaved with frees. */
    EXITS_WITH_GRACE_PENDING("exitsWithGracePending", Aggregate.SUM);

    /** How a metric combines over tries. */
    public enum Aggregate {
        SUM, MAX
    }

    private final String key;
    private final Aggregate aggregate;

    Metric(String key, Aggregate aggregate) {
        this.key = key;
        this.aggregate = aggregate;
    }

    /** The name in {@link Coverage}. */
    public String key() {
        return key;
    }

    public Aggregate aggregate() {
        return aggregate;
    }
}
