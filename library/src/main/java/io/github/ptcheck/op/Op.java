package io.github.ptcheck.op;

/**
 * One operation of a sequence (spec section 7). Tables are named by the order of their
 * {@code alloc} (t0, t1, ...), CPUs and mms by number. An operation whose precondition does
 * not hold when it comes up is skipped, so every sub-sequence of a sequence runs.
 *
 * <p>Every operation names its arguments the same way ({@link #mm}, {@link #table},
 * {@link #cpu}, {@link #index}; -1 for one it does not have), so the shrinker, the parser and
 * the generators handle a new kind without a case of their own: its {@link OpKind} says which
 * arguments it takes and builds it. {@link #toString()} is the operation as a counterexample
 * file spells it.
 */
public sealed interface Op {

    /** Its kind: the word a file spells it with, its arguments, how it is built. */
    OpKind kind();

    /** The mm it names, or -1. */
    default int mm() {
        return -1;
    }

    /** The table it names, or -1. */
    default int table() {
        return -1;
    }

    /** The CPU it names, or -1. */
    default int cpu() {
        return -1;
    }

    /** The callback index it names ({@code runCallback}), or -1. */
    default int index() {
        return -1;
    }

    /** The table an operation names, or -1 when it names none. */
    static int tableOf(Op op) {
        return op.table();
    }

    /** The same operation with argument {@code arg} set to {@code value}. */
    default Op with(OpKind.Arg arg, int value) {
        return kind().build(arg == OpKind.Arg.MM ? value : mm(), arg == OpKind.Arg.TABLE ? value : table(),
                arg == OpKind.Arg.CPU ? value : cpu(), arg == OpKind.Arg.INDEX ? value : index());
    }

    /** {@code pte_alloc_one(mm)}; the new table is attached. */
    record Alloc(int mm) implements Op {
        public OpKind kind() {
            return OpKind.ALLOC;
        }

        @Override
        public String toString() {
            return "alloc mm" + mm;
        }
    }

    /**
     * The mm faults in the rest of its current page: {@code pte_alloc_one(mm)} again and again, each
     * allocation a table of its own (attached, named in order as an {@code alloc} names it), until
     * the page they land in is full ({@link io.github.ptcheck.op.PageFill#full}). A sequence of
     * allocations under one name, so that a page of 16 or 256 tables is one operation of a
     * sequence; {@link io.github.ptcheck.op.PageFill} says what it stops at and how it expands.
     */
    record Fill(int mm) implements Op {
        public OpKind kind() {
            return OpKind.FILL;
        }

        @Override
        public String toString() {
            return "fill mm" + mm;
        }
    }

    /** {@code pte_free()}: the table was never visible; only while no CPU is inside a read-side section. */
    record Free(int table) implements Op {
        public OpKind kind() {
            return OpKind.FREE;
        }

        @Override
        public String toString() {
            return "free t" + table;
        }
    }

    /**
     * Detach with the VMA still linked ({@code retract_page_tables()}), then
     * {@code pte_free_defer()}: walkers of both kinds may still hold it.
     */
    record FreeDeferred(int table) implements Op {
        public OpKind kind() {
            return OpKind.FREE_DEFERRED;
        }

        @Override
        public String toString() {
            return "freeDeferred t" + table;
        }
    }

    /**
     * {@code free_pgtables()} at munmap: the VMA is unlinked first (so no rmap or fault walker
     * holds the table any more), then detach and the mmu_gather path ({@code pte_free_tlb} →
     * {@code tlb_remove_table}, batched): only GUP-fast may still hold it.
     */
    record FreeTlb(int table) implements Op {
        public OpKind kind() {
            return OpKind.FREE_TLB;
        }

        @Override
        public String toString() {
            return "freeTlb t" + table;
        }
    }

    /**
     * {@link FreeTlb} when the mmu_gather cannot allocate its batch page: the table takes
     * {@code tlb_remove_table_one()}, whose code depends on the version (semi-RCU IPI, or
     * {@code call_rcu} on the page's {@code pt_rcu_head}).
     */
    record FreeTlbOne(int table) implements Op {
        public OpKind kind() {
            return OpKind.FREE_TLB_ONE;
        }

