package io.github.ptcheck.model;

import io.github.ptcheck.rcu.RcuCallback;
import io.vavr.collection.Vector;

import java.util.Arrays;
import java.util.function.ObjIntConsumer;

/**
 * The RCU callback queue as {@link MachineState} keeps it, oldest first: a plain array while it
 * holds up to 32 callbacks (the explorer's states: no indirection, one copy per change), a Vavr
 * vector beyond (appending and taking the oldest stay O(log n) in a replay that queues a hundred
 * thousand). The form depends only on the length, so equal queues have equal forms.
 *
 * <p>All methods are static over the queue, an {@code Object}: an {@code RcuCallback[]} or a
 * {@code Vector<RcuCallback>}.
 */
final class CallbackQueue {

    private static final int SMALL = 32;

    static final RcuCallback[] EMPTY = {};

    private CallbackQueue() {
    }

    static int size(Object q) {
        return q instanceof RcuCallback[] a ? a.length : vector(q).size();
    }

    static RcuCallback get(Object q, int i) {
        return q instanceof RcuCallback[] a ? a[i] : vector(q).get(i);
    }

    /** Hands each callback to {@code action} with its index, oldest first. */
    static void forEach(Object q, ObjIntConsumer<RcuCallback> action) {
        if (q instanceof RcuCallback[] a) {
            for (int i = 0; i < a.length; i++) {
                action.accept(a[i], i);
            }
            return;
        }
        int i = 0;
        for (RcuCallback cb : vector(q)) {
            action.accept(cb, i++);
        }
    }

    /** {@code q} with {@code cb} queued last. */
    static Object appended(Object q, RcuCallback cb) {
        if (q instanceof RcuCallback[] a) {
            if (a.length < SMALL) {
                RcuCallback[] b = Arrays.copyOf(a, a.length + 1);
                b[a.length] = cb;
                return b;
            }
            return Vector.of(a).append(cb);
        }
        return vector(q).append(cb);
    }

    /** {@code q} without its {@code i}-th callback. */
    static Object removed(Object q, int i) {
        if (q instanceof RcuCallback[] a) {
            if (a.length == 1) {
                return EMPTY;
            }
            RcuCallback[] b = Arrays.copyOf(a, a.length - 1);
            System.arraycopy(a, i + 1, b, i, b.length - i);
            return b;
        }
        Vector<RcuCallback> v = vector(q).removeAt(i);
        return v.size() <= SMALL ? v.toJavaArray(RcuCallback[]::new) : v;
    }

    /** {@code q} with its {@code i}-th callback replaced by {@code cb}. */
    static Object replaced(Object q, int i, RcuCallback cb) {
        if (q instanceof RcuCallback[] a) {
            RcuCallback[] b = a.clone();
            b[i] = cb;
            return b;
        }
        return vector(q).update(i, cb);
    }

    static Vector<RcuCallback> toVector(Object q) {
        return q instanceof RcuCallback[] a ? Vector.of(a) : vector(q);
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof RcuCallback[] x && b instanceof RcuCallback[] y) {
            return Arrays.equals(x, y);
        }
        return toVector(a).equals(toVector(b));
    }

    static int hash(Object q) {
        return q instanceof RcuCallback[] a ? Arrays.hashCode(a) : toVector(q).toJavaList().hashCode();
    }

    @SuppressWarnings("unchecked")
    private static Vector<RcuCallback> vector(Object q) {
        return (Vector<RcuCallback>) q;
    }
}
