package io.github.ptcheck.model;

import java.util.Arrays;
import java.util.function.ObjIntConsumer;

/**
 * An immutable map from non-negative ints to objects, the form {@link MachineState} keeps pages
 * (by pfn), mms, tables and readers (by CPU) in. While every key is below 32 it is a plain array
 * indexed by key, with no trailing null (so equal maps are equal arrays): what the explorer's
 * small states are, read and copied with no indirection. Past that it is a 32-way radix trie
 * whose nodes are copied along the path a change takes: O(log n) per change, so a replay that
 * allocates a hundred thousand pages or opens as many mms stays linear. A node's array of children
 * ends at its last child, as a leaf array does: a radix fill's 256 tables are a root of 8 children
 * and 8 leaves, and appending the next table copies the growing leaf and those 8, not two arrays
 * of 32.
 *
 * <p>All methods are static over the root, an {@code Object}: a typed leaf array ({@code Page[]},
 * ...; {@code empty} is its empty instance, which gives the type) or a {@link Node}.
 */
final class IntTrie {

    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;

    private IntTrie() {
    }

    /**
     * An inner node: its children by bits {@code shift..shift+4} of the key, at shift 0 the values;
     * up to 32 of them, the array ending at the last (never a trailing null).
     */
    private static final class Node {
        final int shift;
        /** Values below this node. */
        final int size;
        final Object[] kids;

        Node(int shift, int size, Object[] kids) {
            this.shift = shift;
            this.size = size;
            this.kids = kids;
        }

        /** How many keys the node covers. */
        long capacity() {
            return 1L << (shift + BITS);
        }
    }

    /** The value at {@code key}, or null. */
    static Object get(Object root, int key) {
        if (!(root instanceof Node)) {
            Object[] a = (Object[]) root;
            return key >= 0 && key < a.length ? a[key] : null;
        }
        Node node = (Node) root;
        if (key < 0 || key >= node.capacity()) {
            return null;
        }
        while (true) {
            int i = (key >>> node.shift) & MASK;
            Object o = i < node.kids.length ? node.kids[i] : null;
            if (node.shift == 0 || o == null) {
                return o;
            }
            node = (Node) o;
        }
    }

    /** How many keys have a value. */
    static int size(Object root) {
        if (root instanceof Node n) {
            return n.size;
        }
        int size = 0;
        for (Object o : (Object[]) root) {
            size += o == null ? 0 : 1;
        }
        return size;
    }

    /** The smallest key at or above {@code from} that has a value, or -1. */
    static int next(Object root, int from) {
        if (root instanceof Node n) {
            return next(n, 0, Math.max(from, 0));
        }
        Object[] a = (Object[]) root;
        for (int k = from < 0 ? 0 : from; k < a.length; k++) {
            if (a[k] != null) {
                return k;
            }
        }
        return -1;
    }

    private static int next(Node n, long base, long from) {
        long span = 1L << n.shift;
        for (int i = from <= base ? 0 : (int) ((from - base) >>> n.shift); i < n.kids.length; i++) {
            Object kid = n.kids[i];
            if (kid == null) {
                continue;
            }
            long kidBase = base + i * span;
            if (n.shift == 0) {
                return (int) kidBase;
            }
            int k = next((Node) kid, kidBase, Math.max(from, kidBase));
            if (k >= 0) {
                return k;
            }
        }
        return -1;
    }

    /** Hands each value to {@code action} with its key, in key order: O(n), where a walk by {@link #next} is O(n log n). */
    static void forEach(Object root, ObjIntConsumer<Object> action) {
        if (root instanceof Node n) {
            forEach(n, 0, action);
            return;
        }
        Object[] a = (Object[]) root;
        for (int k = 0; k < a.length; k++) {
            if (a[k] != null) {
                action.accept(a[k], k);
            }
        }
    }

    private static void forEach(Node n, long base, ObjIntConsumer<Object> action) {
        long span = 1L << n.shift;
        for (int i = 0; i < n.kids.length; i++) {
            Object kid = n.kids[i];
            if (kid == null) {
                continue;
            }
            if (n.shift == 0) {
                action.accept(kid, (int) (base + i));
            } else {
                forEach((Node) kid, base + i * span, action);
            }
        }
    }

    /** The smallest key without a value (alloc_page()'s lowest free pfn). */
    static int firstFree(Object root) {
        if (root instanceof Node n) {
            return (int) firstFree(n, 0);
        }
        Object[] a = (Object[]) root;
        int k = 0;
        while (k < a.length && a[k] != null) {
            k++;
        }
        return k;
    }

