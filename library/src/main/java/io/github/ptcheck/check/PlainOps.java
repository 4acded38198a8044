package io.github.ptcheck.check;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;

/**
 * A sequence as plain operations: each {@code fill mmN} as the {@code alloc mmN} it ran, each
 * {@code freeTlbSiblings tN} as the {@code freeTlb} and {@code runCallback} operations it ran.
 * The executor runs those two as exactly those operations ({@link Applied#plain}), so the
 * expanded sequence takes the machine through the same states and breaks the same invariant at
 * the step that corresponds; a counterexample can be written either way ({@code ptcheck run
 * --expand}).
 *
 * <pre>{@code
 * PlainOps.expand(executor, Vector.of(new Op.Alloc(0), new Op.Fill(0)))
 *     // on powerpc64-hash-64k: alloc mm0 sixteen times
 * }</pre>
 */
public final class PlainOps {

    private PlainOps() {
    }

    /**
     * {@code ops} with every {@code fill} and {@code freeTlbSiblings} that ran written as the plain
     * operations it ran, found by running the sequence (untraced) on {@code executor}. A skipped
     * one stays as it is, and so does everything after the operation that breaks an invariant (the
     * run ends there; a page-wide one that breaks it is written up to the plain operation that does).
     *
     * @throws StrategyFailure if the strategy throws, returns null or loops
     */
    public static Vector<Op> expand(Executor executor, Seq<Op> ops) {
        Vector<Op> out = Vector.empty();
        Machine m = executor.boot();
        int n = 0;
        for (Op op : ops) {
            n++;
            Applied a = m == null ? null : executor.apply(m, op, n);
            out = a == null || a.plain() == null ? out.append(op) : out.appendAll(a.plain());
            m = a == null || a.violated() ? null : a.machine();
        }
        return out;
    }
}
