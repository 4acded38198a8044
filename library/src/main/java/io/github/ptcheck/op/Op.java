package io.github.ptcheck.op;

/**
 * One operation of a sequence (spec section 7). Tables are named by the order of their
 * {@code alloc} (t0, t1, ...), CPUs and mms by number. An operation whose precondition does
 * not hold when it comes up is skipped, so every sub-sequence of a sequence runs.
 *
 * <p>{@link #toString()} is the operation as a counterexample file spells it.
 */
public sealed interface Op {

    /** The table an operation names, or -1 when it names none. */
    static int tableOf(Op op) {
        if (op instanceof Free f) {
            return f.table();
        } else if (op instanceof FreeDeferred f) {
            return f.table();
        } else if (op instanceof FreeTlb f) {
            return f.table();
        } else if (op instanceof Lookup l) {
            return l.table();
        }
        return -1;
    }

    /** {@code pte_alloc_one(mm)}; the new table is attached. */
    record Alloc(int mm) implements Op {
        @Override
        public String toString() {
            return "alloc mm" + mm;
        }
    }

    /** {@code pte_free()}: only while no CPU is inside a read-side section. */
    record Free(int table) implements Op {
        @Override
        public String toString() {
            return "free t" + table;
        }
    }

    /** Detach, then {@code pte_free_defer()}. */
    record FreeDeferred(int table) implements Op {
        @Override
        public String toString() {
            return "freeDeferred t" + table;
        }
    }

    /** Detach, then the mmu_gather path ({@code pte_free_tlb} → {@code tlb_remove_table}). */
    record FreeTlb(int table) implements Op {
        @Override
        public String toString() {
            return "freeTlb t" + table;
        }
    }

    /** {@code rcu_read_lock()} on a CPU that is not inside one. */
    record ReadLock(int cpu) implements Op {
        @Override
        public String toString() {
            return "readLock cpu" + cpu;
        }
    }

    /** A reader inside a read-side section looks up an attached table and keeps the pointer. */
    record Lookup(int cpu, int table) implements Op {
        @Override
        public String toString() {
            return "lookup cpu" + cpu + " t" + table;
        }
    }

    /** {@code rcu_read_unlock()}. */
    record ReadUnlock(int cpu) implements Op {
        @Override
        public String toString() {
            return "readUnlock cpu" + cpu;
        }
    }

    /** The {@code index}-th eligible RCU callback (oldest first) runs. */
    record RunCallback(int index) implements Op {
        @Override
        public String toString() {
            return "runCallback " + index;
        }
    }

    /** {@code rcu_barrier()}: only while no CPU is inside a read-side section. */
    record RcuBarrier() implements Op {
        @Override
        public String toString() {
            return "rcuBarrier";
        }
    }

    /** {@code exit_mmap()}: the arch exit hook, then every attached table through mmu_gather. */
    record ExitMm(int mm) implements Op {
        @Override
        public String toString() {
            return "exitMm mm" + mm;
        }
    }
}
