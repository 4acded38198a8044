package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.github.ptcheck.strategy.s390.Pgalloc.Version;
import io.vavr.control.Either;

/**
 * {@code s390-hh-v2}: "[PATCH v2 07/12] s390: add pte_free_defer() for pgtables sharing page",
 * Hugh Dickins, 20 June 2023, on the 6.4/6.5 {@code arch/s390/mm/pgalloc.c}; not merged (6.6
 * took {@link S390PageActive} instead).
 *
 * <p>New rule: a page is not on {@code pgtable_list} while either half is pending free, by
 * {@code tlb_remove_table()} or by {@code pte_free_defer()}; afterwards
 * {@code __tlb_remove_table()} puts it back (if the other half is allocated, on the list of
 * {@code page->pt_mm}) or frees it. So {@code lru} is unused while {@code rcu_head} may be.
 * HH bits (0x0C) mark a half whose deferral is queued on the one {@code rcu_head}:
 *
 * <pre>
 * mask = atomic_xor_bits(&amp;page-&gt;_refcount, 0x15U &lt;&lt; (bit + 24));   /* A off, H and P on *&#47;
 * ...
 * /* Do not relink on rcu_head if other half already linked on rcu_head *&#47;
 * if ((mask &amp; 0x0CU) != 0x0CU)
 *         call_rcu(&amp;page-&gt;rcu_head, bit ? pte_free_now1 : pte_free_now0);
 * </pre>
 *
 * and the callback {@code pte_free_half()} clears its H bit, finishes its half as
 * {@code __tlb_remove_table()}, and queues the {@code rcu_head} again for the other half if that
 * one's H bit is set.
 *
 * <p><b>The patch as posted</b> tests {@code if (mask & 0x0CU)} in {@code pte_free_half()} on
 * the whole {@code _refcount} that {@code atomic_xor_bits()} returned, without the
 * {@code mask >>= 24} every other caller does: it reads bits 2-3 of the page's real reference
 * count (1), so the other half's deferral is never queued and the page leaks with that half's H
 * and P bits set. {@code s390-hh-v2} is the patch as posted, so a check of it finds the leak;
 * {@code s390-hh-v2-intended} ({@link #intended()}) is what the patch means and the spec
 * (section 3.3) describes: the test on the AA/HH/PP byte.
 *
 * <p>Not modelled: the global {@code mm_pgtable_list_lock}, and the flaw the patch admits (the mm
 * in {@code pt_mm} might be freed before {@code __tlb_remove_table()} takes its lock): the
 * model never frees an mm.
 */
public final class S390Hh implements Strategy {

    /** The patch's global lock of every mm's {@code pgtable_list}. */
    private static final String LOCK = Pgalloc.listLock(0, Version.HH_V2);

    private final boolean asPosted;

    /** {@code s390-hh-v2}: the patch's text, {@code pte_free_half()} testing the unshifted {@code _refcount}. */
    public S390Hh() {
        this(true);
    }

    private S390Hh(boolean asPosted) {
        this.asPosted = asPosted;
    }

    /** {@code s390-hh-v2-intended}: the scheme as the spec describes it, the test on the byte. */
    public static S390Hh intended() {
        return new S390Hh(false);
    }

    @Override
    public String name() {
        return asPosted ? "s390-hh-v2" : "s390-hh-v2-intended";
    }

    @Override
    public String source() {
        return "arch/s390/mm/pgalloc.c (6.4/6.5), patch v2 \"s390: add pte_free_defer() for pgtables sharing"
                + " page\" (20 Jun 2023), not merged" + (asPosted ? "" : "; pte_free_half() testing the byte (mask >>= 24), as intended");
    }

    @Override
    public boolean serves(Preset preset) {
        return Pgalloc.servesFragments(preset);
    }

