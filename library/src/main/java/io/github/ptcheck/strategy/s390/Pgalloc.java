package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.model.Words;
import io.github.ptcheck.strategy.PagetableCalls;
import io.github.ptcheck.strategy.Strategy.Allocated;
import io.vavr.collection.List;
import io.vavr.control.Either;

/**
 * The 2 KiB page-table fragments of {@code arch/s390/mm/pgalloc.c} before 6.7, which the s390
 * strategies share: two tables per 4 KiB page, the pages with a half that can be handed out on
 * the per-mm {@code mm->context.pgtable_list} (linked through {@code page->lru}), and the state
 * of each half in the upper byte of {@code page->_refcount}:
 *
 * <pre>
 *   PPHHAA
 * 76543210    upper byte (bits 24-31) of struct page::_refcount
 *   ||||||
 *   |||||+--- lower 2KB-pgtable is allocated                       (AA, 0x01)
 *   ||||+---- upper 2KB-pgtable is allocated                       (AA, 0x02)
 *   |||+----- lower 2KB-pgtable's deferral queued (v2 patch only)  (HH, 0x04)
 *   ||+------ upper 2KB-pgtable's deferral queued (v2 patch only)  (HH, 0x08)
 *   |+------- lower 2KB-pgtable is pending free                    (PP, 0x10)
 *   +-------- upper 2KB-pgtable is pending free                    (PP, 0x20)
 * </pre>
 *
 * <p>The routines follow Linux 6.5 ({@link Version#V6_5}, the file both 2023 patches started
 * from, unchanged since 6.4), and the few lines that Hugh Dickins' v2 patch
 * ({@link Version#HH_V2}) and Linux 6.6 ({@link Version#V6_6}) changed in them; a routine the v2
 * patch rewrote lives in {@link S390Hh}. A table's half is its fragment index ({@code bit}); with
 * PGSTEs ({@link #mmAllocPgste}: the preset has one table per page) a table is the whole page,
 * both A bits are set and no list is used.
 *
 * <p>6.5 and both patches take a page off the list with {@code list_del()}, which poisons
 * {@code lru}; 6.6 with {@code list_del_init()} ({@link #listDel}). The list and the AA bits are
 * changed under {@code spin_lock_bh(&mm->context.lock)} (the v2 patch: its global
 * {@code mm_pgtable_list_lock}), the PP and HH bits with {@code atomic_xor_bits()} and no lock,
 * as in the kernel ({@link #listLock}); interleaved runs check it. Not modelled:
 * {@code arch_set_page_dat()}, the
 * {@code memset64()} of the entries and KVM's {@code gmap_unlink()} are not modelled.
 */
final class Pgalloc {

    /** AA: half 0 / half 1 allocated. */
    static final int AA = 0x03;
    /** HH (v2 patch): the half's {@code pte_free_defer()} is queued on {@code page->rcu_head}. */
    static final int HH = 0x0C;
    /** PP: half 0 / half 1 pending free. */
    static final int PP = 0x30;

    /** {@code pte_free_now}: the RCU callback of 6.6 and 6.7 (and, with other code, of the v1 patch). */
    static final String PTE_FREE_NOW = "pte_free_now";

    /** Which {@code pgalloc.c} a shared routine follows where they differ. */
    enum Version {
        /** Linux 6.5 (the same since 6.4): what {@code s390-naive-v1} patched. */
        V6_5(PagetableCalls.V6_5),
        /**
         * Hugh Dickins' v2 patch of 20 June 2023: {@code page->pt_mm} set, no pending half listed.
         * Against v6.4-rc5 (the v2 cover letter), the 6.4 file v1 patched too (blob 66ab68db9842).
         */
        HH_V2(PagetableCalls.V6_5),
        /** Linux 6.6: {@code PageActive} keeps a deferring page off the list, {@code list_del_init}. */
        V6_6(PagetableCalls.V6_6);

        /**
         * The constructor and destructor the file calls: 6.4's {@code page_table_alloc()} calls
         * {@code pgtable_pte_page_ctor(page)}, its {@code page_table_free()} and
         * {@code __tlb_remove_table()} end {@code pgtable_pte_page_dtor(page); __free_page(page);},
         * and neither patch touched those lines; 6.6 calls {@code pagetable_pte_ctor/dtor(ptdesc)}.
         */
        final PagetableCalls calls;

        Version(PagetableCalls calls) {
            this.calls = calls;
        }
    }

    private Pgalloc() {
    }

    /** The presets the pre-6.7 code runs on: 2 KiB halves ({@code s390x}) or whole pages with PGSTEs. */
    static boolean servesFragments(Preset preset) {
        return preset.arch().equals("s390") && (preset.tablesPerPage() == 1 || preset.tablesPerPage() == 2);
    }

