package io.github.ptcheck.gen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitMix64Test {

    /** The published SplitMix64 from state 0 (as in Vigna's splitmix64.c): pins the algorithm, not just our output. */
    @Test
    void matchesTheReferenceSplitMix64() {
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
        assertEquals(0x06C45D188009454FL, r.nextLong());
    }

    @Test
    void sameSeedAndTrySameNumbersDifferentTryDifferentNumbers() {
        assertEquals(SplitMix64.forTry(7, 3).nextLong(), SplitMix64.forTry(7, 3).nextLong());
        assertNotEquals(SplitMix64.forTry(7, 3).nextLong(), SplitMix64.forTry(7, 4).nextLong());
        assertNotEquals(SplitMix64.forTry(7, 3).nextLong(), SplitMix64.forTry(8, 3).nextLong());
    }

    @Test
    void nextIntStaysInRangeAndReachesEveryValue() {
        SplitMix64 r = new SplitMix64(42);
        int[] seen = new int[7];
        for (int i = 0; i < 7000; i++) {
            seen[r.nextInt(7)]++;
        }
        for (int v = 0; v < 7; v++) {
            assertTrue(seen[v] > 800 && seen[v] < 1200, () -> java.util.Arrays.toString(seen));
        }
        assertEquals(0, r.nextInt(1));
        double d = r.nextDouble();
        assertTrue(d >= 0 && d < 1);
    }

    @Test
    void nonPositiveBoundIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SplitMix64(1).nextInt(0));
        assertTrue(e.getMessage().contains("bound must be > 0"), e.getMessage());
    }
}
