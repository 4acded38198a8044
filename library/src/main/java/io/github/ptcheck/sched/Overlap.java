package io.github.ptcheck.sched;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;

/**
 * Which two operations the kernel can have in flight at once on two CPUs; the interleaving
 * searches overlap only those. What the kernel serialises is left out:
 * <ul>
 *   <li>{@code exit_mmap()} of an mm with anything else on that mm: it runs once nothing uses
 *       the mm any more ({@code mm_users} is zero; GUP from outside holds a reference);</li>
 *   <li>two frees of one table: whoever clears the pmd first (under the pmd lock or with the
 *       VMA gone) is the only one that frees it;</li>
 *   <li>two RCU callbacks: the model's queue indexes callbacks by position, so it does not run
 *       two at once (a simplification); and {@code rcu_barrier()} with anything: it stands for
 *       "every callback queued has run", which another CPU's readers would only delay;</li>
 *   <li>a reader's section entry, exit or lookup as the operation overlapped: one step, so
 *       overlapping it only reorders it, which the sequences already do;</li>
 *   <li>{@code fill} and {@code freeTlbSiblings} with anything: each is a page's worth of
 *       allocations or frees, every one of which overlaps as an {@code alloc} or {@code freeTlb}
 *       of its own does; overlapping the whole run of them would multiply the schedules by the
 *       page's tables and find no race a single one does not.</li>
 * </ul>
 */
public final class Overlap {

    private Overlap() {
    }

    /** Whether {@code a}, started first, may be preempted while {@code b} runs, from state {@code s}. */
    public static boolean allowed(Machine s, Op a, Op b) {
        return firstPreemption(s, a, b) >= 0;
    }

    /**
     * The first scheduling point of {@code a} at which it may be preempted while {@code b} runs
     * (0: before its first), or -1 if the two never overlap. khugepaged's
     * {@code retract_page_tables()} may run while the mm exits ({@code arch_exit_mmap()} comes
     * before {@code free_pgtables()}, which waits for the {@code i_mmap_rwsem} khugepaged holds:
     * the executor takes it in interleaved runs).
     */
    public static int firstPreemption(Machine s, Op a, Op b) {
        if (!preemptible(a) || a instanceof Op.RcuBarrier || b instanceof Op.RcuBarrier || pageWide(a)
                || pageWide(b)) {
            return -1;
        }
        if (exits(a, b, s) || exits(b, a, s)) {
            // i_mmap_rwsem orders a retract and the exit's free_pgtables() (the executor takes it).
            return a instanceof Op.FreeDeferred || b instanceof Op.FreeDeferred ? 0 : -1;
        }
        if (a.table() >= 0 && a.table() == b.table() && !(a instanceof Op.Lookup) && !(b instanceof Op.Lookup)) {
            return -1;
        }
        return queue(a) && queue(b) ? -1 : startsWithRead(a) ? 0 : 1;
    }

    /**
     * Whether the routine may read the machine before its first kernel call (a strategy's
     * {@code pte_alloc_one}, its free paths, {@code arch_exit_mmap}): only then does stopping it
     * before that call mean anything. A callback's first step is taking it off the queue.
     */
    public static boolean startsWithRead(Op op) {
        return !(op instanceof Op.RunCallback) && preemptible(op);
    }

    /** Whether an operation has more than one step, so that stopping it part way means anything. */
    public static boolean preemptible(Op op) {
        return !oneStep(op);
    }

    private static boolean oneStep(Op op) {
        return op instanceof Op.ReadLock || op instanceof Op.ReadUnlock || op instanceof Op.IrqOff
                || op instanceof Op.IrqOn || op instanceof Op.Lookup;
    }

    private static boolean pageWide(Op op) {
        return op instanceof Op.Fill || op instanceof Op.FreeTlbSiblings;
    }

    private static boolean queue(Op op) {
        return op instanceof Op.RunCallback || op instanceof Op.RcuBarrier;
    }

    /** {@code e} is the exit of the mm {@code other} works on. */
    private static boolean exits(Op e, Op other, Machine s) {
        if (!(e instanceof Op.ExitMm exit)) {
            return false;
        }
        if (other instanceof Op.ExitMm o) {
            return o.mm() == exit.mm();
        }
        if (other.mm() >= 0) {
            return other.mm() == exit.mm();
        }
        int t = other.table();
        return t >= 0 && s.tableExists(t) && s.table(t).mm() == exit.mm();
    }
}