        @Override
        public String toString() {
            return "freeTlbOne t" + table;
        }
    }

    /**
     * munmap of the range around a table: {@code free_pgtables()} frees every other attached table
     * of {@code table}'s page and mm, each as {@link FreeTlb} does (a walker under
     * {@code rcu_read_lock()} that holds one keeps it), and leaves {@code table} itself: the dual
     * of {@link Fill}, so that "every other table of the page is gone" is one operation.
     */
    record FreeTlbSiblings(int table) implements Op {
        public OpKind kind() {
            return OpKind.FREE_TLB_SIBLINGS;
        }

        @Override
        public String toString() {
            return "freeTlbSiblings t" + table;
        }
    }

    /**
     * PT_RECLAIM: {@code madvise(MADV_DONTNEED)} zaps the last entries and
     * {@code zap_pte_range()} frees the now empty table with its VMA still linked: detach, then
     * {@code pte_free_tlb} (batched). Walkers of both kinds may still hold it. Offered only where
     * the machine's mm code has {@code CONFIG_PT_RECLAIM}.
     */
    record Reclaim(int table) implements Op {
        public OpKind kind() {
            return OpKind.RECLAIM;
        }

        @Override
        public String toString() {
            return "reclaim t" + table;
        }
    }

    /** {@link Reclaim} when the batch page cannot be allocated: {@code tlb_remove_table_one()}. */
    record ReclaimOne(int table) implements Op {
        public OpKind kind() {
            return OpKind.RECLAIM_ONE;
        }

        @Override
        public String toString() {
            return "reclaimOne t" + table;
        }
    }

    /** {@code rcu_read_lock()} on a CPU that is not inside a read-side section. */
    record ReadLock(int cpu) implements Op {
        public OpKind kind() {
            return OpKind.READ_LOCK;
        }

        @Override
        public String toString() {
            return "readLock cpu" + cpu;
        }
    }

    /** {@code local_irq_save()} on a CPU that is not inside a read-side section: GUP-fast begins. */
    record IrqOff(int cpu) implements Op {
        public OpKind kind() {
            return OpKind.IRQ_OFF;
        }

        @Override
        public String toString() {
            return "irqOff cpu" + cpu;
        }
    }

    /**
     * A walker inside a read-side section looks up an attached table and keeps the pointer:
     * {@code pte_offset_map_lock()} under {@code rcu_read_lock()}, GUP-fast with interrupts off.
     */
    record Lookup(int cpu, int table) implements Op {
        public OpKind kind() {
            return OpKind.LOOKUP;
        }

        @Override
        public String toString() {
            return "lookup cpu" + cpu + " t" + table;
        }
    }

    /** {@code rcu_read_unlock()}. */
    record ReadUnlock(int cpu) implements Op {
        public OpKind kind() {
            return OpKind.READ_UNLOCK;
        }

        @Override
        public String toString() {
            return "readUnlock cpu" + cpu;
        }
    }

    /** {@code local_irq_restore()}: GUP-fast is done. */
    record IrqOn(int cpu) implements Op {
        public OpKind kind() {
            return OpKind.IRQ_ON;
        }

        @Override
        public String toString() {
            return "irqOn cpu" + cpu;
        }
    }

    /** The {@code index}-th eligible RCU callback (oldest first) runs. */
    record RunCallback(int index) implements Op {
        public OpKind kind() {
            return OpKind.RUN_CALLBACK;
        }

        @Override
        public String toString() {
            return "runCallback " + index;
        }
    }

    /** {@code rcu_barrier()}: only while no CPU is inside a read-side section. */
    record RcuBarrier() implements Op {
        public OpKind kind() {
            return OpKind.RCU_BARRIER;
        }

        @Override
        public String toString() {
            return "rcuBarrier";
        }
    }

    /** {@code exit_mmap()}: the arch exit hook, then every attached table through mmu_gather. */
    record ExitMm(int mm) implements Op {
        public OpKind kind() {
            return OpKind.EXIT_MM;
        }

        @Override
        public String toString() {
            return "exitMm mm" + mm;
        }
    }
}
