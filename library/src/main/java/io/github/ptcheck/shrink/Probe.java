package io.github.ptcheck.shrink;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.BitSet;
import java.util.List;

/**
 * What an untraced run of a candidate tells a shrinker besides its verdict: which operations
 * did nothing, what each made, and where the run stopped. The passes that drop skipped
 * operations, cut what never ran and narrow {@code fill}s read it; both shrinkers make one per
 * kept candidate (the plain one by {@link #sequential}, the interleaved one through its
 * {@code Interleaver}).
 *
 * @param invariant the invariant broken, or null
 * @param started   the operations that began before the run ended: all of them, unless one of
 *                  them broke the invariant (then those after the last that began never ran)
 * @param skipped   the positions of the operations whose precondition did not hold
 * @param made      by position: the tables the operation made ({@link Edits#delete} renumbers by it)
 * @param plain     by position: the plain operations a {@code fill} or {@code freeTlbSiblings} ran,
 *                  else null
 */
public record Probe(Invariant invariant, int started, BitSet skipped, int[] made, List<Vector<Op>> plain) {

    /** Runs {@code ops} whole, in order, as {@link Executor#run} does, noting what the shrinker reads. */
    public static Probe sequential(Executor executor, Vector<Op> ops) {
        BitSet skipped = new BitSet();
        int[] made = new int[ops.size()];
        List<Vector<Op>> plain = new java.util.ArrayList<>(java.util.Collections.nCopies(ops.size(), null));
        Machine m = executor.boot();
        int n = 0;
        for (Op op : ops) {
            Applied a = executor.apply(m, op, n + 1);
            if (a.violated()) {
                return new Probe(a.violation().invariant(), n + 1, skipped, made, plain);
            }
            if (a.wasSkipped()) {
                skipped.set(n);
            } else {
                made[n] = a.machine().tableCount() - m.tableCount();
                plain.set(n, a.plain());
            }
            m = a.machine();
            n++;
        }
        for (Op op : executor.teardownOps(m)) {
            n++;
            Applied a = executor.apply(m, op, n);
            if (a.violated()) {
                return new Probe(a.violation().invariant(), ops.size(), skipped, made, plain);
            }
            m = a.machine();
        }
        Option<Violation> leak = executor.leakCheck(m, n);
        return new Probe(leak.map(Violation::invariant).getOrNull(), ops.size(), skipped, made, plain);
    }
}
