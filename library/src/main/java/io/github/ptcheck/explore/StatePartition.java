package io.github.ptcheck.explore;

import java.util.Arrays;

/**
 * One partition of a {@link StateTable}: the states whose hashes fall in it, as {@link StateCodec}
 * bytes, numbered in the order they were first met, with their teardown verdicts; the numbers
 * here are local, the table makes them its own. A visited state (one the search reached) has a parent
 * pointer: the state it was first reached from and the operation that reached it, as its index
 * among the operations {@link io.github.ptcheck.op.Alphabet#enabled} offers at the parent; so the
 * path to it is read back by following parents to the boot state and replaying ({@link
 * Explorer}). A state that only a teardown passed through has no parent until the search
 * reaches it, if it does. A state costs its bytes, a long, three ints and a byte, and two slots
 * of the hash table (which hold its hash: the table keeps it nowhere else).
 *
 * <p>The bytes of all states are kept end to end in chunks of up to {@value #CHUNK} bytes rather than
 * an array each: millions of small arrays would be millions of objects for the garbage collector
 * to trace at every collection, and an allocation per new state.
 *
 * <p>An open-addressing hash table of state numbers; states are merged only when their bytes
 * are equal, that is when the machines are equal.
 */
final class StatePartition {

    /** The parent of a state only a teardown passed through. */
    static final int NOT_VISITED = -2;

    /** Chunks of state bytes, filled in order, each twice the last up to this; a state's bytes never straddle two. */
    private static final int CHUNK = 1 << 20;

    private byte[][] chunks = {new byte[4096]};
    /** The chunk being filled, and how much of it is. */
    private int chunk;
    private int used;
    /**
     * Per state, in one long, what a probe reads: where its bytes are (the chunk, the offset in
     * it), how many there are, and whether the search reached it. One load where there were three
     * (a probe of a large table misses the cache at each), and the visited flag read at a hit
     * comes with it. Bits: 0-23 the offset, 24-46 the length, 47-62 the chunk, 63 visited.
     */
    private long[][] info = {new long[1024]};
    private static final long VISITED = 1L << 63;
    private static final int OFFSET_BITS = 24;
    private static final int LENGTH_BITS = 23;
    private static final int CHUNK_BITS = 16;
    private int[][] parents = {new int[1024]};
    /** The operation that reached the state, by its index among the parent's enabled ones; -1 for the root. */
    private int[][] opIds = {new int[1024]};
    private byte[][] teardown = {new byte[1024]};
    /**
     * Per state, the number + 1 of the state its teardown's first operation leads to, when that
     * state's teardown is the rest of this one's ({@link TeardownCheck}); 0 if not known. The
     * search then knows where that operation goes without running it or encoding where it lands.
     */
    private int[][] stepped = {new int[1024]};
    /**
     * The per-state arrays above are in pages of {@value #PAGE} states: the first grows by
     * doubling up to that, the others are made full size. A table that grows never copies
     * what it holds, nor keeps the old copy for the collector.
     */
    private static final int PAGE_BITS = 14;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int IN_PAGE = PAGE - 1;
    private int size;
    private int visited;

