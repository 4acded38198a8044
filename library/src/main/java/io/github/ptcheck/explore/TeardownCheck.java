package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.vavr.control.Either;

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
 * verdict is known (but for the states one operation from the end: {@link #lastStep}). Where
 * the rule does not hold (a strategy whose exit hook touches another mm), the rest is run as it
 * is, without the memo, so the verdict is always the executor's.
 *
 * <p>Verdicts live in the {@link StateTable}, with the visited states; a state only a teardown
 * passes through is added to the table for its verdict alone (it counts as visited only if the
 * search reaches it). In a parallel search each thread adds those to a memo of its own instead,
 * which the search merges into the table once the threads are done: the table is only read
 * while they run (but for the verdicts of states it holds, which any thread may set: a verdict is
 * the same whoever computes it).
 */
final class TeardownCheck {

    private final Executor executor;
    private final StateCodec codec;
    private final StateTable table;
    /** Where verdicts of states only a teardown passed through go: the table, or a thread's own memo. */
    private final StateTable memo;
    /**
     * Whether the state a teardown's first step leads to is recorded with the state it left
     * ({@link StateTable#stepped}): on one thread only, where every state is in the table.
     */
    private final boolean recordSteps;
    /**
     * Set by {@link #firstStep} and {@link #verdict}: the table number of the state the step led
     * to, when the rest of the teardown is that state's own and it is in the table; else -1.
     */
    private int stepped = -1;
    /** Whether the last {@link #after} was skipped by the executor. */
    private boolean skipped;
    /** {@link #scratch}'s buffers, by teardown position. */
    private byte[][] scratch = new byte[8][];

    TeardownCheck(Executor executor, StateCodec codec, StateTable table) {
        this(executor, codec, table, table);
    }

    TeardownCheck(Executor executor, StateCodec codec, StateTable table, StateTable memo) {
        this.executor = executor;
        this.codec = codec;
        this.table = table;
        this.memo = memo;
        this.recordSteps = memo == table;
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
        boolean clean = firstStep(s, executor.teardownOpArray(s), 0, depth + 1);
        table.setTeardown(i, clean ? StateTable.CLEAN : StateTable.DIRTY);
        if (recordSteps && stepped >= 0) {
            table.setStepped(i, stepped);
        }
        return clean;
    }

    /** The verdict of {@code T(s) = ops[from..]}, from the table if {@code s} was seen before. */
    private boolean verdict(Machine s, Op[] ops, int from, int step) {
        int same = codec.sameAsReference(s);
        if (same >= 0 && table.teardown(same) != StateTable.UNKNOWN) {
            stepped = same;
            return table.teardown(same) == StateTable.CLEAN;
        }
        codec.encodeInPlace(s);
        int hash = StateTable.hash(codec.buffer(), codec.length());
        int i = table.indexOf(codec.buffer(), codec.length(), hash);
        if (i >= 0 && table.teardown(i) != StateTable.UNKNOWN) {
            stepped = i;
            return table.teardown(i) == StateTable.CLEAN;
        }
        StateTable in = table;
        if (i < 0 && memo != table) {
            in = memo;
            i = memo.indexOf(codec.buffer(), codec.length(), hash);
            if (i >= 0 && memo.teardown(i) != StateTable.UNKNOWN) {
                stepped = -1;
                return memo.teardown(i) == StateTable.CLEAN;
            }
        }
        // firstStep encodes other states over the codec's buffer: keep these bytes meanwhile, in
        // a buffer of this teardown position's own (the table copies them into its chunks).
        int length = codec.length();
        byte[] bytes = null;
        if (i < 0) {
            bytes = scratch(from, length);
            System.arraycopy(codec.buffer(), 0, bytes, 0, length);
        }
        boolean clean = firstStep(s, ops, from, step);
        int to = stepped;
        if (i < 0) {
            i = in.addPassedThrough(bytes, length, hash);
        }
        in.setTeardown(i, clean ? StateTable.CLEAN : StateTable.DIRTY);
        if (recordSteps && to >= 0) {
            table.setStepped(i, to);
        }
        stepped = in == table ? i : -1;
        return clean;
    }

    /**
     * A buffer of at least {@code length} bytes for the state before teardown operation
     * {@code from}: one per position, since {@link #verdict} nests one call per position.
     */
    private byte[] scratch(int from, int length) {
        if (from >= scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, Math.max(from + 1, scratch.length * 2));
        }
        byte[] b = scratch[from];
        if (b == null || b.length < length) {
            b = new byte[Math.max(length, 256)];
            scratch[from] = b;
        }
        return b;
    }

    /** The teardown {@code ops[from..]} from {@code s}: its first step, then the rest by the rule or as it is. */
    private boolean firstStep(Machine s, Op[] ops, int from, int step) {
        stepped = -1;
        Machine next = after(s, ops[from], step);
        if (next == null) {
            return false;
        }
        if (from + 1 == ops.length) {
            return executor.leakCheck(next, step).isEmpty();
        }
        if (from + 2 == ops.length) {
            return lastStep(next, ops, step + 1);
        }
        if (executor.teardownIs(next, ops, from + 1)) {
            boolean skipped = this.skipped;
            boolean clean = verdict(next, ops, from + 1, step + 1);
            if (skipped) {
                stepped = -1; // the search would not take a skipped step: it offers what runs
            }
            return clean;
        }
        return runRest(next, ops, from + 1, step + 1);
    }

    /**
     * The teardown's last operation ({@code ops[ops.length - 1]}, {@code rcu_barrier()}) and the
     * leak check, from {@code m}, run rather than looked up: a state one operation from the end
     * is seldom met twice (a quarter of them are, at depth 7 of generic-v6.6: they differ in what
     * is left queued), and writing, hashing and storing it costs about what the operation does.
     * Unless it is the state being expanded, whose verdict is known.
     */
    private boolean lastStep(Machine m, Op[] ops, int step) {
        int same = codec.sameAsReference(m);
        if (same >= 0 && table.teardown(same) != StateTable.UNKNOWN
                && executor.teardownIs(m, ops, ops.length - 1)) {
            stepped = skipped ? -1 : same;
            return table.teardown(same) == StateTable.CLEAN;
        }
        return runRest(m, ops, ops.length - 1, step);
    }

    /** The rest of a teardown run as the executor runs it, step by step. */
    private boolean runRest(Machine m, Op[] ops, int from, int step) {
        Machine cur = m;
        int n = step;
        for (int k = from; k < ops.length; k++) {
            cur = after(cur, ops[k], n);
            if (cur == null) {
                return false;
            }
            n++;
        }
        return executor.leakCheck(cur, n - 1).isEmpty();
    }

    /**
     * The machine after teardown operation {@code op} from {@code m} ({@code m} itself if it was
     * skipped), or null if it broke an invariant.
     */
    private Machine after(Machine m, Op op, int step) {
        Either<Applied, Machine> r = executor.advance(m, op, step);
        skipped = r.isLeft() && r.getLeft().wasSkipped();
        return r.isRight() ? r.get() : r.getLeft().violated() ? null : r.getLeft().machine();
    }
}
