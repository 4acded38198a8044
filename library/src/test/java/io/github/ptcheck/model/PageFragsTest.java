package io.github.ptcheck.model;

import io.vavr.Tuple2;
import io.vavr.collection.TreeMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page's fragments read as the {@code TreeMap} they were: after any sequence of fragments
 * handed out (again, or out of order, on pages of 2, 16 or 256 tables), every read, the
 * iteration order, equality, hash and text agree with a {@code TreeMap} given the same puts.
 */
class PageFragsTest {

    @Test
    void everyReadAgreesWithATreeMap() {
        for (int perPage : new int[] {2, 16, 256}) {
            Random r = new Random(perPage);
            Page.Frags frags = Page.Frags.NONE;
            TreeMap<Integer, Integer> expected = TreeMap.empty();
            for (int t = 0; t < 600; t++) {
                int frag = r.nextInt(3) == 0 ? r.nextInt(perPage) : t % perPage;
                frags = frags.put(frag, t);
                expected = expected.put(frag, t);
                agrees(expected, frags, perPage);
            }
        }
    }

    @Test
    void noFragmentIsAnEmptyMap() {
        Page.Frags none = Page.Frags.NONE;
        agrees(TreeMap.empty(), none, 16);
        assertTrue(none.isEmpty());
        assertThrows(java.util.NoSuchElementException.class, none::head);
        assertFalse(none.iterator().hasNext());
    }

    @Test
    void equalContentsAreEqualWhateverTheOrderOfPuts() {
        Page.Frags up = Page.Frags.NONE;
        Page.Frags down = Page.Frags.NONE;
        for (int f = 0; f < 40; f++) {
            up = up.put(f, 100 + f);
            down = down.put(39 - f, 139 - f);
        }
        assertEquals(up, down);
        assertEquals(up.hashCode(), down.hashCode());
        assertNotEquals(up, down.put(3, 7));
        assertNotEquals(up, up.put(40, 140));
    }

    /** A page of one table, at fragment 0, shares its fragments with every page of that table: and a put on them copies. */
    @Test
    void oneTableAtFragmentZeroIsShared() {
        Page.Frags one = Page.Frags.NONE.put(0, 5);
        assertTrue(one == Page.Frags.NONE.put(0, 5), "the same instance");
        agrees(TreeMap.of(0, 5), one, 16);
        Page.Frags two = one.put(1, 6);
        agrees(TreeMap.of(0, 5, 1, 6), two, 16);
        agrees(TreeMap.of(0, 5), one, 16);
        agrees(TreeMap.of(0, 7), one.put(0, 7), 16);
        agrees(TreeMap.of(0, 5), Page.Frags.NONE.put(0, 5), 16);
        // Past the shared t-numbers, made anew and equal all the same.
        assertEquals(Page.Frags.NONE.put(0, 300), Page.Frags.NONE.put(0, 300));
        agrees(TreeMap.of(0, 300), Page.Frags.NONE.put(0, 300), 16);
        // The head of fragments whose first chunk is empty.
        agrees(TreeMap.of(40, 1), Page.Frags.NONE.put(40, 1), 256);
    }

    private static void agrees(TreeMap<Integer, Integer> expected, Page.Frags frags, int perPage) {
        assertEquals(expected.size(), frags.size());
        assertEquals(expected.isEmpty(), frags.isEmpty());
        List<Tuple2<Integer, Integer>> entries = new ArrayList<>();
        frags.forEach(entries::add);
        assertEquals(expected.toJavaList(), entries);
        assertEquals(expected.values().toList(), frags.values().toList());
        if (!expected.isEmpty()) {
            assertEquals(expected.head(), frags.head());
        }
        for (int f = -1; f <= perPage; f++) {
            assertEquals(expected.containsKey(f), frags.containsKey(f));
            assertEquals(expected.get(f), frags.get(f));
            assertEquals(expected.getOrElse(f, -7), frags.getOrElse(f, -7));
            assertEquals(expected.getOrElse(f, -1).intValue(), frags.table(f));
        }
        assertEquals(expected, frags.toMap());
        assertEquals(expected.hashCode(), frags.hashCode());
        assertEquals(expected.toString(), frags.toString());
    }

    @Test
    void pageFragsStillReturnsTheSortedMapAStrategyReads() {
        // Page.frags() is public API a strategy of the user's may read (as the tests' own
        // ReusesFreedFragment does); the chunks are the model's, behind fragments().
        Page p = Page.fresh(0).withFrag(3, 7).withFrag(0, 2).withFrag(3, 9);
        TreeMap<Integer, Integer> asMap = p.frags();
        assertEquals(TreeMap.of(0, 2, 3, 9), asMap);
        assertEquals(asMap, p.fragments().toMap());
    }
}
