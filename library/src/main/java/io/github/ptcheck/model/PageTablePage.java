package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Either;

/**
 * The page-table constructor and destructor: the {@code PageTable} page type and the split
 * ptlock ({@code ptlock_alloc()} / {@code ptlock_free()}, a separate object where
 * {@code ALLOC_SPLIT_PTLOCKS}), which walkers that take it ({@code pte_offset_map_lock()}) may
 * still touch until the grace period of every table in the page.
 */
final class PageTablePage {

    private PageTablePage() {
    }

    /** {@link Machine#pagetablePteCtor(int)}: 6.6's {@code pagetable_pte_ctor(ptdesc)}. */
    static Either<Violation, Machine> ctor(Machine m, int pfn) {
        return ctor(m, Primitive.PAGETABLE_PTE_CTOR, 0, pfn);
    }

    /** {@link Machine#pgtablePtePageCtor}: up to 6.5, {@code pgtable_pte_page_ctor(page)}. */
    static Either<Violation, Machine> pgtablePtePageCtor(Machine m, int pfn) {
        return ctor(m, Primitive.PGTABLE_PTE_PAGE_CTOR, 0, pfn);
    }

    /**
     * {@link Machine#pagetablePteCtor(int, int)}: since 6.16, {@code pagetable_pte_ctor(mm, ptdesc)}.
     * The kernel skips {@code ptlock_init()} for {@code init_mm} only; the model's mms are user
     * mms, so the effect is 6.6's.
     */
    static Either<Violation, Machine> ctor(Machine m, int mm, int pfn) {
        return ctor(m, Primitive.PAGETABLE_PTE_CTOR_MM, mm, pfn);
    }

    /**
     * The constructor, written as {@code name} calls it ({@code mm} only for
     * {@link Primitive#PAGETABLE_PTE_CTOR_MM}): every release's does the same to a PTE table.
     */
    private static Either<Violation, Machine> ctor(Machine m, Primitive name, int mm, int pfn) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "page_type", ctorCall(name, mm, pfn));
        }
        return Machine.ok(m.withPage(p.withFlags(p.flags() | Page.PG_TABLE).withPtl(true),
                m.tracing() ? ctorCall(name, mm, pfn) : null));
    }

    private static String ctorCall(Primitive name, int mm, int pfn) {
        KernelCall call = name == Primitive.PAGETABLE_PTE_CTOR_MM ? name.with(mm, pfn) : name.with(pfn);
        return call.toString();
    }

    /** {@link Machine#pagetablePteDtor}: 6.6's {@code pagetable_pte_dtor(ptdesc)}. */
    static Either<Violation, Machine> dtor(Machine m, int pfn) {
        return dtor(m, pfn, Primitive.PAGETABLE_PTE_DTOR);
    }

    /**
     * {@link Machine#pagetableDtor}: since 6.14, {@code pagetable_dtor(ptdesc)}, the destructor of
     * every level; for a PTE table it does what {@code pagetable_pte_dtor()} did.
     */
    static Either<Violation, Machine> pagetableDtor(Machine m, int pfn) {
        return dtor(m, pfn, Primitive.PAGETABLE_DTOR);
    }

    /** {@link Machine#pgtablePtePageDtor}: up to 6.5, {@code pgtable_pte_page_dtor(page)}. */
    static Either<Violation, Machine> pgtablePtePageDtor(Machine m, int pfn) {
        return dtor(m, pfn, Primitive.PGTABLE_PTE_PAGE_DTOR);
    }

    /** The destructor, written as {@code name} calls it. */
    private static Either<Violation, Machine> dtor(Machine m, int pfn, Primitive name) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "page_type", name.with(pfn).toString());
        }
        if (!p.pageTable()) {
            return m.fail(Invariant.DOUBLE_FREE, pfn, "page_type", "not PageTable", "dtor again",
                    name.with(pfn) + " on a page whose destructor already ran (ptlock freed twice)");
        }
        Table blocker = Grace.blocker(m, p, true);
        if (blocker != null) {
            return Grace.violation(m, blocker, name.with(pfn).toString(), true);
        }
        return Machine.ok(m.withPage(p.withFlags(p.flags() & ~Page.PG_TABLE).withPtl(false),
                m.tracing() ? name.with(pfn).toString() : null));
    }
}
