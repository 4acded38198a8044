package io.github.ptcheck.explore;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state table in partitions: numbers, parents and verdicts as in one, whatever the partition of each state. */
class StateTableTest {

    private static byte[] key(int n) {
        return new byte[] {(byte) n, (byte) (n >> 8), 7};
    }

    @Test
    void everyByteOfAKeyCountsInItsHash() {
        // The hash takes eight bytes a step and the last few in one step of their own: a byte
        // dropped or counted twice there would merge states into one slot chain, and slow the
        // table without a wrong answer, so no other test would see it.
        java.util.Random random = new java.util.Random(11);
        for (int length = 1; length <= 40; length++) {
            byte[] k = new byte[length];
            random.nextBytes(k);
            int h = StateTable.hash(k);
            Set<Integer> hashes = new HashSet<>();
            hashes.add(h);
            for (int at = 0; at < length; at++) {
                byte[] changed = k.clone();
                changed[at] ^= 0x10;
                assertTrue(hashes.add(StateTable.hash(changed)), "byte " + at + " of " + length + " changes the hash");
            }
            assertFalse(hashes.contains(StateTable.hash(java.util.Arrays.copyOf(k, length + 1))),
                    "a zero byte more changes the hash");
        }
    }

    @Test
    void aChainOfStatesAcrossPartitionsReadsBackItsPath() {
        for (int parts : new int[] {1, 2, 8, 64}) {
            StateTable t = new StateTable(parts);
            int parent = StateTable.ROOT;
            Set<Integer> partitionsUsed = new HashSet<>();
            Set<Integer> numbers = new HashSet<>();
            int[] ids = new int[300];
            for (int n = 0; n < ids.length; n++) {
                byte[] k = key(n);
                int h = StateTable.hash(k);
                assertEquals(-1, t.indexOf(k, k.length, h));
                ids[n] = t.add(k, k.length, h, parent, n % 5);
                partitionsUsed.add(t.partitionOf(h));
                assertTrue(numbers.add(ids[n]), "one number per state");
                assertEquals(ids[n], t.indexOf(k, k.length, h));
                assertArrayEquals(k, t.key(ids[n]));
                parent = ids[n];
            }
            assertEquals(Math.min(parts, 64), partitionsUsed.size(), "300 states fill " + parts + " partitions");
            assertEquals(300, t.size());
            assertEquals(300, t.visited());
            int[] path = t.path(ids[299]);
            assertEquals(299, path.length, "the boot state has no operation of its own");
            for (int n = 1; n < 300; n++) {
                assertEquals(n % 5, path[n - 1]);
            }
        }
    }

    @Test
    void aStateGivenBackIsPassedThroughAgainWithItsVerdict() {
        StateTable t = new StateTable(8);
        byte[] a = key(1);
        byte[] b = key(2);
        int root = t.add(a, a.length, StateTable.hash(a), StateTable.ROOT, -1);
        int passed = t.addPassedThrough(b, b.length, StateTable.hash(b));
        t.setTeardown(passed, StateTable.CLEAN);
        assertFalse(t.visited(passed));
        t.visit(passed, root, 3);
        assertEquals(2, t.visited());
        assertArrayEquals(new int[] {3}, t.path(passed));
        t.unvisit(passed);
        assertFalse(t.visited(passed));
        assertEquals(1, t.visited());
        assertEquals(2, t.size());
        assertEquals(StateTable.CLEAN, t.teardown(passed), "the verdict stays");
        assertThrows(IllegalStateException.class, () -> t.unvisit(passed));
        assertThrows(IllegalArgumentException.class, () -> new StateTable(3));
    }

    @Test
    void aTableOfManyPagesKeepsEveryStatesBytesHashParentAndVerdict() {
        // More states than three pages of the per-state arrays hold, and slots rehashed many times.
        StateTable t = new StateTable(2);
        int n = 50_000;
        int[] ids = new int[n];
        for (int s = 0; s < n; s++) {
            byte[] k = key(s);
            k[2] = (byte) (s >> 16);
            int h = StateTable.hash(k);
            ids[s] = s % 3 == 0 ? t.addPassedThrough(k, k.length, h) : t.add(k, k.length, h, s == 0 ? StateTable.ROOT : ids[s - 1], s % 7);
            t.setTeardown(ids[s], s % 2 == 0 ? StateTable.CLEAN : StateTable.DIRTY);
        }
        assertEquals(n, t.size());
        for (int s = 0; s < n; s++) {
            byte[] k = key(s);
            k[2] = (byte) (s >> 16);
            int h = StateTable.hash(k);
            assertEquals(ids[s], t.indexOf(k, k.length, h));
            assertArrayEquals(k, t.key(ids[s]));
            assertEquals(h, t.hash(ids[s]), "the hash read back from the bytes");
            assertEquals(s % 3 != 0, t.visited(ids[s]));
            assertEquals(s % 2 == 0 ? StateTable.CLEAN : StateTable.DIRTY, t.teardown(ids[s]));
        }
        assertArrayEquals(new int[] {7 % 7, 8 % 7}, t.path(ids[8]), "back to state 6, only passed through: no parent");
    }
}
