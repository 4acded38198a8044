package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.Reach;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.SortedSet;
import io.vavr.control.Either;


/**
 * The executor's operations on who can reach a table: a table put in a pmd and taken out of
 * it, walkers entering and leaving their read-side sections, and the tables they look up.
 * Strategies may not call these; the executor refuses a strategy that did.
 */
final class Walkers {

    private Walkers() {
    }

    /** {@link Machine#attach}. */
    static Either<Violation, Machine> attach(Machine m, int mmId, Slot slot) {
        int pfn = slot.pfn();
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.fail(Invariant.USE_AFTER_FREE, pfn, "page", "free", "table handed out",
                    attachCall(slot) + ", a page that is not allocated");
        }
        if (slot.frag() < 0 || slot.frag() >= m.preset().tablesPerPage()) {
            throw new IllegalStateException(attachCall(slot) + ": fragment out of range 0.."
                    + (m.preset().tablesPerPage() - 1));
        }
        int prev = p.fragments().table(slot.frag());
        if (prev >= 0) {
            Table old = m.table(prev);
            if (old.attached()) {
                return m.fail(Invariant.DOUBLE_ALLOC, pfn, old.name(), "in use by mm" + old.mm(),
                        "handed out again", attachCall(slot) + " while " + old.name() + " still uses it");
            }
            if (!old.gracePassed()) {
                return Grace.violation(m, old, attachCall(slot), false);
            }
        }
        Table t = new Table(m.tableCount(), mmId, pfn, slot.frag(), true, Machine.NO_CPUS);
        return Machine.ok(m.withAttached(p.withFrag(slot.frag(), t.id()), t, m.tracing() ? new Event("pmd_populate: "
                + t.name() + " = page " + pfn + " fragment " + slot.frag() + " for mm" + mmId, pfn) : null));
    }

    private static String attachCall(Slot slot) {
        return "pte_alloc_one handing out page " + slot.pfn() + " fragment " + slot.frag();
    }

    /** {@link Machine#detach(int, Reach)}. */
    static Machine detach(Machine m, int table, Reach reach) {
        Table t = m.table(table);
        SortedSet<Integer> inside = reach == Reach.ALL ? m.readersInside()
                : reach == Reach.NONE ? Machine.NO_CPUS : m.readersInside(ReadSection.IRQ_OFF);
        return m.withTable(t.detached(inside), m.tracing() ? new Event("pmd_clear: " + t.name() + " detached" + (inside.isEmpty() ? ""
                        : ", cpu" + inside.mkString(",cpu") + " may still hold it"), t.pfn()) : null);
    }

    /** {@link Machine#enter}. */
    static Machine enter(Machine m, int cpu, ReadSection section) {
        return m.withReader(cpu, Reader.entered(section), null);
    }

    /**
     * Why a page-table page that is still allocated has no ptlock. The page does not record which
     * call took it away, and the call differs by release ({@code pagetable_pte_dtor()} in 6.6,
     * {@code pagetable_dtor()} since 6.14, {@code pgtable_pte_page_dtor()} before 6.6), or it was
     * never set up: the trace above the violation shows which.
     */
    static final String NO_PTLOCK = "is not live: the page's destructor freed it, or no constructor set it up"
            + " (the pagetable_*ctor/dtor calls in the trace say which)";

    /**
     * {@link Machine#lookup}: under {@code rcu_read_lock()} this is {@code pte_offset_map_lock()},
     * which takes the split ptlock of the table's page: a ptlock already freed is a use after free.
     */
    static Either<Violation, Machine> lookup(Machine m, int cpu, int table) {
        Reader r = m.reader(cpu);
        Table t = m.table(table);
        if (r.section().takesPtlock()) {
            Page p = m.pageOrNull(t.pfn());
            if (p == null || !p.ptl()) {
                return m.fail(Invariant.USE_AFTER_FREE, t.pfn(), "ptl", "freed", "spin_lock",
                        "pte_offset_map_lock on cpu" + cpu + " takes the split ptlock of page " + t.pfn()
                                + " (for " + t.name() + "), which " + (p == null ? "was freed with the page"
                                : NO_PTLOCK));
            }
        }
        return Machine.ok(m.withReader(cpu, r.lookedUp(table),
                m.tracing() ? new Event(r.section().walk() + " on cpu" + cpu + ": " + t.name(), t.pfn()) : null));
    }

    /**
     * {@code tlb_remove_table_sync_one()}: {@code smp_call_function(..., wait=1)} returns once
     * every other CPU has taken the IPI, and a CPU with interrupts off takes it only when it
     * turns them on again: each GUP-fast walker finishes and leaves first. Walkers under
     * {@code rcu_read_lock()} take the IPI at once and go on: it does not wait for them.
     */
    static Machine ipiSync(Machine m) {
        Machine r = m.note(m.tracing() ? "tlb_remove_table_sync_one(): IPI to every CPU" : "");
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            if (m.reader(cpu).section() == ReadSection.IRQ_OFF) {
                r = leave(r, cpu).note(m.tracing() ? "  cpu" + cpu + " finishes gup_fast and takes the IPI at"
                        + " local_irq_restore (it drops what it held)" : "");
            }
        }
        return r;
    }

    /** {@link Machine#leave}. */
    static Machine leave(Machine m, int cpu) {
        return m.withLeft(cpu);
    }

    /** {@link Machine#pteFragSet}. */
    static Machine pteFragSet(Machine m, int mm, int pfn, int next) {
        return m.withMm(m.mm(mm).withPteFrag(pfn, next),
                m.tracing() ? "mm" + mm + "->context.pte_frag = page " + pfn + " fragment " + next : null);
    }

    /** {@link Machine#pteFragClear}. */
    static Machine pteFragClear(Machine m, int mm) {
        return m.withMm(m.mm(mm).withPteFrag(-1, 0), m.tracing() ? "mm" + mm + "->context.pte_frag = NULL" : null);
    }

    /**
     * {@link Machine#exitMmBegin}: of every table of {@code mm} still waiting for walkers, the
     * CPUs with interrupts off are dropped from what it waits for. {@code exit_mmap()} runs once
     * {@code mm_users} is zero, that is once every thread of the mm has left it
     * ({@code exit_mm()} clears {@code current->mm} before {@code mmput()}), and GUP-fast walks
     * only {@code current->mm} ({@code gup_fast_fallback()}): a CPU still inside
     * {@code local_irq_save()} now is walking another mm, or nothing, and never held these.
     */
    static Machine exitMmBegin(Machine m, int mm) {
        Machine r = m;
        for (int id = 0; id < m.tableCount(); id++) {
            Table t = m.table(id);
            if (t.mm() != mm || Machine.noCpus(t.waitFor())) {
                continue;
            }
            SortedSet<Integer> gupFast = t.waitFor().filter(cpu -> m.reader(cpu).section() == ReadSection.IRQ_OFF);
            if (gupFast.isEmpty()) {
                continue;
            }
            SortedSet<Integer> left = t.waitFor();
            for (int cpu : gupFast) {
                left = CpuSets.without(left, cpu);
            }
            r = r.withTable(t.withWaitFor(left), m.tracing() ? new Event("exit_mmap: no thread of mm" + mm
                    + " is left to run gup_fast, so cpu" + gupFast.mkString(",cpu") + " (interrupts off) cannot hold "
                    + t.name(), t.pfn()) : null);
        }
        return r;
    }

    /** {@link Machine#exitMmDone}. */
    static Machine exitMmDone(Machine m, int mm) {
        return m.withMm(m.mm(mm).withExited(), null);
    }
}
