package io.github.ptcheck.rcu;

/** The {@code struct rcu_head} a callback was queued on. */
public sealed interface RcuHead {

    /** {@code page->rcu_head} (today {@code ptdesc->pt_rcu_head}): one per page, however many tables share it. */
    record OfPage(int pfn) implements RcuHead {
        @Override
        public String toString() {
            return "page " + pfn + " rcu_head";
        }
    }

    /**
     * The {@code rcu_head} of an mmu_gather table batch ({@code struct mmu_table_batch}), which
     * is not the page's: {@code tlb_remove_table()} never touches the page's words.
     */
    record OfBatch(int table) implements RcuHead {
        @Override
        public String toString() {
            return "mmu_table_batch rcu (t" + table + ")";
        }
    }
}
