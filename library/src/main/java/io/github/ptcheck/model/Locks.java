package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Either;

/**
 * Spinlocks, by name, with the rules lockdep enforces: no lock taken twice by one CPU, none
 * released by a CPU that does not hold it, none held when a routine returns (the executor checks
 * that), and no two CPUs inside one. In an interleaved run a CPU that finds the lock taken waits
 * ({@link LockWait}); the scheduler runs another CPU and retries it later.
 */
public final class Locks {

    private Locks() {
    }

    // The names of the first mms' and pages' locks, made once: strategies ask for them in nearly
    // every routine, and the same String each time is compared by identity first.
    private static final int NAMED = 64;
    private static final String[] CONTEXT_LOCK = names(NAMED, i -> "mm" + i + "->context.lock");
    private static final String[] PAGE_TABLE_LOCK = names(NAMED, i -> "mm" + i + "->page_table_lock");
    private static final String[] PTL = names(NAMED, i -> "page " + i + " ptl");
    private static final String[] I_MMAP = names(NAMED, i -> "mm" + i + " i_mmap_rwsem");

    private static String[] names(int n, java.util.function.IntFunction<String> name) {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = name.apply(i);
        }
        return a;
    }

    /** {@code mm->context.lock}: s390's {@code pgtable_list} and AA bits. */
    public static String mmContextLock(int mm) {
        return mm >= 0 && mm < NAMED ? CONTEXT_LOCK[mm] : "mm" + mm + "->context.lock";
    }

    /** {@code mm->page_table_lock}: powerpc's {@code pte_frag} cursor. */
    public static String pageTableLock(int mm) {
        return mm >= 0 && mm < NAMED ? PAGE_TABLE_LOCK[mm] : "mm" + mm + "->page_table_lock";
    }

    /**
     * The {@code i_mmap_rwsem} of the file an mm's tables map (one file per mm in the model):
     * khugepaged's {@code retract_page_tables()} holds it while it retracts a table, and
     * {@code free_pgtables()} takes it to unlink the VMA. A mutex here: two retracts in one mm
     * take turns.
     */
    public static String iMmap(int mm) {
        return mm >= 0 && mm < NAMED ? I_MMAP[mm] : "mm" + mm + " i_mmap_rwsem";
    }

    /** The split ptlock of a page-table page ({@code pte_lockptr()}). */
    public static String ptl(int pfn) {
        return pfn >= 0 && pfn < NAMED ? PTL[pfn] : "page " + pfn + " ptl";
    }

    /** A global lock by its kernel name, e.g. the s390 v2 patch's {@code mm_pgtable_list_lock}. */
    public static String global(String name) {
        return name;
    }

    /** Thrown by {@code spin_lock} in an interleaved run when another CPU holds the lock: this CPU spins. */
    public static final class LockWait extends Yield {
        private final String lock;
        private final int holder;

        LockWait(String lock, int holder) {
            super("waiting for " + lock + " (held by the CPU of step " + holder + ")");
            this.lock = lock;
            this.holder = holder;
        }

        public String lock() {
            return lock;
        }

        public int holder() {
            return holder;
        }
    }

    /** Who holds a lock, in a message: the CPU of a step in an interleaved run, else this CPU. */
    private static String who(Machine m, int cpu) {
        return m.scheduling() == null ? "the CPU" : "the CPU of step " + cpu;
    }

    static Either<Violation, Machine> lock(Machine m, String lock, boolean bh, int cpu) {
        int holder = m.locks.holder(lock);
        if (holder < 0) {
            // The common case first, with no message built: the call is named only in a trace.
            return Machine.ok(m.withLocks(m.locks.with(lock, cpu), m.tracing() ? new Event(lockCall(lock, bh), -1) : null));
        }
        String call = lockCall(lock, bh);
        if (holder == cpu) {
            return m.fail(Invariant.LOCKDEP, -1, lock, "held by " + who(m, cpu), call,
                    "possible recursive locking detected: " + who(m, cpu) + " takes " + lock
                            + ", which it holds already: it spins on itself forever");
        }
        if (m.scheduling() != null) {
            throw new LockWait(lock, holder);
        }
        return m.fail(Invariant.LOCKDEP, -1, lock, "held by " + who(m, holder), call,
                "two CPUs inside " + lock + ": " + who(m, cpu) + " takes it while " + who(m, holder) + " holds it");
    }

    static Either<Violation, Machine> unlock(Machine m, String lock, boolean bh, int cpu) {
        int holder = m.locks.holder(lock);
        if (holder == cpu) {
            return Machine.ok(m.withLocks(m.locks.without(lock), m.tracing() ? new Event(unlockCall(lock, bh), -1) : null));
        }
        String call = unlockCall(lock, bh);
        if (holder < 0) {
            return m.fail(Invariant.LOCKDEP, -1, lock, "not held", call,
                    "bad unlock balance detected: " + who(m, cpu) + " releases " + lock + ", which nobody holds");
        }
        return m.fail(Invariant.LOCKDEP, -1, lock, "held by " + who(m, holder), call,
                "two CPUs inside " + lock + ": " + who(m, cpu) + " releases it while " + who(m, holder) + " holds it");
    }

    private static String lockCall(String lock, boolean bh) {
        return (bh ? "spin_lock_bh(" : "spin_lock(") + lock + ")";
    }

    private static String unlockCall(String lock, boolean bh) {
        return (bh ? "spin_unlock_bh(" : "spin_unlock(") + lock + ")";
    }
}
