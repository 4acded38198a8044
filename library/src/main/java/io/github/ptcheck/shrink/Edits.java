package io.github.ptcheck.shrink;

import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.vavr.collection.Vector;

import java.util.BitSet;

/**
 * The edits the {@link Shrinker} tries on a sequence, as pure functions, and the order that
 * says which of two sequences is simpler.
 *
 * <p>Tables are named by the order of their {@code alloc}: t0 is made by the first
 * {@code alloc}, t1 by the second. So deleting an {@code alloc} renames every later table;
 * {@link #delete} renumbers the later references so that they keep naming the same tables, and
 * drops the operations on the tables it deleted (they would be skipped).
 */
public final class Edits {

    private Edits() {
    }

    /**
     * {@code ops} without {@code ops[from, from + count)}, later table references renumbered.
     * Assumes every {@code alloc} (and {@code fill}) makes one table, which holds for
     * {@code alloc}s once skipped operations are gone; {@link #delete(Vector, int, int, int[])}
     * takes what each operation made in a run.
     */
    public static Vector<Op> delete(Vector<Op> ops, int from, int count) {
        return delete(ops, from, count, made(ops));
    }

    /**
     * {@code ops} without {@code ops[from, from + count)}, later table references renumbered by
     * the tables the deleted operations made: {@code made[i]} is how many operation {@code i}
     * made in a run of {@code ops} (one per {@code alloc}, a page's rest per {@code fill}).
     */
    public static Vector<Op> delete(Vector<Op> ops, int from, int count, int[] made) {
        if (from < 0 || count < 0 || from + count > ops.size()) {
            throw new IndexOutOfBoundsException("delete " + from + "+" + count + " of " + ops.size() + " operations");
        }
        return replace(ops, from, count, Vector.empty(), made);
    }

    /**
     * {@code ops} with {@code ops[from, from + count)} replaced by {@code by}, which makes a table
     * per {@code alloc} in it; later table references renumbered so that they keep naming the same
     * tables, and operations on tables that are no longer made dropped (they would be skipped).
     */
    public static Vector<Op> replace(Vector<Op> ops, int from, int count, Vector<Op> by, int[] made) {
        int first = sum(made, 0, from);
        int gone = sum(made, from, from + count);
        int kept = Math.min(gone, by.count(op -> op instanceof Op.Alloc));
        Vector<Op> out = ops.slice(0, from).appendAll(by);
        for (int i = from + count; i < ops.size(); i++) {
            Op op = ops.get(i);
            int t = Op.tableOf(op);
            int renamed = renamed(t, first, gone, kept);
            if (renamed != DROPPED) {
                out = out.append(renamed == t ? op : withTable(op, renamed));
            }
        }
        return out;
    }

    /**
     * The positions in {@code ops} of the operations {@link #delete(Vector, int, int)} leaves
     * out: the chunk, and the later operations on the tables it made. A schedule of {@code ops}
     * drops the turns of exactly these ({@link io.github.ptcheck.op.Schedule#without}), so that
     * its other turns still name the same operations.
     */
    public static BitSet deleted(Vector<Op> ops, int from, int count) {
        return deleted(ops, from, count, made(ops));
    }

    /** {@link #deleted(Vector, int, int)} for {@link #delete(Vector, int, int, int[])}: by the tables each operation made. */
    public static BitSet deleted(Vector<Op> ops, int from, int count, int[] made) {
        if (from < 0 || count < 0 || from + count > ops.size()) {
            throw new IndexOutOfBoundsException("delete " + from + "+" + count + " of " + ops.size() + " operations");
        }
        BitSet out = dropped(ops, from, count, Vector.empty(), made);
        out.set(from, from + count);
        return out;
    }

