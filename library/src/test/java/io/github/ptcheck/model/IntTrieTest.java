package io.github.ptcheck.model;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The machine's maps from numbers to pages, mms, tables and readers: every read agrees with a
 * {@link TreeMap} after any sequence of puts and removes, small keys or large; the lowest free
 * key is the allocator's; and the form depends only on the contents (a leaf array while every key
 * is below 32), so equal maps compare equal and hash alike.
 */
class IntTrieTest {

    private static final String[] EMPTY = {};

    @Test
    void everyReadAgreesWithATreeMapWhateverTheKeys() {
        for (int bound : new int[] {8, 40, 1_000, 70_000, Integer.MAX_VALUE}) {
            Random r = new Random(bound);
            TreeMap<Integer, String> expected = new TreeMap<>();
            Object trie = EMPTY;
            for (int i = 0; i < 3_000; i++) {
                int key = r.nextInt(4) == 0 && !expected.isEmpty() ? expected.firstKey() + r.nextInt(3)
                        : r.nextInt(bound);
                if (r.nextInt(3) == 0) {
                    expected.remove(key);
                    trie = IntTrie.remove(trie, key, EMPTY);
                } else {
                    expected.put(key, "v" + i);
                    trie = IntTrie.put(trie, key, "v" + i);
                }
                assertEquals(expected.size(), IntTrie.size(trie), "size after " + i + " changes, keys below " + bound);
                assertEquals(expected.get(key), IntTrie.get(trie, key));
                int from = r.nextInt(bound);
                Integer next = expected.ceilingKey(from);
                assertEquals(next == null ? -1 : next, IntTrie.next(trie, from), "next from " + from);
            }
            int k = IntTrie.next(trie, 0);
            for (int key : expected.keySet()) {
                assertEquals(key, k);
                assertEquals(expected.get(key), IntTrie.get(trie, k));
                k = IntTrie.next(trie, k + 1);
            }
            assertEquals(-1, k);
            assertNull(IntTrie.get(trie, -1));
            java.util.List<String> walked = new java.util.ArrayList<>();
            IntTrie.forEach(trie, (v, key) -> walked.add(key + "=" + v));
            java.util.List<String> entries = new java.util.ArrayList<>();
            expected.forEach((key, v) -> entries.add(key + "=" + v));
            assertEquals(entries, walked, "forEach, keys below " + bound);
        }
    }

    @Test
    void tablesAppendedAndChangedReadBackAsPut() {
        // A radix fill: t-numbers appended one at a time past a leaf, then some changed, some read past the end.
        Object trie = EMPTY;
        for (int id = 0; id < 300; id++) {
            trie = IntTrie.put(trie, id, "t" + id);
            assertEquals(id + 1, IntTrie.size(trie));
            assertEquals(id + 1, IntTrie.firstFree(trie));
            assertNull(IntTrie.get(trie, id + 1));
            assertNull(IntTrie.get(trie, id + 32));
        }
        for (int id = 0; id < 300; id += 7) {
            trie = IntTrie.put(trie, id, "u" + id);
        }
        for (int id = 0; id < 300; id++) {
            assertEquals((id % 7 == 0 ? "u" : "t") + id, IntTrie.get(trie, id));
        }
        for (int id = 299; id >= 32; id--) {
            trie = IntTrie.remove(trie, id, EMPTY);
            assertEquals(id, IntTrie.firstFree(trie));
        }
        assertInstanceOf(String[].class, trie, "every key below 32 again: a typed leaf array");
        assertEquals(32, ((String[]) trie).length);
    }

    @Test
    void theFirstFreeKeyIsTheLowestWithoutAValue() {
        Random r = new Random(3);
        TreeMap<Integer, String> expected = new TreeMap<>();
        Object trie = EMPTY;
        for (int i = 0; i < 5_000; i++) {
            int free = 0;
            while (expected.containsKey(free)) {
                free++;
            }
            assertEquals(free, IntTrie.firstFree(trie), "after " + i + " changes");
            if (r.nextInt(4) == 0 && !expected.isEmpty()) {
                int key = expected.ceilingKey(r.nextInt(expected.lastKey() + 1));
                expected.remove(key);
                trie = IntTrie.remove(trie, key, EMPTY);
            } else {
                expected.put(free, "p" + free);
                trie = IntTrie.put(trie, free, "p" + free);
            }
        }
    }

    @Test
    void theFormDependsOnlyOnTheContents() {
        Object small = IntTrie.put(IntTrie.put(EMPTY, 3, "a"), 1, "b");
        assertArrayEquals(new String[] {null, "b", null, "a"}, (Object[]) small);
        Object grown = IntTrie.put(IntTrie.put(small, 5_000, "c"), 40, "d");
        assertFalse(grown instanceof Object[], "a key past 31 makes a trie");
        Object back = IntTrie.remove(IntTrie.remove(grown, 40, EMPTY), 5_000, EMPTY);
        assertInstanceOf(String[].class, back, "every key below 32 again: a typed leaf array");
        assertArrayEquals((Object[]) small, (Object[]) back);
        assertTrue(IntTrie.equal(small, back));
        assertSame(EMPTY, IntTrie.remove(IntTrie.remove(back, 1, EMPTY), 3, EMPTY));
        Object otherOrder = IntTrie.put(IntTrie.put(IntTrie.put(IntTrie.put(EMPTY, 40, "d"), 3, "a"), 5_000, "c"), 1, "b");
        assertTrue(IntTrie.equal(grown, otherOrder));
        assertEquals(IntTrie.hash(grown), IntTrie.hash(otherOrder));
        assertFalse(IntTrie.equal(grown, IntTrie.put(otherOrder, 1, "x")));
    }
}
