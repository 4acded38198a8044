package com.example.srmmu;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * A page-table freeing scheme for sparc32 SRMMU, where sixteen 256-byte PTE tables share one
 * 4 KiB page, that defers whole pages: the page's one {@code rcu_head} is queued at most once,
 * by whoever drops the page's last reference, and only if some table of the page was deferred.
 *
 * <p>sparc32 has no THP, so Linux never needed {@code pte_free_defer()} there; this class asks
 * what a correct one would look like. It is powerpc's scheme of Linux 6.6
 * ({@code arch/powerpc/mm/pgtable-frag.c}) with the one change that ptcheck shows 6.6 needs:
 * the mm-exit path, which drops the references of the fragments never handed out, honours
 * {@code PG_active} like every other path that can drop the last reference.
 *
 * <ul>
 * <li>Allocation hands out the fragments of the mm's current page in order (a per-mm cursor);
 *     a freed fragment is never handed out again, so nothing can reuse a table before its
 *     grace period.</li>
 * <li>{@code pt_frag_refcount} counts the fragments of the page not yet freed, the ones never
 *     handed out included.</li>
 * <li>{@code pte_free_defer()} sets {@code PG_active} ("a table of this page was deferred") and
 *     drops the table's reference. When the last reference goes, on any path, a page with
 *     {@code PG_active} goes through {@code call_rcu()}; any other page is freed at once.</li>
 * </ul>
 */
public class SrmmuWholePageDefer implements Strategy {

    /** The RCU callback's name: what {@link #rcuCallback} is called with. */
    static final String PTE_FREE_NOW = "pte_free_now";

    @Override
    public String name() {
        return "srmmu-whole-page-defer";
    }

    @Override
    public String source() {
        return "examples/own-strategy: powerpc's 6.6 scheme for sparc32 SRMMU, with the mm-exit path fixed";
    }

    /** sparc presets whose pages hold several tables: sparc32-srmmu, and the POM's own presets. */
    @Override
    public boolean serves(Preset preset) {
        return preset.arch().equals("sparc") && preset.tablesPerPage() > 1;
    }

    /**
     * The cursor's next fragment; a fresh page when the mm has none left. The cursor is read and
     * moved under {@code mm->page_table_lock}, as powerpc does: two page faults of one mm may
     * allocate at once, and without the lock both take the same fragment (run the check with
     * interleavings to see it).
     */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mmId) {
        String lock = Locks.pageTableLock(mmId);
        int nr = m.preset().tablesPerPage();
        return m.spinLock(lock).flatMap(locked -> {
            Mm mm = locked.mm(mmId);
            if (!mm.hasPteFrag()) {
                return locked.spinUnlock(lock).flatMap(m1 -> allocPage(m1, mmId));
            }
            Slot slot = new Slot(mm.pteFragPfn(), mm.pteFragNext());
            int next = mm.pteFragNext() + 1;
            Machine m1 = next == nr ? locked.pteFragClear(mmId) : locked.pteFragSet(mmId, mm.pteFragPfn(), next);
            return m1.spinUnlock(lock).map(m2 -> new Allocated(m2, slot));
        });
    }

    /**
     * A fresh page for the mm, outside the lock (allocating may sleep). If another CPU set a
     * cursor meanwhile, this page serves this one fragment only: its count is 1.
     */
    private static Either<Violation, Allocated> allocPage(Machine m, int mmId) {
        String lock = Locks.pageTableLock(mmId);
        int nr = m.preset().tablesPerPage();
        Machine.PageAlloc a = m.allocPage();
        int pfn = a.pfn();
        // Every fragment holds a reference from the start: the page lives until all are freed
        // or given up at mm exit.
        return a.machine().pagetablePteCtor(pfn)
                .flatMap(m1 -> m1.atomicSetPtFragRefcount(pfn, 1))
                .flatMap(m1 -> m1.spinLock(lock))
                .flatMap(locked -> locked.mm(mmId).hasPteFrag() ? Either.right(locked)
                        : locked.atomicSetPtFragRefcount(pfn, nr).map(m2 -> m2.pteFragSet(mmId, pfn, 1)))
                .flatMap(m1 -> m1.spinUnlock(lock))
                .map(m1 -> new Allocated(m1, new Slot(pfn, 0)));
    }

    /** {@code pte_free()}: no reader can see the table; drop its reference. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return putFragments(m, t.pfn(), 1);
    }

    /** {@code pte_free_defer()}: mark the page, then drop the table's reference. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.setPageActive(t.pfn()).flatMap(m1 -> putFragments(m1, t.pfn(), 1));
    }

    /** The mmu_gather batch's grace period has passed: drop the table's reference. */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return putFragments(m, t.pfn(), 1);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals(PTE_FREE_NOW)) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        return pteFreeNow(m, pfn);
    }

    /**
     * {@code exit_mmap()} first gives up the fragments of the mm's current page that were never
     * handed out. Powerpc 6.6 frees the page at once if that was the last reference; here it
     * goes the same way as every other last reference, so a deferred table keeps its grace period.
     */
    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mmId) {
        Mm mm = m.mm(mmId);
        if (!mm.hasPteFrag()) {
            return Either.right(m);
        }
        int pfn = mm.pteFragPfn();
        int unused = m.preset().tablesPerPage() - mm.pteFragNext();
        Machine m1 = m.pteFragClear(mmId).note(unused + " fragment(s) of page " + pfn + " never handed out");
        return putFragments(m1, pfn, unused);
    }

    /**
     * Drops {@code n} references of the page; on the last one, a page with a deferred table
     * waits a grace period ({@code call_rcu}, once: only the last reference gets here), any
     * other is freed now. A count below zero is a double free, which the primitive reports.
     */
    private static Either<Violation, Machine> putFragments(Machine m, int pfn, int n) {
        return m.atomicAddPtFragRefcount(pfn, -n).flatMap(m1 -> {
            if (m1.page(pfn).ptFragRefcount() != 0) {
                return Either.right(m1);
            }
            if (m1.page(pfn).active()) {
                return m1.clearPageActive(pfn).flatMap(m2 -> m2.callRcu(pfn, PTE_FREE_NOW));
            }
            return pteFreeNow(m1, pfn);
        });
    }

    /** The page's last table is gone and its grace period, if it needed one, has passed. */
    private static Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return m.pagetablePteDtor(pfn).flatMap(m1 -> m1.freePage(pfn));
    }
}
