package io.github.ptcheck.model;

import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;

/**
 * Sets of CPUs (the {@code waitFor} of tables and callbacks), shared: one immutable set per
 * combination of CPUs 0..7, built once, instead of a new tree per detach or {@code call_rcu}.
 * Most of them are empty.
 */
final class CpuSets {

    private CpuSets() {
    }

    /** The empty set of CPUs (or of tables). */
    static final TreeSet<Integer> NONE = TreeSet.empty();

    /** Every set of CPUs 0..7, by mask, built at class initialisation (256 small trees). */
    private static final SortedSet<Integer>[] SHARED = shared();

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type is made raw
    private static SortedSet<Integer>[] shared() {
        SortedSet<Integer>[] all = new SortedSet[256];
        for (int mask = 0; mask < all.length; mask++) {
            TreeSet<Integer> s = NONE;
            for (int cpu = 0; cpu < 8; cpu++) {
                if ((mask & (1 << cpu)) != 0) {
                    s = s.add(cpu);
                }
            }
            all[mask] = s;
        }
        return all;
    }

    /** The set of the CPUs whose bits are set in {@code mask} (CPUs 0..7). */
    static SortedSet<Integer> of(int mask) {
        return SHARED[mask];
    }

    /** The CPUs of {@code readers} (an {@link IntTrie} by CPU) inside a section of kind {@code section}, or any if null. */
    static SortedSet<Integer> inside(Object readers, ReadSection section) {
        TreeSet<Integer> s = NONE;
        for (int cpu = IntTrie.next(readers, 0); cpu >= 0; cpu = IntTrie.next(readers, cpu + 1)) {
            if (section == null || ((Reader) IntTrie.get(readers, cpu)).section() == section) {
                s = s.add(cpu);
            }
        }
        return s;
    }

    /**
     * Whether {@code cpus} is empty, the shared {@link #NONE} looked at by identity first: nearly
     * every {@code waitFor} is, and a set's own {@code isEmpty} is a load or two further away.
     */
    static boolean none(SortedSet<Integer> cpus) {
        return cpus == NONE || cpus.isEmpty();
    }

    /**
     * {@code cpus} without {@code cpu}: one of the shared sets when all are CPUs 0..7 (so that a
     * reader leaving makes no tree, and the sets stay few and hot in the cache).
     */
    static SortedSet<Integer> without(SortedSet<Integer> cpus, int cpu) {
        int size = cpus.size();
        if (size == 0) {
            return cpus;
        }
        if (size <= 2 && cpus.head() >= 0 && cpus.last() < 8 && cpu >= 0 && cpu < 8) {
            // Two CPUs at most (the default bounds): the ends are the set, no iterator.
            return SHARED[((1 << cpus.head()) | (1 << cpus.last())) & ~(1 << cpu)];
        }
        int mask = 0;
        for (Integer c : cpus) {
            if (c < 0 || c >= 8) {
                return cpus.remove(cpu);
            }
            mask |= 1 << c;
        }
        return cpu >= 0 && cpu < 8 ? SHARED[mask & ~(1 << cpu)] : SHARED[mask];
    }
}
