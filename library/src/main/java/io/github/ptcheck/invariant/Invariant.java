package io.github.ptcheck.invariant;

/**
 * What must never happen (spec section 6), by the names reports, files and the plugin use.
 * The order is the spec's.
 */
public enum Invariant {
    /** 1. {@code call_rcu} on an {@code rcu_head} that is still queued. */
    RCU_HEAD_REUSE("rcu_head queued again while still queued (double call_rcu)"),
    /** 2. A field of the overlapping words written while another field owns them. */
    UNION_CLOBBER("a field written over another live field of the same words"),
    /** 3a. Page freed or fragment reused before its grace period, and a waiting reader holds it. */
    USE_AFTER_FREE("freed or handed out again while a reader still holds a table in it"),
    /** 3b. Page freed or fragment reused before its grace period; no waiting reader holds it. */
    EARLY_FREE("freed or handed out again before the grace period of a table in it"),
    /** 4a. A fragment or page freed twice. */
    DOUBLE_FREE("a fragment or page freed twice"),
    /** 4b. A count below zero ({@code BUG_ON}). */
    REFCOUNT_UNDERFLOW("a count went below zero (BUG_ON)"),
    /** 5. The page allocator's own checks at free time. */
    BAD_PAGE_STATE("page freed with a non-zero count or a flag the allocator requires clear (bad page state)"),
    /** 6. Still allocated after every mm exited, every reader left and rcu_barrier() ran. */
    LEAK("page still allocated after teardown"),
    /** 7. A table handed out that is still in use. */
    DOUBLE_ALLOC("a table handed out while still in use"),
    /**
     * 8 (interleavings). A spinlock rule lockdep enforces: taken twice by one CPU, released by one
     * that does not hold it, held when a routine returns, two CPUs inside one, or every CPU
     * waiting for another.
     */
    LOCKDEP("a spinlock taken twice, released unheld, held at return, or every CPU waiting");

    private final String meaning;

    Invariant(String meaning) {
        this.meaning = meaning;
    }

    /** One line a kernel developer reads in a report. */
    public String meaning() {
        return meaning;
    }
}
