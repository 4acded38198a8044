package io.github.ptcheck.model;

import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The {@code struct page} (today {@code struct ptdesc}) of one allocated physical page, as far
 * as page-table freeing touches it.
 *
 * @param pfn       page frame number: pages are named by it in every report
 * @param refcount  {@code _refcount}: 1 from {@code alloc_page}; s390 keeps its AA/HH/PP bits in
 *                  the upper byte
 * @param flags     page flags and page type ({@link #PG_ACTIVE}, {@link #PG_TABLE})
 * @param words     who owns the {@code lru} / {@code rcu_head} words
 * @param ptUnion   who owns {@code pt_mm} / {@code pt_frag_refcount} / {@code pt_index}
 * @param ptValue   the value of that second union ({@code pt_frag_refcount} when it owns it)
 * @param fragments fragment index to the table most recently handed out there (t-number), as
 *                  the model keeps them; {@link #frags()} gives the same as a sorted map
 * @param ptl       the split ptlock is allocated: {@code ptlock_alloc()} in the page-table
 *                  constructor, {@code ptlock_free()} in the destructor (a separate object where
 *                  {@code ALLOC_SPLIT_PTLOCKS}); {@code pte_offset_map_lock()} takes it
 */
public record Page(int pfn, int refcount, int flags, Words words, PtUnion ptUnion, int ptValue,
                   Frags fragments, boolean ptl) {

    /** {@code PG_active}: in {@code PAGE_FLAGS_CHECK_AT_FREE}, so it must be clear at free. */
    public static final int PG_ACTIVE = 1;
    /** {@code PageTable} page type, set by the page-table constructor, cleared by the destructor. */
    public static final int PG_TABLE = 2;

    static Page fresh(int pfn) {
        return new Page(pfn, 1, 0, Words.UNUSED, PtUnion.NONE, 0, Frags.NONE, false);
    }

    /**
     * {@link #fragments()} as the sorted map (fragment index to t-number) this accessor has
     * always returned, built when asked: the model keeps the entries in chunks by fragment
     * ({@link Frags}), which a fill of 255 fragments on powerpc64-radix-64k copies a short array
     * of at each step where a red-black tree copied a path and rebalanced.
     */
    public TreeMap<Integer, Integer> frags() {
        return fragments.toMap();
    }

    public boolean active() {
        return (flags & PG_ACTIVE) != 0;
    }

    public boolean pageTable() {
        return (flags & PG_TABLE) != 0;
    }

    /** {@code pt_frag_refcount}, 0 while that field does not own the union. */
    public int ptFragRefcount() {
        return ptUnion == PtUnion.PT_FRAG_REFCOUNT ? ptValue : 0;
    }

    Page withRefcount(int v) {
        return new Page(pfn, v, flags, words, ptUnion, ptValue, fragments, ptl);
    }

    Page withFlags(int v) {
        return new Page(pfn, refcount, v, words, ptUnion, ptValue, fragments, ptl);
    }

    Page withWords(Words v) {
        return new Page(pfn, refcount, flags, v, ptUnion, ptValue, fragments, ptl);
    }

    Page withPt(PtUnion owner, int v) {
        return new Page(pfn, refcount, flags, words, owner, v, fragments, ptl);
    }

    Page withFrag(int frag, int table) {
        return new Page(pfn, refcount, flags, words, ptUnion, ptValue, fragments.put(frag, table), ptl);
    }

    Page withPtl(boolean v) {
        return new Page(pfn, refcount, flags, words, ptUnion, ptValue, fragments, v);
    }

    /** The flags as the kernel names them, e.g. {@code table|active}. */
    public String flagNames() {
        if (flags == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        if (pageTable()) {
            sb.append("table");
        }
        if (active()) {
            sb.append(sb.length() > 0 ? "|" : "").append("active");
        }
        return sb.toString();
    }

    /** One line for a trace: counts, flags and the owner of the overlapping words. */
    public String describe() {
        StringBuilder sb = new StringBuilder("page ").append(pfn).append(": _refcount=");
        if ((refcount >>> 24) != 0) {
            sb.append(String.format("0x%08x", refcount));
        } else {
            sb.append(refcount);
        }
        if (ptUnion != PtUnion.NONE) {
            sb.append(' ').append(ptUnion.show(ptValue));
        }
        sb.append(" flags=").append(flagNames());
        sb.append(" words=").append(words.describe());
        return sb.toString();
    }

    /**
     * Fragment index to t-number, in fragment order: read as the sorted map it is
     * ({@code size}, {@code head}, iteration, {@code get}, {@code values}; equal, hashed and
     * printed as the {@code TreeMap} it was).
     *
     * <p>A fill on {@code powerpc64-radix-64k} hands out the 255 other fragments of a page one
     * {@code pmd_populate} at a time, each a new page: a red-black tree paid a path of nodes, boxed
     * keys and a rebalance for each, and an iterator's stack of nodes for each walk. Here the
     * entries sit in chunks of 16 by fragment index, so handing one out copies the short array of
     * chunks and one chunk, reading one is two array loads, and a walk allocates one iterator.
     */
    public static final class Frags implements Iterable<Tuple2<Integer, Integer>> {

        /** No fragment handed out: what {@code alloc_page} leaves, shared. */
        static final Frags NONE = new Frags(new Object[0][], 0);

        private static final int SHIFT = 4;
        private static final int CHUNK = 1 << SHIFT;

        /** Chunk {@code c} holds the entries of fragments {@code 16c..16c+15} ({@code Tuple2}s), or is null. */
        private final Object[][] chunks;
        private final int size;

        private Frags(Object[][] chunks, int size) {
            this.chunks = chunks;
            this.size = size;
        }

        /** How many fragments have been handed out. */
        public int size() {
            return size;
        }

        public boolean isEmpty() {
            return size == 0;
        }

        /** The t-number most recently handed out at {@code frag}, or -1. */
        public int table(int frag) {
            Tuple2<Integer, Integer> e = entry(frag);
            return e == null ? -1 : e._2;
        }

        @SuppressWarnings("unchecked")
        private Tuple2<Integer, Integer> entry(int frag) {
            int c = frag >>> SHIFT;
            if (frag < 0 || c >= chunks.length || chunks[c] == null) {
                return null;
            }
            return (Tuple2<Integer, Integer>) chunks[c][frag & (CHUNK - 1)];
        }

        public boolean containsKey(Integer frag) {
            return entry(frag) != null;
        }

        public Option<Integer> get(Integer frag) {
            Tuple2<Integer, Integer> e = entry(frag);
            return e == null ? Option.none() : Option.some(e._2);
        }

        public Integer getOrElse(Integer frag, Integer other) {
            Tuple2<Integer, Integer> e = entry(frag);
            return e == null ? other : e._2;
        }

        /** The entry of the lowest fragment handed out. */
        public Tuple2<Integer, Integer> head() {
            if (size == 0) {
                throw new NoSuchElementException("head of no fragments");
            }
            // The first entry of the first chunk that has one, without an iterator.
            for (Object[] chunk : chunks) {
                for (int i = 0; chunk != null && i < CHUNK; i++) {
                    if (chunk[i] != null) {
                        @SuppressWarnings("unchecked")
                        Tuple2<Integer, Integer> e = (Tuple2<Integer, Integer>) chunk[i];
                        return e;
                    }
                }
            }
            throw new IllegalStateException("fragments of size " + size + " with no entry");
        }

        /** The t-numbers, in fragment order. */
        public Seq<Integer> values() {
            List<Integer> ts = List.empty();
            for (int c = chunks.length - 1; c >= 0; c--) {
                Object[] chunk = chunks[c];
                for (int i = chunk == null ? -1 : CHUNK - 1; i >= 0; i--) {
                    if (chunk[i] != null) {
                        @SuppressWarnings("unchecked")
                        Tuple2<Integer, Integer> e = (Tuple2<Integer, Integer>) chunk[i];
                        ts = ts.prepend(e._2);
                    }
                }
            }
            return ts;
        }

        /**
         * The fragments of a page with one table, fragment 0, by t-number: shared, as {@link #NONE}
         * is (a page per table makes one at every {@code pte_alloc_one}), filled as they are met.
         * A race between two threads fills a slot twice with equal values, harmless.
         */
        private static final Frags[] ONE_AT_0 = new Frags[256];

        /** {@code table} handed out at {@code frag} (replacing whatever was handed out there before). */
        Frags put(int frag, int table) {
            if (size == 0 && frag == 0 && table >= 0 && table < ONE_AT_0.length) {
                Frags one = ONE_AT_0[table];
                if (one == null) {
                    Object[] chunk = new Object[CHUNK];
                    chunk[0] = new Tuple2<>(0, table);
                    one = new Frags(new Object[][] {chunk}, 1);
                    ONE_AT_0[table] = one;
                }
                return one;
            }
            int c = frag >>> SHIFT;
            Object[][] cs = Arrays.copyOf(chunks, Math.max(chunks.length, c + 1));
            Object[] chunk = cs[c] == null ? new Object[CHUNK] : cs[c].clone();
            int added = chunk[frag & (CHUNK - 1)] == null ? 1 : 0;
            chunk[frag & (CHUNK - 1)] = new Tuple2<>(frag, table);
            cs[c] = chunk;
            return new Frags(cs, size + added);
        }

        /** The entries in fragment order. */
        @Override
        public Iterator<Tuple2<Integer, Integer>> iterator() {
            return new Iterator<>() {
                private int c;
                private int i = -1;
                private int left = size;

                @Override
                public boolean hasNext() {
                    return left > 0;
                }

                @Override
                @SuppressWarnings("unchecked")
                public Tuple2<Integer, Integer> next() {
                    if (left == 0) {
                        throw new NoSuchElementException();
                    }
                    while (true) {
                        if (++i == CHUNK) {
                            i = 0;
                            c++;
                        }
                        Object[] chunk = chunks[c];
                        if (chunk == null) {
                            i = CHUNK - 1;
                        } else if (chunk[i] != null) {
                            left--;
                            return (Tuple2<Integer, Integer>) chunk[i];
                        }
                    }
                }
            };
        }

        /** As a {@code TreeMap}: the same entries. */
        public TreeMap<Integer, Integer> toMap() {
            return TreeMap.ofEntries(this);
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Frags f) || f.size != size) {
                return false;
            }
            Iterator<Tuple2<Integer, Integer>> a = iterator();
            Iterator<Tuple2<Integer, Integer>> b = f.iterator();
            while (a.hasNext()) {
                if (!a.next().equals(b.next())) {
                    return false;
                }
            }
            return true;
        }

        /** {@code TreeMap}'s hash of the same entries (1 plus the sum of theirs). */
        @Override
        public int hashCode() {
            int h = 1;
            for (Tuple2<Integer, Integer> e : this) {
                h += e.hashCode();
            }
            return h;
        }

        /** {@code TreeMap}'s text of the same entries. */
        @Override
        public String toString() {
            return toMap().toString();
        }
    }
}
