package io.github.ptcheck.explore;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The visited states of one exploration, numbered in the order they were found, each with a
 * parent pointer: the state it was first reached from and the operation that reached it. So
 * the path to a state is read back by following parents to the boot state, and a state costs
 * a reference, two ints and a byte besides the machine itself.
 *
 * <p>An open-addressing hash table of state numbers over {@link Machine#hashCode()} (which the
 * machine caches) and {@link Machine#equals}: states are merged only when they are equal.
 */
final class StateTable {

    /** The teardown from a state has not been run yet. */
    static final byte UNKNOWN = 0;
    static final byte CLEAN = 1;
    static final byte DIRTY = 2;

    private Machine[] states = new Machine[1024];
    private int[] parents = new int[1024];
    /** The operation that reached the state, as an index into {@link #ops}; -1 for the root. */
    private int[] opIds = new int[1024];
    private byte[] teardown = new byte[1024];
    private int size;

    /** State number + 1 per slot, 0 when empty; the length is a power of two. */
    private int[] slots = new int[2048];

    /** Operations by id: a state stores an int, not its own copy of the operation. */
    private final ArrayList<Op> ops = new ArrayList<>();
    private final HashMap<Op, Integer> opIndex = new HashMap<>();

    int size() {
        return size;
    }

    Machine state(int i) {
        return states[i];
    }

    byte teardown(int i) {
        return teardown[i];
    }

    void setTeardown(int i, byte verdict) {
        teardown[i] = verdict;
    }

    /** The number of the state equal to {@code m}, or -1. */
    int indexOf(Machine m) {
        int mask = slots.length - 1;
        for (int s = spread(m.hashCode()) & mask; ; s = (s + 1) & mask) {
            int v = slots[s];
            if (v == 0) {
                return -1;
            }
            if (states[v - 1].equals(m)) {
                return v - 1;
            }
        }
    }

    /**
     * Adds a state that {@link #indexOf} did not find.
     *
     * @return its number
     */
    int add(Machine m, int parent, Op op) {
        if (size == states.length) {
            int n = states.length * 2;
            states = Arrays.copyOf(states, n);
            parents = Arrays.copyOf(parents, n);
            opIds = Arrays.copyOf(opIds, n);
            teardown = Arrays.copyOf(teardown, n);
        }
        int i = size++;
        states[i] = m;
        parents[i] = parent;
        opIds[i] = op == null ? -1 : opIndex.computeIfAbsent(op, o -> {
            ops.add(o);
            return ops.size() - 1;
        });
        // Keep the table at most half full: probes stay short.
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            insert(slots, i);
        }
        return i;
    }

    /** The operations from the boot state to state {@code i}, in order. */
    Vector<Op> path(int i) {
        java.util.ArrayDeque<Op> back = new java.util.ArrayDeque<>();
        for (int s = i; parents[s] >= 0; s = parents[s]) {
            back.push(ops.get(opIds[s]));
        }
        return Vector.ofAll(back);
    }

    private void rehash(int n) {
        slots = new int[n];
        for (int i = 0; i < size; i++) {
            insert(slots, i);
        }
    }

    private void insert(int[] table, int i) {
        int mask = table.length - 1;
        int s = spread(states[i].hashCode()) & mask;
        while (table[s] != 0) {
            s = (s + 1) & mask;
        }
        table[s] = i + 1;
    }

    /** Mixes the high bits down: Objects.hash of small values clusters in the low bits. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
