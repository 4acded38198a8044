package io.github.ptcheck.model;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code __free_page()} of a page whose {@code pt_frag_refcount} still counts fragments: not one
 * of the allocator's own checks, so the violation says it is ptcheck's and what the count means.
 */
class FreePageChecksTest {

    @Test
    void aFreedPageStillCountingFragmentsNamesTheMmWhoseCursorPointsIntoIt() {
        Machine.PageAlloc a = Machine.boot(Presets.POWERPC64_HASH_64K).allocPage();
        Violation v = a.machine().pagetablePteCtor(a.pfn())
                .flatMap(m -> m.atomicSetPtFragRefcount(a.pfn(), 15))
                .map(m -> m.pteFragSet(0, a.pfn(), 1))
                .flatMap(m -> m.pagetablePteDtor(a.pfn()))
                .flatMap(m -> m.freePage(a.pfn()))
                .getLeft();
        assertEquals(Invariant.BAD_PAGE_STATE, v.invariant());
        assertTrue(v.detail().contains("freed while pt_frag_refcount is 15: mm0->context.pte_frag still points into"
                + " it, so its next pte_alloc_one() hands out fragment 1 of a freed page"), v.detail());
        assertTrue(v.detail().contains("ptcheck's check: the kernel's free-time checks do not read pt_frag_refcount"),
                v.detail());
    }
}
