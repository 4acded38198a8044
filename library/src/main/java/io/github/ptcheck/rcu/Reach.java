package io.github.ptcheck.rcu;

/**
 * Which walkers may still hold a table when a free path takes it out of its pmd: the ones
 * inside a read-side section of these kinds at that moment (any of them may have loaded the
 * pmd a moment earlier), and no others.
 */
public enum Reach {

    /** {@code pte_free()} on error and race-loser paths: the table was never visible. */
    NONE(false, false),

    /**
     * {@code free_pgtables()} at munmap and exit: the VMA was unlinked first, so only GUP-fast,
     * which walks from the pmd whatever the VMAs, may still hold it.
     */
    GUP_FAST(false, true),

    /** Freed with its VMA still linked ({@code retract_page_tables()}, PT_RECLAIM): every walker. */
    ALL(true, true);

    private final boolean rcu;
    private final boolean irqOff;

    Reach(boolean rcu, boolean irqOff) {
        this.rcu = rcu;
        this.irqOff = irqOff;
    }

    public boolean includes(ReadSection section) {
        return section == ReadSection.RCU ? rcu : irqOff;
    }
}