    /**
     * {@code mm_alloc_pgste(mm)}: the mm's tables carry PGSTEs and fill a whole page; in the
     * model, the preset has one table per page ({@code s390x-pgste}).
     */
    static boolean mmAllocPgste(Machine m) {
        return m.preset().tablesPerPage() == 1;
    }

    /** {@code atomic_read(&page->_refcount) >> 24}: the AA/HH/PP byte. */
    static int mask(Machine m, int pfn) {
        return m.page(pfn).refcount() >>> 24;
    }

    /**
     * {@code atomic_xor_bits(&page->_refcount, bits << 24)}; read the new byte with {@link #mask}
     * on the machine it returns.
     */
    static Either<Violation, Machine> atomicXorBits(Machine m, int pfn, int bits) {
        return m.atomicXorBits(pfn, bits << 24);
    }

    /** The byte decoded for a trace: {@code AA=01 PP=00 HH=00}, each pair half 1 then half 0. */
    static String describe(Page p) {
        int b = p.refcount() >>> 24;
        return "AA=" + pair(b & AA) + " PP=" + pair((b & PP) >> 4) + " HH=" + pair((b & HH) >> 2);
    }

    private static String pair(int twoBits) {
        return "" + ((twoBits >> 1) & 1) + (twoBits & 1);
    }

    // ----------------------------------------------------------------- routines

    /**
     * {@code page_table_alloc()}: the first page on {@code pgtable_list}, if one of its halves is
     * neither allocated nor pending; else a fresh page, whose half 0 is handed out and which goes
     * on the list for its half 1.
     *
     * <pre>
     * mask = atomic_read(&amp;page-&gt;_refcount) &gt;&gt; 24;
     * mask = (mask | (mask &gt;&gt; 4)) &amp; 0x03U;
     * if (mask != 0x03U) {
     *         bit = mask &amp; 1;         /* =1 -&gt; second 2K *&#47;
     *         atomic_xor_bits(&amp;page-&gt;_refcount, 0x01U &lt;&lt; (bit + 24));
     *         list_del(&amp;page-&gt;lru);
     * }
     * </pre>
     */
    static Either<Violation, Allocated> pageTableAlloc(Machine m, int mm, Version v) {
        if (mmAllocPgste(m)) {
            return freshPage(m, mm, v);
        }
        // Try to get a fragment of a 4K page as a 2K page table
        String lock = listLock(mm, v);
        return m.spinLockBh(lock).flatMap(locked -> {
            List<Integer> list = locked.mm(mm).pgtableList();
            if (!list.isEmpty()) {
                int pfn = list.head();
                int mask = mask(locked, pfn);
                if (v == Version.HH_V2) {
                    return allocFromListV2(locked, pfn, mask).flatMap(a -> unlocked(a, lock));
                }
                // A pending half counts as busy: it must not be handed out before
                // __tlb_remove_table() clears its P bit.
                mask = (mask | (mask >> 4)) & AA;
                if (mask != AA) {
                    int bit = mask & 1;
                    return atomicXorBits(locked, pfn, 0x01 << bit)
                            .flatMap(m1 -> listDel(m1, pfn, v))
                            .flatMap(m1 -> m1.spinUnlockBh(lock))
                            .map(m1 -> new Allocated(m1, new Slot(pfn, bit)));
                }
                // The first page has no free half: a fresh page goes in front of it.
            }
            return locked.spinUnlockBh(lock).flatMap(m1 -> freshPage(m1, mm, v));
        });
    }

    private static Either<Violation, Allocated> unlocked(Allocated a, String lock) {
        return a.machine().spinUnlockBh(lock).map(m1 -> new Allocated(m1, a.slot()));
    }

    /**
     * The lock of {@code pgtable_list} and the AA bits: {@code spin_lock_bh(&mm->context.lock)};
     * the v2 patch's global {@code mm_pgtable_list_lock} ("Temporarily use a global spinlock
     * instead of mm->context.lock").
     */
    static String listLock(int mm, Version v) {
        return v == Version.HH_V2 ? Locks.global("mm_pgtable_list_lock") : Locks.mmContextLock(mm);
    }

