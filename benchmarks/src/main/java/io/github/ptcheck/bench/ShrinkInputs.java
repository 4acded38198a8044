package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.util.ArrayList;

/**
 * The failing sequences the shrink benchmark starts from, for the known-broken cells.
 *
 * <ul>
 * <li>{@code padded100}: the known 4-operation counterexample of docs/strategies.md on mm0,
 *     its operations at positions 1, 34, 67 and 100 of a 100-operation sequence, the 96
 *     between them unrelated work on mm1 and cpu1 (allocations, a reader that looks a table up
 *     and leaves, {@code freeTlb} and {@code free} of mm1's tables; no callback runs). The
 *     violation is at operation 100, so the shrinker has all 100 to work through.</li>
 * <li>{@code generated}: the sequence a {@link Runner} with the default configuration (seed 0,
 *     maxLength 40) finds first: what a check hands the shrinker.</li>
 * </ul>
 * Each is checked when built: it must break the cell's known invariant.
 */
final class ShrinkInputs {

    private ShrinkInputs() {
    }

    /** A failing sequence and the invariant it breaks. */
    record Input(Vector<Op> ops, Invariant invariant) {
    }

    static Input of(Cell cell, String kind) {
        switch (kind) {
            case "padded100":
                return padded(cell);
            case "generated":
                return generated(cell);
            default:
                throw new IllegalArgumentException("unknown shrink input '" + kind + "': padded100 or generated");
        }
    }

    static Input generated(Cell cell) {
        CellReport r = new Runner(CheckConfig.defaults()).check(cell);
        if (r.finding().isEmpty()) {
            throw new IllegalStateException(cell + " passed the default check: it is not a known-broken cell");
        }
        return new Input(r.finding().get().original(), r.finding().get().violation().invariant());
    }

    static Input padded(Cell cell) {
        boolean s390 = cell.strategy().name().startsWith("s390");
        // powerpc-naive-v1 and generic-v6.6 on a shared page: two deferrals of one page's tables
        // queue its rcu_head twice. s390-naive-v1: the deferred half keeps its A bit, so freeing
        // the other half puts the page on the list, lru over the queued rcu_head.
        Invariant expected = s390 ? Invariant.UNION_CLOBBER : Invariant.RCU_HEAD_REUSE;
        Builder b = new Builder();
        int t0 = b.alloc(0);
        b.pad(4);
        int t1 = b.alloc(0);
        b.pad(4);
        b.add(new Op.FreeDeferred(t0));
        b.pad(4);
        b.add(s390 ? new Op.Free(t1) : new Op.FreeDeferred(t1));
        Vector<Op> ops = Vector.ofAll(b.ops);
        Outcome o = cell.executor().run(ops);
        if (ops.size() != 100 || o.skipped() != 0 || o.violation().isEmpty()
                || o.violation().get().invariant() != expected || o.violation().get().step() != 100) {
            throw new IllegalStateException(cell + ": the padded counterexample (" + ops.size() + " operations, "
                    + o.skipped() + " skipped) should break " + expected + " at operation 100, got "
                    + o.violation().map(v -> v.summary()).getOrElse("a pass") + ": " + ops.mkString(", "));
        }
        return new Input(ops, expected);
    }

    /** Builds a sequence, numbering tables by the order of their alloc as the executor does. */
    private static final class Builder {
        final ArrayList<Op> ops = new ArrayList<>();
        int tables;

        void add(Op op) {
            ops.add(op);
        }

        int alloc(int mm) {
            ops.add(new Op.Alloc(mm));
            return tables++;
        }

        /**
         * {@code blocks} blocks of 8 operations on mm1 and cpu1 that leave no reader inside and
         * run no callback: alloc x, alloc y, readLock cpu1, lookup cpu1 x, readUnlock cpu1,
         * freeTlb x, free y, alloc z.
         */
        void pad(int blocks) {
            for (int i = 0; i < blocks; i++) {
                int x = alloc(1);
                int y = alloc(1);
                add(new Op.ReadLock(1));
                add(new Op.Lookup(1, x));
                add(new Op.ReadUnlock(1));
                add(new Op.FreeTlb(x));
                add(new Op.Free(y));
                alloc(1);
            }
        }
    }
}
