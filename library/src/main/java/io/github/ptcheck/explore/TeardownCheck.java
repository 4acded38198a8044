package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

/**
 * Whether the teardown every run ends with (spec section 7: every reader leaves, every live mm
 * exits, {@code rcu_barrier()}, then the leak check) breaks an invariant when run from a state.
 *
 * <p>The teardown from a state {@code s} is {@code T(s) = Executor.teardownOps(s)}, one
 * operation after another. After its first operation {@code s -> s'}, what is left is, as a
 * rule, exactly {@code T(s')}: a reader leaving does not change which mms are alive, and an mm
 * exiting does not change the others. Then the verdict of {@code s} is the verdict of its
 * first step followed by the verdict of {@code s'}, and the verdict of {@code s'} is
 * remembered: the states a teardown passes through (readers gone, mms exited, queue drained)
 * are shared by very many states, so most teardowns end after one step in a state whose
 * verdict is known. Where the rule does not hold (a strategy whose exit hook touches another
 * mm), the rest is run as it is, without the memo, so the verdict is always the executor's.
 *
 * <p>Verdicts live in the {@link StateTable}, with the visited states; a state only a teardown
 * passes through is added to the table for its verdict alone (it counts as visited only if the
 * search reaches it).
 */
final class TeardownCheck {

    private final Executor executor;
    private final StateCodec codec;
    private final StateTable table;

    TeardownCheck(Executor executor, StateCodec codec, StateTable table) {
        this.executor = executor;
        this.codec = codec;
        this.table = table;
    }

    /**
     * Whether the teardown from state {@code i} (machine {@code s}, reached by {@code depth}
     * operations) passes; the verdict is stored with the state.
     */
    boolean passes(int i, Machine s, int depth) {
        byte known = table.teardown(i);
        if (known != StateTable.UNKNOWN) {
            return known == StateTable.CLEAN;
        }
        boolean clean = firstStep(s, executor.teardownOps(s), depth + 1);
        table.setTeardown(i, clean ? StateTable.CLEAN : StateTable.DIRTY);
        return clean;
    }

    /** The verdict of {@code T(s) = ops}, from the table if {@code s} was seen before. */
    private boolean verdict(Machine s, Vector<Op> ops, int step) {
        codec.encodeInPlace(s);
        int hash = StateTable.hash(codec.buffer(), codec.length());
        int i = table.indexOf(codec.buffer(), codec.length(), hash);
        if (i >= 0 && table.teardown(i) != StateTable.UNKNOWN) {
            return table.teardown(i) == StateTable.CLEAN;
        }
        byte[] bytes = i < 0 ? codec.copy() : null; // firstStep encodes other states
        boolean clean = firstStep(s, ops, step);
        if (i < 0) {
            i = table.addPassedThrough(bytes, hash);
        }
        table.setTeardown(i, clean ? StateTable.CLEAN : StateTable.DIRTY);
        return clean;
    }

    private boolean firstStep(Machine s, Vector<Op> ops, int step) {
        Applied a = executor.apply(s, ops.head(), step);
        if (a.violated()) {
            return false;
        }
        Machine next = a.machine();
        Vector<Op> rest = ops.tail();
        if (rest.isEmpty()) {
            return executor.leakCheck(next, step).isEmpty();
        }
        if (executor.teardownOps(next).equals(rest)) {
            return verdict(next, rest, step + 1);
        }
        return runRest(next, rest, step + 1);
    }

    /** The rest of a teardown run as the executor runs it, step by step. */
    private boolean runRest(Machine m, Vector<Op> ops, int step) {
        Machine cur = m;
        int n = step;
        for (Op op : ops) {
            Applied a = executor.apply(cur, op, n);
            if (a.violated()) {
                return false;
            }
            cur = a.machine();
            n++;
        }
        return executor.leakCheck(cur, n - 1).isEmpty();
    }
}
