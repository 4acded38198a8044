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

    /** {@link Machine#pagetablePteCtor}. */
    static Either<Violation, Machine> ctor(Machine m, int pfn) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "page_type", "pagetable_pte_ctor(page " + pfn + ")");
        }
        return Machine.ok(m.withPage(p.withFlags(p.flags() | Page.PG_TABLE).withPtl(true),
                m.tracing() ? "pagetable_pte_ctor(page " + pfn + ")" : null));
    }

    /** {@link Machine#pagetablePteDtor}. */
    static Either<Violation, Machine> dtor(Machine m, int pfn) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "page_type", "pagetable_pte_dtor(page " + pfn + ")");
        }
        if (!p.pageTable()) {
            return m.fail(Invariant.DOUBLE_FREE, pfn, "page_type", "not PageTable", "dtor again",
                    "pagetable_pte_dtor(page " + pfn + ") on a page whose destructor already ran (ptlock freed twice)");
        }
        Table blocker = Grace.blocker(m, p, true);
        if (blocker != null) {
            return Grace.violation(m, blocker, "pagetable_pte_dtor(page " + pfn + ")", true);
        }
        return Machine.ok(m.withPage(p.withFlags(p.flags() & ~Page.PG_TABLE).withPtl(false),
                m.tracing() ? "pagetable_pte_dtor(page " + pfn + ")" : null));
    }
}