    /** {@code page_table_alloc()}'s fresh page: half 0 handed out, the page listed for half 1. */
    private static Either<Violation, Allocated> freshPage(Machine m, int mm, Version v) {
        Machine.PageAlloc a = m.allocPage();
        int pfn = a.pfn();
        Either<Violation, Machine> r = v.calls.pteCtor(a.machine(), mm, pfn);
        if (v == Version.HH_V2) {
            // page->pt_mm = mm: __tlb_remove_table() puts a freed half back on this mm's list.
            r = r.flatMap(m1 -> m1.setPtMm(pfn, mm));
        }
        if (mmAllocPgste(m)) {
            // Return 4K page table with PGSTEs
            if (v == Version.V6_6) {
                r = r.flatMap(m1 -> m1.initListHead(pfn));
            }
            return r.flatMap(m1 -> atomicXorBits(m1, pfn, AA))
                    .map(m1 -> new Allocated(m1, new Slot(pfn, 0)));
        }
        // Return the first 2K fragment of the page
        String lock = listLock(mm, v);
        return r.flatMap(m1 -> atomicXorBits(m1, pfn, 0x01))
                .flatMap(m1 -> m1.spinLockBh(lock))
                .flatMap(m1 -> m1.listAdd(mm, pfn))
                .flatMap(m1 -> m1.spinUnlockBh(lock))
                .map(m1 -> new Allocated(m1, new Slot(pfn, 0)));
    }

    /**
     * The v2 patch's reuse of a listed page: no page with a pending half is on the list any
     * more, so the byte is the A bit of the one half in use.
     */
    private static Either<Violation, Allocated> allocFromListV2(Machine m, int pfn, int mask) {
        Machine m0 = m;
        // Cannot be on this list if either half pending free
        if ((mask & ~AA) != 0) {
            m0 = m0.note(String.format("WARN_ON_ONCE(mask & ~0x03U): page %d on pgtable_list with byte 0x%02x", pfn, mask));
        }
        // One or other half must be available, but not both
        if (mask == 0 || mask == AA) {
            m0 = m0.note(String.format("WARN_ON_ONCE(mask == 0x00U || mask == 0x03U): page %d, byte 0x%02x", pfn, mask));
        }
        int bit = mask & 0x01;  // =1 -> second 2K available
        return atomicXorBits(m0, pfn, 0x01 << bit)
                .flatMap(m1 -> m1.listDel(pfn))
                .map(m1 -> new Allocated(m1, new Slot(pfn, bit)));
    }

    /**
     * {@code page_table_free(mm, table)} of 6.5 and 6.6 ({@code pte_free()}). Under the lock,
     * clear the half's A bit and set its P bit; put the page at the head of the list if the other
     * half is allocated (6.6: and the page is not {@code PageActive}), else take it off; after the
     * lock, clear the P bit, and release the page if the byte is now zero.
     *
     * @param bit the half: the fragment index of the table
     */
    static Either<Violation, Machine> pageTableFree(Machine m, int mm, int pfn, int bit, Version v) {
        if (mmAllocPgste(m)) {
            return atomicXorBits(m, pfn, AA).flatMap(m1 -> release(m1, pfn, AA, mask(m1, pfn), v));
        }
        // Free 2K page table fragment of a 4K page. Mark the page for delayed release: the
        // actual release happens below, or from __tlb_remove_table(). The P bit set in the same
        // atomic step as A is cleared, and cleared again only after the unlock, keeps
        // __tlb_remove_table() of the other half from releasing the page while this CPU still
        // works on its list (c2c224932fd0, "s390/mm: fix 2KB pgtable release race").
        String lock = listLock(mm, v);
        return m.spinLockBh(lock)
                .flatMap(m1 -> atomicXorBits(m1, pfn, 0x11 << bit))
                .flatMap(m1 -> mayList(m1, pfn, v) ? m1.listAdd(mm, pfn) : listDel(m1, pfn, v))
                .flatMap(m1 -> m1.spinUnlockBh(lock))
                .flatMap(m1 -> atomicXorBits(m1, pfn, 0x10 << bit))
                .flatMap(m1 -> mask(m1, pfn) != 0 ? Either.right(m1) : release(m1, pfn, 0x01 << bit, 0, v));
    }

    /**
     * {@code page_table_free_rcu(tlb, table, vmaddr)} of 6.5 and 6.6 ({@code pte_free_tlb()}):
     * as {@link #pageTableFree} under the lock, but at the tail of the list, and the P bit stays
     * set until {@code __tlb_remove_table()} runs after the batch's grace period: until then the
     * half is not handed out again.
     */
    static Either<Violation, Machine> pageTableFreeRcu(Machine m, Table t, Version v) {
        int pfn = t.pfn();
        if (mmAllocPgste(m)) {
            // gmap_unlink(mm, table, vmaddr); tlb_remove_table(tlb, table | 0x03U)
            return m.tlbRemoveTable(t.id());
        }
        int bit = t.frag();
        String lock = listLock(t.mm(), v);
        return m.spinLockBh(lock)
                .flatMap(m1 -> atomicXorBits(m1, pfn, 0x11 << bit))
                .flatMap(m1 -> mayList(m1, pfn, v) ? m1.listAddTail(t.mm(), pfn) : listDel(m1, pfn, v))
                .flatMap(m1 -> m1.spinUnlockBh(lock))
                // tlb_remove_table(tlb, table | (0x01U << bit))
                .flatMap(m1 -> m1.tlbRemoveTable(t.id()));
    }

