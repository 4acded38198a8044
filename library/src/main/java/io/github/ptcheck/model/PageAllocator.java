package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Either;

/** The page allocator: {@code alloc_page()} and {@code __free_page()} with their checks. */
final class PageAllocator {

    private PageAllocator() {
    }

    /** {@link Machine#allocPage}: the lowest free pfn, found in O(log n) whatever was freed before. */
    static Machine.PageAlloc allocPage(Machine m) {
        int pfn = m.lowestFreePfn();
        return new Machine.PageAlloc(m.withPage(Page.fresh(pfn), m.tracing() ? "alloc_page() = page " + pfn : null),
                pfn);
    }

    /** Who still counts on the fragments of page {@code pfn}: an mm's cursor into it, or nobody visible. */
    private static String fragmentsLeft(Machine m, int pfn) {
        for (int id = m.nextUsedMm(0); id >= 0; id = m.nextUsedMm(id + 1)) {
            Mm mm = m.mm(id);
            if (mm.pteFragPfn() == pfn) {
                return "mm" + id + "->context.pte_frag still points into it, so its next pte_alloc_one() hands out"
                        + " fragment " + mm.pteFragNext() + " of a freed page";
            }
        }
        return "the count says fragments of it are still in use";
    }

    /** {@link Machine#freePage}. */
    static Either<Violation, Machine> freePage(Machine m, int pfn) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.fail(Invariant.DOUBLE_FREE, pfn, "page", "free", "freed again",
                    "__free_page(page " + pfn + ") on a page already returned to the page allocator");
        }
        if (p.refcount() == 0) {
            return m.fail(Invariant.REFCOUNT_UNDERFLOW, pfn, "_refcount", "0", "-1", "__free_page(page " + pfn
                    + ") on a page whose _refcount is already 0 (VM_BUG_ON_PAGE in put_page_testzero)");
        }
        if (p.refcount() != 1) {
            // put_page_testzero() fails: __free_pages() only drops this reference. Nobody frees
            // the page later, and no "Bad page state" is printed: it leaks.
            return Machine.ok(m.withPage(p.withRefcount(p.refcount() - 1), m.tracing()
                    ? String.format("__free_page(page %d): put_page_testzero() leaves _refcount 0x%08x, not freed:"
                    + " nothing holds the page any more, it leaks", pfn, p.refcount() - 1) : null));
        }
        Table blocker = Grace.blocker(m, p, false);
        if (blocker != null) {
            return Grace.violation(m, blocker, "__free_page(page " + pfn + ")", false);
        }
        if (p.ptFragRefcount() != 0) {
            // Not one of the allocator's own checks (pt_frag_refcount overlays page->index, which
            // free_page_is_bad() does not read): ptcheck's, because the count says fragments of
            // the page are still in use or may still be handed out, from a freed page.
            return m.fail(Invariant.BAD_PAGE_STATE, pfn, "pt_frag_refcount", Integer.toString(p.ptFragRefcount()),
                    "page freed", "page " + pfn + " freed while pt_frag_refcount is " + p.ptFragRefcount() + ": "
                            + fragmentsLeft(m, pfn) + " (ptcheck's check: the kernel's free-time checks do not read"
                            + " pt_frag_refcount, which overlays page->index)");
        }
        if (p.active()) {
            return m.fail(Invariant.BAD_PAGE_STATE, pfn, "flags", p.flagNames(), "page freed",
                    "page " + pfn + " freed with PG_active set (PAGE_FLAGS_CHECK_AT_FREE: \"Bad page state\")");
        }
        if (p.pageTable()) {
            return m.fail(Invariant.BAD_PAGE_STATE, pfn, "page_type", "PageTable", "page freed",
                    "page " + pfn + " freed with the PageTable type still set: the page-table destructor did not run"
                            + " (page_type overlays _mapcount: \"Bad page state ... nonzero mapcount\" in 6.6 and 6.14)");
        }
        if (!(p.words() instanceof Words.Unused) && !(p.words() instanceof Words.LruEmpty)
                && !(p.words() instanceof Words.LruPoisoned)) {
            return m.fail(Invariant.UNION_CLOBBER, pfn, p.words().field(), p.words().describe(),
                    "lru (buddy free list)", "page " + pfn + " freed while its " + p.words().field()
                            + " is live: the buddy allocator links the page through lru");
        }
        return Machine.ok(m.withoutPage(pfn, m.tracing() ? new Event("__free_page(page " + pfn + ")", pfn) : null));
    }
}
