package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Either;

/**
 * Atomic counts of a page-table page: powerpc's {@code pt_frag_refcount} (which shares its word
 * with {@code pt_mm}) and s390's bits in the upper byte of {@code _refcount}.
 */
final class Atomics {

    private Atomics() {
    }


    /** {@code atomic_set(&page->pt_frag_refcount, v)}. */
    static Either<Violation, Machine> setPtFragRefcount(Machine m, int pfn, int v) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "pt_frag_refcount", "atomic_set(pt_frag_refcount, " + hex(v) + ")");
        }
        if (ptClobbered(p, PtUnion.PT_FRAG_REFCOUNT)) {
            return ptClobber(m, p, PtUnion.PT_FRAG_REFCOUNT, v, "atomic_set(pt_frag_refcount, " + hex(v) + ")");
        }
        return Machine.ok(m.withPage(p.withPt(PtUnion.PT_FRAG_REFCOUNT, v),
                m.tracing() ? "atomic_set(pt_frag_refcount, " + hex(v) + ")" + " [page " + pfn + "]" : null));
    }

    /**
     * {@code atomic_add_return(delta, &page->pt_frag_refcount)} (negative delta for sub and
     * dec); read the result from the returned machine. A result below zero is the
     * {@code BUG_ON} of {@code pte_fragment_free()}.
     */
    static Either<Violation, Machine> addPtFragRefcount(Machine m, int pfn, int delta) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "pt_frag_refcount", addCall(delta) + ", pt_frag_refcount)");
        }
        int before = p.ptFragRefcount();
        int after = before + delta;
        if (after < 0) {
            return m.fail(Invariant.REFCOUNT_UNDERFLOW, pfn, "pt_frag_refcount", hex(before), hex(after),
                    "pt_frag_refcount of page " + pfn + " would go below zero (BUG_ON in pte_fragment_free)");
        }
        if (ptClobbered(p, PtUnion.PT_FRAG_REFCOUNT)) {
            return ptClobber(m, p, PtUnion.PT_FRAG_REFCOUNT, after,
                    addCall(delta) + ", pt_frag_refcount): " + hex(before) + " -> " + hex(after));
        }
        return Machine.ok(m.withPage(p.withPt(PtUnion.PT_FRAG_REFCOUNT, after), m.tracing()
                ? addCall(delta) + ", pt_frag_refcount): " + hex(before) + " -> " + hex(after) + " [page " + pfn + "]"
                : null));
    }

    private static String addCall(int delta) {
        return addName(delta) + "(" + hex(Math.abs(delta));
    }

    /** How a trace line and a call text name a change of {@code delta}: {@code atomic_sub} of the amount when negative. */
    static String addName(int delta) {
        return delta < 0 ? "atomic_sub" : "atomic_add";
    }

    /** Sets {@code pt_mm}, which shares its word with {@code pt_frag_refcount}. */
    static Either<Violation, Machine> setPtMm(Machine m, int pfn, int mm) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "pt_mm", "pt_mm = mm" + mm);
        }
        if (ptClobbered(p, PtUnion.PT_MM)) {
            return ptClobber(m, p, PtUnion.PT_MM, mm, "pt_mm = mm" + mm);
        }
        return Machine.ok(m.withPage(p.withPt(PtUnion.PT_MM, mm), m.tracing() ? "pt_mm = mm" + mm + " [page " + pfn + "]" : null));
    }

    /** Whether writing {@code field} would write over another field of the {@code pt_mm} union. */
    private static boolean ptClobbered(Page p, PtUnion field) {
        return p.ptUnion() != PtUnion.NONE && p.ptUnion() != field;
    }

    private static Either<Violation, Machine> ptClobber(Machine m, Page p, PtUnion field, int v, String event) {
        return m.fail(Invariant.UNION_CLOBBER, p.pfn(), p.ptUnion().field(),
                p.ptUnion().show(p.ptValue()), field.show(v),
                event + " writes over " + p.ptUnion().field() + ", which shares its word");
    }

    /** A count as a trace line and a call text write it: in hex from 0x1000 on. */
    static String hex(int v) {
        return Math.abs(v) >= 0x1000 ? String.format("0x%x", v) : Integer.toString(v);
    }

    /**
     * The bits of an {@code atomic_xor_bits()} as s390's code writes them ({@code 0x11U << 24}):
     * {@code 0x11<<24}; in plain hex when it touches bits below the upper byte.
     */
    static String xorBitsArg(int bits) {
        return (bits & 0xffffff) == 0 ? String.format("0x%02x<<24", bits >>> 24) : String.format("%#x", bits);
    }

    /**
     * {@code atomic_xor_bits(&page->_refcount, bits)}, s390's use of the upper byte of
     * {@code _refcount}; read the result from the returned machine.
     */
    static Either<Violation, Machine> xorBits(Machine m, int pfn, int bits) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "_refcount", "atomic_xor_bits(_refcount, " + xorBitsArg(bits) + ")");
        }
        return Machine.ok(m.withPage(p.withRefcount(p.refcount() ^ bits), m.tracing()
                ? String.format("atomic_xor_bits(_refcount, %s): byte 0x%02x -> 0x%02x [page %d]",
                        xorBitsArg(bits), p.refcount() >>> 24, (p.refcount() ^ bits) >>> 24, pfn)
                : null));
    }

    /** {@link Machine#atomicSetRefcount}: the whole {@code _refcount}, whatever bits it held. */
    static Either<Violation, Machine> setRefcount(Machine m, int pfn, int v) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "_refcount", String.format("atomic_set(_refcount, 0x%08x)", v));
        }
        return Machine.ok(m.withPage(p.withRefcount(v), m.tracing()
                ? String.format("atomic_set(_refcount, 0x%08x): byte 0x%02x -> 0x%02x [page %d]", v,
                        p.refcount() >>> 24, v >>> 24, pfn) : null));
    }
}
