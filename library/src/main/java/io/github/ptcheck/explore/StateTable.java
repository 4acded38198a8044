package io.github.ptcheck.explore;

/**
 * The states of one exploration and their teardown verdicts, in {@link StatePartition}s by hash:
 * one for the search on one thread; for the parallel search several, so that its threads can add
 * a batch's states side by side, each thread the states of its own partitions, with no lock
 * (every state of one partition is added on one thread; {@link ParallelSearch}). A state's number
 * is its number in its partition, times the number of partitions, plus its partition: the
 * numbers name states, and nothing the search reports depends on their order.
 */
final class StateTable {

    /** The teardown from a state has not been run yet. */
    static final byte UNKNOWN = 0;
    static final byte CLEAN = 1;
    static final byte DIRTY = 2;

    /** The parent of the boot state. */
    static final int ROOT = -1;

    private final StatePartition[] partitions;
    /** log2 of the number of partitions; a state's partition is the top bits of its hash. */
    private final int bits;

    /** A table of one partition. */
    StateTable() {
        this(1);
    }

    /** A table of {@code partitions} partitions (a power of two). */
    StateTable(int partitions) {
        if (partitions < 1 || Integer.bitCount(partitions) != 1 || partitions > 1 << 10) {
            throw new IllegalArgumentException("partitions must be a power of two from 1 to 1024, was " + partitions);
        }
        this.partitions = new StatePartition[partitions];
        for (int p = 0; p < partitions; p++) {
            this.partitions[p] = new StatePartition();
        }
        this.bits = Integer.numberOfTrailingZeros(partitions);
    }

    /** {@link StatePartition#hash(byte[])}: FNV-1a a long at a time, then a 64-bit finaliser. */
    static int hash(byte[] key) {
        return StatePartition.hash(key);
    }

    static int hash(byte[] key, int length) {
        return StatePartition.hash(key, length);
    }

    int partitions() {
        return partitions.length;
    }

    /** The partition of the state whose hash is {@code hash}: its top bits (the slots use the bottom ones). */
    int partitionOf(int hash) {
        return bits == 0 ? 0 : hash >>> (32 - bits);
    }

    private StatePartition of(int i) {
        return partitions[i & (partitions.length - 1)];
    }

    private int local(int i) {
        return i >>> bits;
    }

    private int global(int partition, int local) {
        if (local >>> (31 - bits) != 0) {
            throw new IllegalStateException("a partition of the state table holds 2^" + (31 - bits) + " states at most");
        }
        return local << bits | partition;
    }

    /** States in the table: those the search reached and those only a teardown passed through. */
    int size() {
        int n = 0;
        for (StatePartition p : partitions) {
            n += p.size();
        }
        return n;
    }

    /** States the search reached. */
    int visited() {
        int n = 0;
        for (StatePartition p : partitions) {
            n += p.visited();
        }
        return n;
    }

    boolean visited(int i) {
        return of(i).visited(local(i));
    }

    /** A copy of the bytes of state {@code i}. */
    byte[] key(int i) {
        return of(i).key(local(i));
    }

    int hash(int i) {
        return of(i).hash(local(i));
    }

    byte teardown(int i) {
        return of(i).teardown(local(i));
    }

    void setTeardown(int i, byte verdict) {
        of(i).setTeardown(local(i), verdict);
    }

    /**
     * The state the first operation of state {@code i}'s teardown leads to, if a teardown check
     * found it and the rest of the teardown is that state's own ({@link TeardownCheck}); else -1.
     * Only the sequential search records it: the states of one partition each.
     */
    int stepped(int i) {
        return of(i).stepped(local(i)); // a table number, kept as it is
    }

    void setStepped(int i, int to) {
        of(i).setStepped(local(i), to);
    }

    /** The number of the state with these bytes ({@code hash} is {@link #hash(byte[])} of them), or -1. */
    int indexOf(byte[] key, int length, int hash) {
        int p = partitionOf(hash);
        int i = partitions[p].indexOf(key, length, hash);
        return i < 0 ? -1 : global(p, i);
    }

    /**
     * Adds a state the search reached, which {@link #indexOf} did not find: from state
     * {@code parent} by its {@code op}-th enabled operation, or the boot state ({@link #ROOT}).
     * Its bytes are the first {@code length} of {@code key}, copied.
     *
     * @return its number
     */
    int add(byte[] key, int length, int hash, int parent, int op) {
        int p = partitionOf(hash);
        return global(p, partitions[p].add(key, length, hash, parent, op));
    }

    /** The search reached state {@code i}, until now only passed through by a teardown. */
    void visit(int i, int parent, int op) {
        of(i).visit(local(i), parent, op);
    }

    /** Takes back {@link #visit} or {@link #add}: state {@code i} is again one only passed through. */
    void unvisit(int i) {
        of(i).unvisit(local(i));
    }

    /** Adds a state only a teardown passed through, which {@link #indexOf} did not find (its bytes copied). */
    int addPassedThrough(byte[] key, int length, int hash) {
        int p = partitionOf(hash);
        return global(p, partitions[p].addPassedThrough(key, length, hash));
    }

    /**
     * The operations from the boot state to state {@code i}, in order, each as its index among
     * the operations enabled where it was applied.
     */
    /** The state visited state {@code i} was first reached from, or a negative number for the boot state. */
    int parent(int i) {
        return of(i).parent(local(i));
    }

    /** The index of the operation that first reached visited state {@code i}, among its parent's enabled ones. */
    int opId(int i) {
        return of(i).opId(local(i));
    }

    int[] path(int i) {
        int n = 0;
        for (int s = i; of(s).parent(local(s)) >= 0; s = of(s).parent(local(s))) {
            n++;
        }
        int[] ops = new int[n];
        for (int s = i; of(s).parent(local(s)) >= 0; s = of(s).parent(local(s))) {
            ops[--n] = of(s).opId(local(s));
        }
        return ops;
    }
}
