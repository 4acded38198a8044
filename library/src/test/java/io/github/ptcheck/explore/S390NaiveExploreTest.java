package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exhaustive mode on {@code s390-naive-v1} (patch v1, 28 May 2023): {@code pte_free_defer}
 * queues the page's {@code rcu_head}, which shares its words with the {@code lru} that links
 * the page on {@code mm->context.pgtable_list}, and with the other half's deferral.
 *
 * <p>Needs the real {@code S390Naive} strategy (not the placeholder). By the spec (section 3.3)
 * a fresh page goes on the list with its half 1 free, so {@code alloc mm0, freeDeferred t0}
 * already writes the {@code rcu_head} over a linked {@code lru} ({@code UNION_CLOBBER}); the
 * test does not fix the length to that, but to the least the brute-force oracle finds, at
 * most 4 (two tables of one page, both deferred).
 */
class S390NaiveExploreTest {

    private static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(6);

    @Test
    void s390NaiveIsFoundAtItsShortestLength() {
        Cell cell = new Cell(Presets.S390X, Strategies.named("s390-naive-v1"));
        ExploreReport r = new Explorer(cell, BOUNDS).explore(6);
        Finding f = r.finding().getOrElseThrow(() -> new AssertionError("no finding: " + r.summary()));
        int n = f.shrunk().size();
        assertTrue(n <= 4, r.summary());
        assertTrue(List.of(Invariant.UNION_CLOBBER, Invariant.RCU_HEAD_REUSE).contains(f.violation().invariant()),
                r.summary());
        assertEquals(Minimality.SHORTEST, f.minimality());
        assertEquals(-1, f.tryIndex());
        assertEquals(f.violation(), f.trace().violation().get());
        assertEquals(n - 1, r.depthCompleted());

        // No shorter sequence breaks it.
        ExploreReport shorter = new Explorer(cell, BOUNDS).explore(n - 1);
        assertTrue(shorter.passed(), shorter.summary());
        assertEquals(n - 1, shorter.depthCompleted());
        assertEquals(n, new BruteForce(cell.executor(), BOUNDS).enumerate(n).shortestCounterexample());
    }
}