    /**
     * Taking the page off {@code pgtable_list}: 6.5 (and both patches on it) {@code list_del()},
     * which leaves poison in {@code lru}, so a second one is list corruption; 6.6
     * {@code list_del_init()}, after which a second one is harmless.
     */
    static Either<Violation, Machine> listDel(Machine m, int pfn, Version v) {
        return v == Version.V6_6 ? m.listDelInit(pfn) : m.listDel(pfn);
    }

    /**
     * After the A-to-P flip: {@code if (mask & 0x03U)} the other half is allocated, and the
     * page goes on the list for the freed half; 6.6 adds {@code && !PageActive(page)}: a page
     * one of whose halves had its free deferred never goes back on the list.
     */
    private static boolean mayList(Machine m, int pfn, Version v) {
        return (mask(m, pfn) & AA) != 0 && !(v == Version.V6_6 && m.page(pfn).active());
    }

    /**
     * {@code __tlb_remove_table(table | half)} of 6.5 and 6.6, after the mmu_gather batch's grace
     * period: clear the half's P bit (with PGSTEs: both A bits) and release the page if the byte
     * is now zero.
     */
    static Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t, Version v) {
        int pfn = t.pfn();
        if (mmAllocPgste(m)) {
            // case 0x03U: 4K page table with pgstes
            return atomicXorBits(m, pfn, AA).flatMap(m1 -> release(m1, pfn, AA, mask(m1, pfn), v));
        }
        // case 0x01U / 0x02U: lower / higher 2K of a 4K page table
        int half = 0x01 << t.frag();
        return atomicXorBits(m, pfn, half << 4)
                .flatMap(m1 -> mask(m1, pfn) != 0 ? Either.right(m1) : release(m1, pfn, half, 0, v));
    }

    /**
     * The end of {@code page_table_free()} and {@code __tlb_remove_table()}: no half is left.
     * 6.5 (and the v2 patch) runs the destructor and frees the page at once; 6.6 does
     * {@code if (TestClearPageActive(page)) call_rcu(&page->rcu_head, pte_free_now); else
     * pte_free_now(&page->rcu_head);}: a page with a deferred half waits one more grace period.
     */
    static Either<Violation, Machine> release(Machine m, int pfn, int half, int mask, Version v) {
        Machine m0 = pageTableReleaseCheck(m, pfn, half, mask, v);
        if (v == Version.V6_6 && m0.page(pfn).active()) {
            return m0.clearPageActive(pfn).flatMap(m1 -> m1.callRcu(pfn, PTE_FREE_NOW));
        }
        return pagetablePteDtorFree(m0, pfn, v.calls);
    }

    /**
     * {@code page_table_release_check()} (with {@code CONFIG_DEBUG_VM}): {@code dump_page()} if
     * the byte is not zero (6.6: or {@code page->lru} is not empty). A debug message, not a
     * {@code BUG}: the model notes it in the trace and goes on.
     */
    static Machine pageTableReleaseCheck(Machine m, int pfn, int half, int mask, Version v) {
        boolean listEmpty = m.page(pfn).words() instanceof Words.LruEmpty;
        if (mask == 0 && (v != Version.V6_6 || listEmpty)) {
            return m;
        }
        return m.note(String.format("page_table_release_check: dump_page(page %d, \"Invalid pgtable release"
                + " half 0x%02x mask 0x%02x\")%s", pfn, half, mask, listEmpty ? "" : ", lru not empty"));
    }

    /**
     * {@code pagetable_pte_dtor(ptdesc); pagetable_free(ptdesc);}: the body of 6.6's
     * {@code pte_free_now()}, 6.7's {@code pagetable_pte_dtor_free()}. The files the v1 and v2
     * patches changed, 6.4's, write it {@code pgtable_pte_page_dtor(page); __free_page(page);}:
     * {@link PagetableCalls#V6_5}.
     */
    static Either<Violation, Machine> pagetablePteDtorFree(Machine m, int pfn) {
        return pagetablePteDtorFree(m, pfn, PagetableCalls.V6_6);
    }

    /** {@link #pagetablePteDtorFree(Machine, int)} with the destructor of {@code calls}. */
    static Either<Violation, Machine> pagetablePteDtorFree(Machine m, int pfn, PagetableCalls calls) {
        return calls.dtor(m, pfn).flatMap(m1 -> m1.freePage(pfn));
    }
}
