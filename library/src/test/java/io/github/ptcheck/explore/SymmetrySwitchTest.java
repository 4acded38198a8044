package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.powerpc.FirstFragmentPins;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Symmetry reduction assumes a strategy treats a page's fragments alike; {@link FirstFragmentPins}
 * does not, and shows what the reduction costs such a strategy and that switching it off
 * ({@link Explorer#withSymmetry}) gives it back.
 */
class SymmetrySwitchTest {

    private static final Cell CELL = new Cell(Presets.named("powerpc64-hash-64k"), new FirstFragmentPins());

    @Test
    void withTheReductionTheBugHidesToDepth4() {
        // With it, t1 is offered only where t0 is gone or held by a walker: the leak takes
        // alloc, alloc, readLock, lookup t0, freeDeferred t1, past depth 4.
        Explorer e = new Explorer(CELL, Bounds.DEFAULT);
        assertTrue(e.symmetry(), "on by default");
        ExploreReport r = e.explore(4);
        assertTrue(r.passed(), r.summary());
        assertEquals(4, r.depthCompleted());
    }

    @Test
    void withoutItTheShortestLeakIsThreeOperations() {
        Explorer e = new Explorer(CELL, Bounds.DEFAULT).withSymmetry(false);
        assertFalse(e.symmetry());
        ExploreReport r = e.explore(4);
        Finding f = r.finding().getOrElseThrow(() -> new AssertionError(r.summary()));
        assertEquals(Invariant.LEAK, f.violation().invariant(), r.summary());
        assertEquals(seq(alloc(0), alloc(0), defer(1)), f.shrunk());
        assertEquals(2, r.depthCompleted(), "nothing shorter");
        ExploreReport two = new Explorer(CELL, Bounds.DEFAULT).withSymmetry(false).withWorkers(2).explore(4);
        assertEquals(r.finding().get().shrunk(), two.finding().get().shrunk(), "the same on two threads");
        assertEquals(r.statesPerDepth(), two.statesPerDepth());
    }

    @Test
    void withTheReductionTheBugShowsOnceAWalkerTellsTheTablesApart() {
        ExploreReport r = new Explorer(CELL, Bounds.DEFAULT).explore(5);
        Finding f = r.finding().getOrElseThrow(() -> new AssertionError(r.summary()));
        assertEquals(Invariant.LEAK, f.violation().invariant(), r.summary());
        assertEquals(seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(1)), f.shrunk());
    }
}
