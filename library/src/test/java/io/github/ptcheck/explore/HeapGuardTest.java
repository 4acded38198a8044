package io.github.ptcheck.explore;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the heap guard stops a search: two collections in a row, both since the search began,
 * each leaving less than 15% of the heap free (a guard of its own, fed by hand; the JVM's is fed
 * by its collector, and CheckIT runs it at -Xmx200m).
 */
class HeapGuardTest {

    private static final long MAX = 1000;

    @Test
    void twoNearlyFullCollectionsInARowSinceTheSearchBeganStopIt() {
        HeapGuard guard = new HeapGuard();
        HeapGuard.Watch search = guard.watch();
        guard.collected(900, MAX);
        assertFalse(search.low(), "one nearly full collection is not yet a trend");
        guard.collected(860, MAX);
        assertTrue(search.low(), "two in a row, 10% and 14% free");
        guard.collected(800, MAX);
        assertFalse(search.low(), "a collection that freed 20% ends it");
        guard.collected(851, MAX);
        assertFalse(search.low());
        guard.collected(851, MAX);
        assertTrue(search.low());
    }

    @Test
    void collectionsBeforeTheSearchBeganDoNotCount() {
        HeapGuard guard = new HeapGuard();
        guard.collected(950, MAX);
        guard.collected(950, MAX);
        // The last search's states, garbage now, filled the heap; this one has not seen a collection.
        HeapGuard.Watch next = guard.watch();
        assertFalse(next.low());
        guard.collected(950, MAX);
        assertFalse(next.low(), "only one collection since this search began");
        guard.collected(950, MAX);
        assertTrue(next.low());
    }

    @Test
    void fifteenPercentFreeIsEnough() {
        HeapGuard guard = new HeapGuard();
        HeapGuard.Watch search = guard.watch();
        guard.collected(850, MAX);
        guard.collected(850, MAX);
        assertFalse(search.low());
    }
}