    /**
     * Per slot, the state's hash in the upper half and its number + 1 in the lower, 0 when
     * empty: a probe compares hashes without loading the state. The length is a power of two.
     */
    private long[] slots = new long[2048];

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * A hash of a state's bytes: FNV-1a, a long at a time, then a 64-bit finaliser. (The 31-based
     * {@code Arrays.hashCode} collides often on these short strings of small numbers.)
     */
    static int hash(byte[] key) {
        return hash(key, key.length);
    }

    /** {@link #hash(byte[])} of the first {@code length} bytes of {@code key}. */
    static int hash(byte[] key, int length) {
        return hash(key, 0, length);
    }

    /** {@link #hash(byte[])} of bytes {@code from..from + length} of {@code key}. */
    private static int hash(byte[] key, int from, int length) {
        // FNV-1a over eight bytes at a time (a long read little-endian), then the bytes left:
        // the same mixing per step, an eighth of the steps. (The length is mixed in at the end:
        // keys that differ only in trailing zero bytes still differ.)
        long h = 0xcbf29ce484222325L;
        int i = 0;
        for (int n = length - 7; i < n; i += 8) {
            h = (h ^ (long) LONGS.get(key, from + i)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        int left = length - i;
        if (left > 0 && length >= 8) {
            // The last one to seven bytes: the long that ends the key, without the bytes already
            // mixed in (the low ones, read little-endian); one step, not one per byte.
            long last = (long) LONGS.get(key, from + length - 8) >>> (8 * (8 - left));
            h = (h ^ last) * 0x100000001b3L;
            h ^= h >>> 29;
        } else {
            for (; i < length; i++) {
                h = (h ^ (key[from + i] & 0xFF)) * 0x100000001b3L;
            }
        }
        h ^= length;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) (h ^ (h >>> 32));
    }

    /** States in the table: those the search reached and those only a teardown passed through. */
    int size() {
        return size;
    }

    /** States the search reached. */
    int visited() {
        return visited;
    }

    boolean visited(int i) {
        return info[i >>> PAGE_BITS][i & IN_PAGE] < 0;
    }

    private static int offset(long info) {
        return (int) info & ((1 << OFFSET_BITS) - 1);
    }

    private static int length(long info) {
        return (int) (info >>> OFFSET_BITS) & ((1 << LENGTH_BITS) - 1);
    }

    private static int chunk(long info) {
        return (int) (info >>> (OFFSET_BITS + LENGTH_BITS)) & ((1 << CHUNK_BITS) - 1);
    }

    /** A copy of the bytes of state {@code i}. */
    byte[] key(int i) {
        long at = info[i >>> PAGE_BITS][i & IN_PAGE];
        int off = offset(at);
        return Arrays.copyOfRange(chunks[chunk(at)], off, off + length(at));
    }

    /** The hash of state {@code i}, from its bytes: only the parallel search's merge asks. */
    int hash(int i) {
        long at = info[i >>> PAGE_BITS][i & IN_PAGE];
        return hash(chunks[chunk(at)], offset(at), length(at));
    }

    byte teardown(int i) {
        return teardown[i >>> PAGE_BITS][i & IN_PAGE];
    }

    void setTeardown(int i, byte verdict) {
        teardown[i >>> PAGE_BITS][i & IN_PAGE] = verdict;
    }

    /** The state the first teardown operation from state {@code i} leads to, or -1 if not known. */
    int stepped(int i) {
        return stepped[i >>> PAGE_BITS][i & IN_PAGE] - 1;
    }

    void setStepped(int i, int to) {
        stepped[i >>> PAGE_BITS][i & IN_PAGE] = to + 1;
    }

    /** The number of the state with these bytes ({@code hash} is {@link #hash(byte[])} of them), or -1. */
    int indexOf(byte[] key, int hash) {
        return indexOf(key, key.length, hash);
    }

    /** {@link #indexOf(byte[], int)} for the first {@code length} bytes of {@code key}. */
    int indexOf(byte[] key, int length, int hash) {
        int mask = slots.length - 1;
        for (int s = hash & mask; ; s = (s + 1) & mask) {
            long v = slots[s];
            if (v == 0) {
                return -1;
            }
            if ((int) (v >>> 32) == hash) {
                int i = (int) v - 1;
                long at = info[i >>> PAGE_BITS][i & IN_PAGE];
                int off = offset(at);
                if (length(at) == length && Arrays.equals(chunks[chunk(at)], off, off + length, key, 0, length)) {
                    return i;
                }
            }
        }
    }

    /**
     * Adds a state the search reached, which {@link #indexOf} did not find: from state
     * {@code parent} by its {@code op}-th enabled operation, or the boot state ({@link StateTable#ROOT}, -1).
     * Its bytes are the first {@code length} of {@code key}, copied.
     *
     * @return its number
     */
    int add(byte[] key, int length, int hash, int parent, int op) {
        int i = addPassedThrough(key, length, hash);
        visit(i, parent, op);
        return i;
    }

    /** The search reached state {@code i}, until now only passed through by a teardown. */
    void visit(int i, int parent, int op) {
        if (visited(i)) {
            throw new IllegalStateException("state " + i + " was visited already");
        }
        visited++;
        info[i >>> PAGE_BITS][i & IN_PAGE] |= VISITED;
        parents[i >>> PAGE_BITS][i & IN_PAGE] = parent;
        opIds[i >>> PAGE_BITS][i & IN_PAGE] = op;
    }

    /** Adds a state only a teardown passed through, which {@link #indexOf} did not find (its bytes copied). */
    int addPassedThrough(byte[] key, int length, int hash) {
        int i = size++;
        room(i);
        info[i >>> PAGE_BITS][i & IN_PAGE] = store(key, length);
        parents[i >>> PAGE_BITS][i & IN_PAGE] = NOT_VISITED;
        opIds[i >>> PAGE_BITS][i & IN_PAGE] = -1;
        // Keep the table at most half full: probes stay short. A slot holds its state's hash,
        // so the slots move to the larger table as they are, read in order.
        if (size * 2 > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            for (long v : old) {
                if (v != 0) {
                    insert(v);
                }
            }
        }
        insert(((long) hash << 32) | (i + 1));
        return i;
    }

    /** The state {@code i} was first reached from (a table number), {@link StateTable#ROOT}, or {@link #NOT_VISITED}. */
    int parent(int i) {
        return parents[i >>> PAGE_BITS][i & IN_PAGE];
    }

    /** The operation that reached state {@code i}, by its index among its parent's enabled ones. */
    int opId(int i) {
        return opIds[i >>> PAGE_BITS][i & IN_PAGE];
    }

    /**
     * Takes back {@link #visit}: the parallel search's merge adds a batch's states on several
     * threads, then gives back those past a state budget that the sequential order would not
     * have reached.
     */
    void unvisit(int i) {
        if (!visited(i)) {
            throw new IllegalStateException("state " + i + " was not visited");
        }
        visited--;
        info[i >>> PAGE_BITS][i & IN_PAGE] &= ~VISITED;
        parents[i >>> PAGE_BITS][i & IN_PAGE] = NOT_VISITED;
        opIds[i >>> PAGE_BITS][i & IN_PAGE] = -1;
    }

    /** Makes room in the per-state arrays for state {@code i}, the next. */
    private void room(int i) {
        int page = i >>> PAGE_BITS;
        if (page == 0) {
            if (i == info[0].length) {
                int n = 2 * i;
                info[0] = Arrays.copyOf(info[0], n);
                parents[0] = Arrays.copyOf(parents[0], n);
                opIds[0] = Arrays.copyOf(opIds[0], n);
                teardown[0] = Arrays.copyOf(teardown[0], n);
                stepped[0] = Arrays.copyOf(stepped[0], n);
            }
        } else if ((i & IN_PAGE) == 0) {
            if (page == info.length) {
                int n = 2 * page;
                info = Arrays.copyOf(info, n);
                parents = Arrays.copyOf(parents, n);
                opIds = Arrays.copyOf(opIds, n);
                teardown = Arrays.copyOf(teardown, n);
                stepped = Arrays.copyOf(stepped, n);
            }
            info[page] = new long[PAGE];
            parents[page] = new int[PAGE];
            opIds[page] = new int[PAGE];
            teardown[page] = new byte[PAGE];
            stepped[page] = new int[PAGE];
        }
    }

    /** Copies the bytes into the chunk being filled (or a new one): where they went and how many, as {@link #info} has it. */
    private long store(byte[] key, int length) {
        if (length >= 1 << LENGTH_BITS) {
            throw new IllegalStateException("a state of " + length + " bytes: the state table holds states of up to "
                    + ((1 << LENGTH_BITS) - 1) + " bytes (8 MiB); explore with smaller bounds");
        }
        if (used + length > chunks[chunk].length) {
            if (chunk + 1 == 1 << CHUNK_BITS) {
                throw new IllegalStateException("the state table is full: " + (1 << CHUNK_BITS) + " chunks of state"
                        + " bytes (64 GiB); lower the state budget or explore less deep");
            }
            if (++chunk == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
            }
            chunks[chunk] = new byte[Math.max(Math.min(CHUNK, 2 * chunks[chunk - 1].length), length)];
            used = 0;
        }
        System.arraycopy(key, 0, chunks[chunk], used, length);
        long at = ((long) chunk << (OFFSET_BITS + LENGTH_BITS)) | ((long) length << OFFSET_BITS) | used;
        used += length;
        return at;
    }

    /** Puts a slot (a state's hash above its number + 1) in the first free place from its hash's. */
    private void insert(long slot) {
        int mask = slots.length - 1;
        int s = (int) (slot >>> 32) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = slot;
    }
}