    private static long firstFree(Node n, long base) {
        long span = 1L << n.shift;
        for (int i = 0; i < n.kids.length; i++) {
            Object kid = n.kids[i];
            if (kid == null) {
                return base + i * span;
            }
            if (n.shift > 0 && ((Node) kid).size < ((Node) kid).capacity()) {
                return firstFree((Node) kid, base + i * span);
            }
        }
        return base + n.kids.length * span;
    }

    /** The map with {@code key} (not negative) set to {@code value} (not null). */
    static Object put(Object root, int key, Object value) {
        if (!(root instanceof Node)) {
            Object[] a = (Object[]) root;
            if (key < WIDTH) {
                Object[] b = Arrays.copyOf(a, Math.max(a.length, key + 1));
                b[key] = value;
                return b;
            }
            root = new Node(0, size(a), Arrays.copyOf(a, a.length, Object[].class));
        }
        Node n = (Node) root;
        while (key >= n.capacity()) {
            n = new Node(n.shift + BITS, n.size, new Object[] {n});
        }
        return set(n, key, value);
    }

    private static final Object[] NO_KIDS = {};

    /** {@code n} with {@code key} set to {@code value} (null to remove); empty children are dropped. */
    private static Node set(Node n, int key, Object value) {
        int i = (key >>> n.shift) & MASK;
        Object old = i < n.kids.length ? n.kids[i] : null;
        Object kid;
        int size;
        if (n.shift == 0) {
            kid = value;
            size = n.size + (value == null ? 0 : 1) - (old == null ? 0 : 1);
        } else {
            Node child = old == null ? new Node(n.shift - BITS, 0, NO_KIDS) : (Node) old;
            Node changed = set(child, key, value);
            kid = changed.size == 0 ? null : changed;
            size = n.size + changed.size - child.size;
        }
        return new Node(n.shift, size, with(n.kids, i, kid));
    }

    /** {@code kids} with child {@code i} replaced by {@code kid} (null for none), ending at the last child. */
    private static Object[] with(Object[] kids, int i, Object kid) {
        if (i < kids.length - 1 || i == kids.length - 1 && kid != null) {
            Object[] b = kids.clone();
            b[i] = kid;
            return b;
        }
        if (kid == null) {
            int top = Math.min(i, kids.length);
            while (top > 0 && kids[top - 1] == null) {
                top--;
            }
            return top == kids.length ? kids : Arrays.copyOf(kids, top);
        }
        Object[] b = Arrays.copyOf(kids, i + 1);
        b[i] = kid;
        return b;
    }

    /**
     * The map without {@code key}. Once every key left is below 32 it is a leaf array again, with
     * no trailing null ({@code empty} when nothing is left): the form depends only on the contents.
     */
    static Object remove(Object root, int key, Object[] empty) {
        if (get(root, key) == null) {
            return root;
        }
        if (!(root instanceof Node)) {
            return trimmed((Object[]) root, key, empty);
        }
        Node n = set((Node) root, key, null);
        if (n.size == 0) {
            return empty;
        }
        while (n.shift > 0 && n.kids.length == 1) {
            n = (Node) n.kids[0];
        }
        if (n.shift > 0) {
            return n;
        }
        return n.kids.length == 0 ? empty : Arrays.copyOf(n.kids, n.kids.length, empty.getClass());
    }

    private static Object[] trimmed(Object[] a, int key, Object[] empty) {
        int top = a.length;
        if (key == top - 1) {
            top--;
            while (top > 0 && a[top - 1] == null) {
                top--;
            }
        }
        if (top == 0) {
            return empty;
        }
        Object[] b = Arrays.copyOf(a, top);
        if (key < top) {
            b[key] = null;
        }
        return b;
    }

    /** Whether both maps hold the same keys with equal values. */
    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (!(a instanceof Node) && !(b instanceof Node)) {
            return Arrays.equals((Object[]) a, (Object[]) b);
        }
        if (size(a) != size(b)) {
            return false;
        }
        for (int k = next(a, 0); k >= 0; k = next(a, k + 1)) {
            if (!get(a, k).equals(get(b, k))) {
                return false;
            }
        }
        return true;
    }

    /** A hash of the contents, equal for {@link #equal} maps. */
    static int hash(Object root) {
        int h = 1;
        for (int k = next(root, 0); k >= 0; k = next(root, k + 1)) {
            h = 31 * h + k * 17 + get(root, k).hashCode();
        }
        return h;
    }
}
