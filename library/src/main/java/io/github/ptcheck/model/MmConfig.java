package io.github.ptcheck.model;

import java.util.Objects;

/**
 * The architecture-independent mm code a scheme runs with, where kernel versions and config
 * options differ in who can still reach a freed table: what {@code tlb_remove_table()} does
 * when it cannot allocate its batch page, and whether PT_RECLAIM frees empty PTE tables while
 * their VMA is still linked. Part of a machine's identity, like its preset.
 *
 * @param tlbRemoveTableOne what {@code tlb_remove_table_one()} does (mm/mmu_gather.c)
 * @param ptReclaim         {@code CONFIG_PT_RECLAIM}: {@code madvise(MADV_DONTNEED)} frees
 *                          empty PTE tables from {@code zap_pte_range()} (6375e95f381e, 6.14;
 *                          x86_64 only until 7.0)
 */
public record MmConfig(Fallback tlbRemoveTableOne, boolean ptReclaim) {

    /** {@code tlb_remove_table_one()}: how one table is freed when the batch page cannot be allocated. */
    public enum Fallback {
        /**
         * {@code tlb_remove_table_sync_one(); __tlb_remove_table(table);}: an IPI, which waits for
         * the CPUs with interrupts off (GUP-fast) and not for {@code rcu_read_lock()} walkers,
         * then the free at once ("semi RCU"). Every version up to 6.13; 6.14 on without
         * {@code CONFIG_PT_RECLAIM}.
         */
        IPI_THEN_FREE("tlb_remove_table_sync_one(); __tlb_remove_table()"),

        /**
         * {@code call_rcu(&ptdesc->pt_rcu_head, __tlb_remove_table_one_rcu)}: a grace period, on
         * the rcu_head of the page the table lives in (718b13861d22 for x86, made generic by
         * e74e17310120; 6.14 on with {@code CONFIG_PT_RECLAIM}). It casts the table to its
         * {@code ptdesc}, which holds only where a table is a whole page.
         */
        CALL_RCU_PT_RCU_HEAD("call_rcu(&ptdesc->pt_rcu_head, __tlb_remove_table_one_rcu)");

        private final String code;

        Fallback(String code) {
            this.code = code;
        }

        /** The kernel code, for traces. */
        public String code() {
            return code;
        }
    }

    /** The generic mm code of 6.6 (and of every version up to 6.13): semi-RCU fallback, no PT_RECLAIM. */
    public static final MmConfig V6_6 = new MmConfig(Fallback.IPI_THEN_FREE, false);

    /** 6.14 with {@code CONFIG_PT_RECLAIM=y} (x86_64), and 7.0 on every arch that may have it. */
    public static final MmConfig PT_RECLAIM = new MmConfig(Fallback.CALL_RCU_PT_RCU_HEAD, true);

    /** 6.14 with PT_RECLAIM but without 718b13861d22: the semi-RCU fallback under reclaim. */
    public static final MmConfig PT_RECLAIM_SEMI_RCU = new MmConfig(Fallback.IPI_THEN_FREE, true);

    public MmConfig {
        Objects.requireNonNull(tlbRemoveTableOne, "tlbRemoveTableOne");
    }

    @Override
    public String toString() {
        return "tlb_remove_table_one: " + tlbRemoveTableOne.code() + (ptReclaim ? ", CONFIG_PT_RECLAIM=y" : "");
    }
}
