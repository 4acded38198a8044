package io.github.ptcheck.rcu;

/**
 * The two kinds of lockless page-table walker, by what they do to keep a table alive while
 * they use it. An RCU grace period waits for both (since the RCU flavours were consolidated in
 * 4.20, a region with interrupts off is a read-side critical section); the IPI of
 * {@code tlb_remove_table_sync_one()} waits only for the second.
 */
public enum ReadSection {

    /**
     * {@code rcu_read_lock()}: {@code pte_offset_map()} and {@code pte_offset_map_lock()} (since
     * 6.5) and the rmap walkers that use them. They find a table through its VMA, so only while
     * the VMA is still linked, and the {@code _lock} forms take the table's split ptlock.
     */
    RCU("rcu_read_lock", "rcu_read_unlock", "pte_offset_map_lock"),

    /**
     * {@code local_irq_save()}: GUP-fast ({@code gup_fast()} in {@code mm/gup.c}), lockless,
     * reaches any table still linked from a pmd, VMA or not, and takes no ptlock.
     */
    IRQ_OFF("local_irq_save", "local_irq_restore", "gup_fast");

    private final String enter;
    private final String leave;
    private final String walk;

    ReadSection(String enter, String leave, String walk) {
        this.enter = enter;
        this.leave = leave;
        this.walk = walk;
    }

    /** The kernel call that enters it, e.g. {@code rcu_read_lock}. */
    public String enter() {
        return enter;
    }

    /** The kernel call that leaves it. */
    public String leave() {
        return leave;
    }

    /** The walker that looks tables up inside it. */
    public String walk() {
        return walk;
    }

    /** Whether its walkers take the table's split ptlock (so the ptlock must outlive them). */
    public boolean takesPtlock() {
        return this == RCU;
    }
}
