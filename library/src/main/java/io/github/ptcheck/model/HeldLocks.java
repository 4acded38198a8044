package io.github.ptcheck.model;

import io.vavr.collection.TreeMap;

import java.util.Arrays;

/**
 * The spinlocks held, as the machine keeps them: the names in {@link TreeMap}'s order (by
 * {@code String.compareTo}) beside their holders' CPUs, in two short arrays. A routine takes and
 * releases a lock or two, and a red-black tree per {@code spin_lock} cost more than the rest of
 * it; {@link Machine#locks()} still hands out the map, built once per set of locks held.
 */
final class HeldLocks {

    /** None held: what every machine has between operations. */
    static final HeldLocks NONE = new HeldLocks(new String[0], new int[0]);

    private final String[] names;
    private final int[] cpus;
    /** {@link #asMap}, once asked for (immutable, so a race only builds it twice). */
    private TreeMap<String, Integer> map;

    private HeldLocks(String[] names, int[] cpus) {
        this.names = names;
        this.cpus = cpus;
    }

    int size() {
        return names.length;
    }

    /** The CPU holding {@code lock}, or -1. */
    int holder(String lock) {
        int i = indexOf(lock);
        return i < 0 ? -1 : cpus[i];
    }

    /** With {@code lock} held by {@code cpu} (it is not held now). */
    HeldLocks with(String lock, int cpu) {
        int at = -indexOf(lock) - 1;
        if (at < 0) {
            throw new IllegalStateException(lock + " is held already");
        }
        String[] n = new String[names.length + 1];
        int[] c = new int[cpus.length + 1];
        System.arraycopy(names, 0, n, 0, at);
        System.arraycopy(cpus, 0, c, 0, at);
        n[at] = lock;
        c[at] = cpu;
        System.arraycopy(names, at, n, at + 1, names.length - at);
        System.arraycopy(cpus, at, c, at + 1, cpus.length - at);
        return new HeldLocks(n, c);
    }

    /** Without {@code lock} (it is held now); {@link #NONE} when it was the last. */
    HeldLocks without(String lock) {
        int at = indexOf(lock);
        if (at < 0) {
            throw new IllegalStateException(lock + " is not held");
        }
        if (names.length == 1) {
            return NONE;
        }
        String[] n = new String[names.length - 1];
        int[] c = new int[cpus.length - 1];
        System.arraycopy(names, 0, n, 0, at);
        System.arraycopy(cpus, 0, c, 0, at);
        System.arraycopy(names, at + 1, n, at, n.length - at);
        System.arraycopy(cpus, at + 1, c, at, c.length - at);
        return new HeldLocks(n, c);
    }

    String name(int i) {
        return names[i];
    }

    int cpu(int i) {
        return cpus[i];
    }

    /** The locks as the public API has them: name to CPU. */
    TreeMap<String, Integer> asMap() {
        TreeMap<String, Integer> m = map;
        if (m == null) {
            m = TreeMap.empty();
            for (int i = 0; i < names.length; i++) {
                m = m.put(names[i], cpus[i]);
            }
            map = m;
        }
        return m;
    }

    /** Where {@code lock} is, or {@code -(where it would go) - 1}: a linear search, as few are ever held. */
    private int indexOf(String lock) {
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            if (n == lock) {
                return i;
            }
            int c = n.compareTo(lock);
            if (c == 0) {
                return i;
            }
            if (c > 0) {
                return -i - 1;
            }
        }
        return -names.length - 1;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof HeldLocks h && Arrays.equals(names, h.names) && Arrays.equals(cpus, h.cpus);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(cpus);
    }
}