    /** {@code page_table_alloc()}: 6.5's, plus {@code page->pt_mm = mm} on a fresh page. */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return Pgalloc.pageTableAlloc(m, mm, Version.HH_V2);
    }

    /**
     * {@code page_table_free()}: A off in one step (no transient P bit); list the page if the
     * other half is allocated; take it off only if the other half is not pending (a page with a
     * pending half is off the list already).
     */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        int pfn = t.pfn();
        if (Pgalloc.mmAllocPgste(m)) {
            return Pgalloc.atomicXorBits(m, pfn, Pgalloc.AA)
                    .flatMap(m1 -> Pgalloc.release(m1, pfn, Pgalloc.AA, Pgalloc.mask(m1, pfn), Version.HH_V2));
        }
        int bit = t.frag();
        return m.spinLockBh(LOCK).flatMap(m0 -> Pgalloc.atomicXorBits(m0, pfn, 0x01 << bit)).flatMap(m1 -> {
            int mask = Pgalloc.mask(m1, pfn); // the value atomic_xor_bits() returned: the kernel reads no other
            Either<Violation, Machine> listed;
            if ((mask & Pgalloc.AA) != 0) {         // other half is allocated
                listed = m1.listAdd(t.mm(), pfn);
            } else if ((mask & Pgalloc.PP) == 0) {  // other half not pending
                listed = m1.listDel(pfn);
            } else {
                listed = Either.right(m1);
            }
            return listed.flatMap(m2 -> m2.spinUnlockBh(LOCK)).flatMap(m2 -> mask != 0 ? Either.right(m2)
                    : Pgalloc.release(m2, pfn, 0x01 << bit, mask, Version.HH_V2));
        });
    }

    /**
     * {@code page_table_free_rcu()}: A off, P on; the page is never listed here, only taken off
     * when the other half is neither allocated nor already pending.
     */
    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {
        int pfn = t.pfn();
        if (Pgalloc.mmAllocPgste(m)) {
            // gmap_unlink(mm, table, vmaddr); tlb_remove_table(tlb, table | 0x03U)
            return m.tlbRemoveTable(t.id());
        }
        return m.spinLockBh(LOCK)
                .flatMap(m0 -> Pgalloc.atomicXorBits(m0, pfn, 0x11 << t.frag()))
                .flatMap(m1 -> otherHalfGone(Pgalloc.mask(m1, pfn)) ? m1.listDel(pfn) : Either.right(m1))
                .flatMap(m1 -> m1.spinUnlockBh(LOCK))
                .flatMap(m1 -> m1.tlbRemoveTable(t.id()));
    }

    /** Other half not allocated? Other half not already pending free? (Then the page was listed.) */
    private static boolean otherHalfGone(int mask) {
        return (mask & Pgalloc.AA) == 0 && (mask & Pgalloc.PP) != Pgalloc.PP;
    }

    /** {@code __tlb_remove_table(table | (0x01U << bit))} (with PGSTEs {@code | 0x03U}). */
    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        int half = Pgalloc.mmAllocPgste(m) ? Pgalloc.AA : 0x01 << t.frag();
        return tlbRemoveTable(m, t.pfn(), half);
    }

    /**
     * {@code __tlb_remove_table()}: clear the half's P bit; if the other half is allocated, put
     * the page back on {@code page->pt_mm}'s list, so the freed half can be reused; release the
     * page when the byte is zero.
     */
    private static Either<Violation, Machine> tlbRemoveTable(Machine m, int pfn, int half) {
        if (half == Pgalloc.AA) {
            // case 0x03U: 4K page table with pgstes
            return Pgalloc.atomicXorBits(m, pfn, Pgalloc.AA)
                    .flatMap(m1 -> Pgalloc.release(m1, pfn, half, Pgalloc.mask(m1, pfn), Version.HH_V2));
        }
        Machine now = m.readOnce(); // if (atomic_read(&page->_refcount) & (0x03U << 24))
        if ((Pgalloc.mask(now, pfn) & Pgalloc.AA) != 0) {
            // The other half is allocated: page->pt_mm is valid, page->rcu_head is no longer in
            // use, so page->lru is good for use.
            int mm = now.page(pfn).ptValue();
            return now.spinLockBh(LOCK).flatMap(m0 -> Pgalloc.atomicXorBits(m0, pfn, half << 4)).flatMap(m1 -> {
                int mask = Pgalloc.mask(m1, pfn); // what atomic_xor_bits() returned
                return ((mask & Pgalloc.AA) != 0 ? m1.listAdd(mm, pfn) : Either.<Violation, Machine>right(m1))
                        .flatMap(m2 -> m2.spinUnlockBh(LOCK))
                        .flatMap(m2 -> mask != 0 ? Either.right(m2) : Pgalloc.release(m2, pfn, half, 0, Version.HH_V2));
            });
        }
        return Pgalloc.atomicXorBits(m, pfn, half << 4).flatMap(m1 -> Pgalloc.mask(m1, pfn) != 0 ? Either.right(m1)
                : Pgalloc.release(m1, pfn, half, 0, Version.HH_V2));
    }

    /**
     * {@code pte_free_defer()}: A off, H and P on; off the list if the page was on it;
     * {@code call_rcu} unless the other half's deferral holds the {@code rcu_head} already (its
     * callback will queue this one).
     */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        int pfn = t.pfn();
        if (Pgalloc.mmAllocPgste(m)) {
            return m.callRcu(pfn, "pte_free_pgste");
        }
        int bit = t.frag();
        return m.spinLockBh(LOCK).flatMap(m0 -> Pgalloc.atomicXorBits(m0, pfn, 0x15 << bit)).flatMap(m1 -> {
            int mask = Pgalloc.mask(m1, pfn);
            Either<Violation, Machine> r = (otherHalfGone(mask) ? m1.listDel(pfn) : Either.<Violation, Machine>right(m1))
                    .flatMap(m2 -> m2.spinUnlockBh(LOCK));
            if ((mask & Pgalloc.HH) == Pgalloc.HH) {
                return r.map(m2 -> m2.note(() -> "pte_free_defer: the other half's deferral holds page " + pfn
                        + " rcu_head: its pte_free_half() will queue this half"));
            }
            return r.flatMap(m2 -> m2.callRcu(pfn, pteFreeNow(bit)));
        });
    }

    private static String pteFreeNow(int bit) {
        return bit == 1 ? "pte_free_now1" : "pte_free_now0";
    }

    /** {@code pte_free_now0}, {@code pte_free_now1} ({@code pte_free_half()}) and {@code pte_free_pgste}. */
    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        switch (func) {
            case "pte_free_now0":
                return pteFreeHalf(m, pfn, 0);
            case "pte_free_now1":
                return pteFreeHalf(m, pfn, 1);
            case "pte_free_pgste":
                // __tlb_remove_table(table | 0x03U)
                return tlbRemoveTable(m, pfn, Pgalloc.AA);
            default:
                throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
    }

    /**
     * {@code pte_free_half(head, bit)}: H off, the half finished as {@code __tlb_remove_table()}
     * does, then {@code call_rcu} again for the other half if its {@code pte_free_defer()} came in
     * meanwhile.
     */
    private Either<Violation, Machine> pteFreeHalf(Machine m, int pfn, int bit) {
        return Pgalloc.atomicXorBits(m, pfn, 0x04 << bit).flatMap(m1 -> {
            int refcount = m1.page(pfn).refcount();
            // The patch: "mask = atomic_xor_bits(&page->_refcount, 0x04U << (bit + 24));" with no
            // "mask >>= 24" before "if (mask & 0x0CU)".
            int mask = asPosted ? refcount : refcount >>> 24;
            return tlbRemoveTable(m1, pfn, 0x01 << bit).flatMap(m2 -> {
                // If pte_free_defer() of the other half came in, queue it now
                if ((mask & Pgalloc.HH) != 0) {
                    return m2.callRcu(pfn, pteFreeNow(1 - bit));
                }
                if (asPosted && ((refcount >>> 24) & Pgalloc.HH) != 0) {
                    return Either.right(m2.note(() -> String.format("pte_free_half: mask 0x%08x & 0x0CU is 0 (no"
                            + " \"mask >>= 24\"): the other half's deferral is never queued", refcount)));
                }
                return Either.right(m2);
            });
        });
    }

    /** The AA/PP/HH byte. */
    @Override
    public String describe(Page p) {
        return Pgalloc.describe(p);
    }
}
