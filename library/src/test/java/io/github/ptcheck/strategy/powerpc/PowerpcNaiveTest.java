package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.strategy.powerpc.Runs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PowerpcNaiveTest {

    private static final String S = "powerpc-naive-v1";

    /** Two tables of one page deferred in one grace period queue the one rcu_head twice. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void queuesTheRcuHeadTwiceOnSharedPages(String preset) {
        Outcome o = trace(S, preset, seq(alloc(0), alloc(0), defer(0), defer(1)));
        Violation v = assertViolation(o, Invariant.RCU_HEAD_REUSE, 4, 0);
        assertEquals("rcu_head", v.field());
    }

    /** With one table per page each deferral has an rcu_head of its own. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-4k"})
    void passesWithOneTablePerPage(String preset) {
        assertPassed(trace(S, preset, seq(alloc(0), alloc(0), defer(0), defer(1))));
    }

    /**
     * {@code pte_fragment_alloc()} and {@code pte_fragment_free()} as in the file the patch changed
     * ({@code arch/powerpc/mm/pgtable-frag.c} blob 20652daa1d7e, 6.4; the patch was against
     * v6.4-rc3): {@code pgtable_pte_page_ctor(page)}, {@code pgtable_pte_page_dtor(page)}. The 4k
     * preset frees the page on {@code free}, the 64k one at exit ({@code pte_frag_destroy()}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-4k", "powerpc64-hash-64k"})
    void writesTheConstructorAndDestructorOf64(String preset) {
        assertPre66Names(S, preset);
    }
}