    /**
     * The positions in {@code ops}, after {@code ops[from, from + count)}, of the operations
     * {@link #replace} drops because the tables they name are no longer made.
     */
    public static BitSet dropped(Vector<Op> ops, int from, int count, Vector<Op> by, int[] made) {
        int first = sum(made, 0, from);
        int gone = sum(made, from, from + count);
        int kept = Math.min(gone, by.count(op -> op instanceof Op.Alloc));
        BitSet out = new BitSet();
        for (int i = from + count; i < ops.size(); i++) {
            if (renamed(Op.tableOf(ops.get(i)), first, gone, kept) == DROPPED) {
                out.set(i);
            }
        }
        return out;
    }

    /** {@code ops} without the operations at the positions in {@code gone} (the skipped ones, say), nothing renumbered. */
    public static Vector<Op> without(Vector<Op> ops, BitSet gone) {
        Vector<Op> out = Vector.empty();
        for (int i = 0; i < ops.size(); i++) {
            if (!gone.get(i)) {
                out = out.append(ops.get(i));
            }
        }
        return out;
    }

    /** {@code ops} without {@code ops[from, from + count)}, nothing renumbered: later references may name other tables now. */
    public static Vector<Op> cut(Vector<Op> ops, int from, int count) {
        return ops.slice(0, from).appendAll(ops.slice(from + count, ops.size()));
    }

    /** What {@link #renamed} gives a reference to a table that is no longer made: the operation would be skipped, so it goes. */
    private static final int DROPPED = -2;

    /**
     * Table {@code t} (or -1, none) named after a replacement at the position where tables
     * {@code first} on are made: of the {@code gone} tables the replaced operations made, the
     * first {@code kept} are still made (by the replacement); later tables move down.
     */
    private static int renamed(int t, int first, int gone, int kept) {
        if (gone == kept || t < first + kept) {
            return t;
        }
        return t >= first + gone ? t - gone + kept : DROPPED;
    }

    private static int sum(int[] made, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += made[i];
        }
        return n;
    }

    /** What {@link #delete(Vector, int, int)} assumes each operation makes: one table per {@code alloc} or {@code fill}. */
    public static int[] made(Vector<Op> ops) {
        int[] made = new int[ops.size()];
        for (int i = 0; i < made.length; i++) {
            made[i] = ops.get(i).kind().allocates() ? 1 : 0;
        }
        return made;
    }

    /**
     * {@code ops} with operations {@code i} and {@code i + 1} exchanged. When both are
     * {@code alloc}s their tables exchange names, so the later references are exchanged too and
     * keep naming the same tables.
     */
    public static Vector<Op> swap(Vector<Op> ops, int i) {
        if (i < 0 || i + 1 >= ops.size()) {
            throw new IndexOutOfBoundsException("swap " + i + " and " + (i + 1) + " of " + ops.size() + " operations");
        }
        Op a = ops.get(i);
        Op b = ops.get(i + 1);
        Vector<Op> out = ops.update(i, b).update(i + 1, a);
        if (!(a instanceof Op.Alloc) || !(b instanceof Op.Alloc)) {
            return out;
        }
        int k = 0;
        for (int j = 0; j < i; j++) {
            k += ops.get(j).kind().allocates() ? 1 : 0;
        }
        for (int j = i + 2; j < ops.size(); j++) {
            int t = Op.tableOf(out.get(j));
            if (t == k || t == k + 1) {
                out = out.update(j, withTable(out.get(j), t == k ? k + 1 : k));
            }
        }
        return out;
    }

    /** Whether {@code ops[from, from + count)} holds an {@code alloc} or {@code fill} (plain and renumbered deletion differ). */
    public static boolean hasAlloc(Vector<Op> ops, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (ops.get(i).kind().allocates()) {
                return true;
            }
        }
        return false;
    }


    /** The same operation on table {@code t}. */
    static Op withTable(Op op, int t) {
        if (op.table() < 0) {
            throw new IllegalArgumentException(op + " names no table");
        }
        return op.with(OpKind.Arg.TABLE, t);
    }

    /** The CPU an operation names, or -1. */
    public static int cpuOf(Op op) {
        return op.cpu();
    }

    /** The mm an operation names, or -1. */
    public static int mmOf(Op op) {
        return op.mm();
    }

    static Op withCpu(Op op, int cpu) {
        if (op.cpu() < 0) {
            throw new IllegalArgumentException(op + " names no CPU");
        }
        return op.with(OpKind.Arg.CPU, cpu);
    }

    static Op withMm(Op op, int mm) {
        if (op.mm() < 0) {
            throw new IllegalArgumentException(op + " names no mm");
        }
        return op.with(OpKind.Arg.MM, mm);
    }

    /**
     * The same operation with one argument lowered, smallest first: each lower CPU, each lower
     * mm, each lower table, each lower {@code runCallback} index.
     */
    public static Vector<Op> simpler(Op op) {
        Vector<Op> out = Vector.empty();
        int cpu = cpuOf(op);
        for (int c = 0; c < cpu; c++) {
            out = out.append(withCpu(op, c));
        }
        int mm = mmOf(op);
        for (int x = 0; x < mm; x++) {
            out = out.append(withMm(op, x));
        }
        int t = Op.tableOf(op);
        for (int x = 0; x < t; x++) {
            out = out.append(withTable(op, x));
        }
        for (int k = 0; k < op.index(); k++) {
            out = out.append(op.with(OpKind.Arg.INDEX, k));
        }
        return out;
    }

    /** Every operation on CPU {@code from} moved to CPU {@code to} (a merge if {@code to} is in use, else a rename). */
    public static Vector<Op> mapCpu(Vector<Op> ops, int from, int to) {
        return ops.map(op -> cpuOf(op) == from ? withCpu(op, to) : op);
    }

    /**
     * Every operation on table {@code from} moved to table {@code to}: where a sequence leaves one
     * table of a full page ({@code freeTlbSiblings t20, freeDeferred t20}), which one it is may
     * not matter, and the lowest reads best.
     */
    public static Vector<Op> mapTable(Vector<Op> ops, int from, int to) {
        return ops.map(op -> Op.tableOf(op) == from ? withTable(op, to) : op);
    }

    /** Every operation on mm {@code from} moved to mm {@code to}. */
    public static Vector<Op> mapMm(Vector<Op> ops, int from, int to) {
        return ops.map(op -> mmOf(op) == from ? withMm(op, to) : op);
    }

    /**
     * Shortlex: the shorter sequence is simpler; of two as long, the first operation where they
     * differ decides, by kind (in {@link OpKind} order) and then by arguments, lower first. Every
     * edit the shrinker accepts makes the sequence simpler in this order, so shrinking ends.
     */
    public static int compare(Vector<Op> a, Vector<Op> b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * {@link #compare(Vector, Vector)} counting the tables first: a {@code fill} weighs a page's
     * worth ({@code tablesPerPage}), an {@code alloc} one. So {@code alloc mm0, alloc mm0} is
     * simpler than {@code fill mm0} where a page holds more than two tables (a bug that needs two
     * tables is told with two, not sixteen); of two sequences with as many tables, the shorter.
     * Where no {@code fill} is in either, it is the same order as {@link #compare(Vector, Vector)}
     * for every edit the shrinker makes (they delete operations or keep the length and the kinds).
     */
    public static int compare(Vector<Op> a, Vector<Op> b, int tablesPerPage) {
        int w = Long.compare(tables(a, tablesPerPage), tables(b, tablesPerPage));
        return w != 0 ? w : compare(a, b);
    }

    /** The tables a sequence allocates at the most, in {@link #compare(Vector, Vector, int)}'s order. */
    public static long tables(Vector<Op> ops, int tablesPerPage) {
        long n = 0;
        for (Op op : ops) {
            n += op instanceof Op.Fill ? tablesPerPage : op instanceof Op.Alloc ? 1 : 0;
        }
        return n;
    }

    static int compare(Op a, Op b) {
        int c = Integer.compare(OpKind.of(a).ordinal(), OpKind.of(b).ordinal());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(cpuOf(a), cpuOf(b));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(mmOf(a), mmOf(b));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(Op.tableOf(a), Op.tableOf(b));
        if (c != 0) {
            return c;
        }
        return Integer.compare(a.index(), b.index());
    }
}
