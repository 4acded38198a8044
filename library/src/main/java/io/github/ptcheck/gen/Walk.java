package io.github.ptcheck.gen;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.vavr.collection.Vector;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * One try being generated: the model runs as the sequence grows, and each operation is chosen
 * among those enabled at the current machine ({@link Alphabet#forEachEnabled}), so no generated
 * operation is ever skipped. A caller that wants to watch every step (the
 * {@link io.github.ptcheck.check.Runner} records coverage) calls {@link #step()} until
 * {@link #done()}; {@link Generator#sample} does just that.
 *
 * <p>How an operation is chosen: first its kind, by the try's {@link Profile} weights among
 * the kinds that have an enabled operation; then, for {@code free}, {@code freeDeferred},
 * {@code freeTlb} and {@code lookup}, a table of the page the previous table operation touched
 * ({@link Profile#locality} percent of the time, when there is one), and for {@code alloc} the
 * mm of that table; otherwise uniformly.
 *
 * <p>Not thread-safe; a walk is cheap, make one per try.
 */
public final class Walk {

    private static final OpKind[] KINDS = OpKind.values();

    private final Executor executor;
    private final Bounds bounds;
    private final int maxLength;
    private final SplitMix64 rng;
    private final Profile profile;
    private final int[] weights = new int[KINDS.length];

    private Machine machine;
    private Vector<Op> ops = Vector.empty();
    private Op lastOp;
    private boolean violated;
    /** The page and mm of the last table operation, or -1: where the next one leans. */
    private int focusPfn = -1;
    private int focusMm = -1;

    /** The enabled operations of {@link #machine} by kind; valid while {@link #prepared}. */
    private final ArrayList<ArrayList<Op>> buckets = new ArrayList<>(KINDS.length);
    private boolean prepared;
    private int totalWeight;
    private final Consumer<Op> sink = op -> buckets.get(OpKind.of(op).ordinal()).add(op);

    Walk(Executor executor, Bounds bounds, int maxLength, long seed, int tryIndex) {
        this.executor = executor;
        this.bounds = bounds.offeredBy(executor.preset(), executor.mmConfig());
        this.maxLength = maxLength;
        this.rng = SplitMix64.forTry(seed, tryIndex);
        this.profile = Profile.draw(rng, SplitMix64.forTry(seed, tryIndex, 1), this.bounds);
        for (OpKind k : KINDS) {
            weights[k.ordinal()] = profile.weight(k);
            buckets.add(new ArrayList<>());
        }
        this.machine = executor.boot();
    }

    /** The weights this try drew. */
    public Profile profile() {
        return profile;
    }

    /** The machine after the last operation that ran (the one before it, if it violated). */
    public Machine machine() {
        return machine;
    }

    /** The operations generated so far, the violating one last if one violated. */
    public Vector<Op> ops() {
        return ops;
    }

    /** The operation the last {@link #step()} chose, or null before the first. */
    public Op lastOp() {
        return lastOp;
    }

    /**
     * Whether the try is over: {@code maxLength} operations generated, or the last one broke an
     * invariant (the model cannot go on from there), or no operation the profile allows is
     * enabled.
     */
    public boolean done() {
        if (violated || ops.size() >= maxLength) {
            return true;
        }
        prepare();
        return totalWeight == 0;
    }

    /**
     * Chooses the next operation, runs it on the model and returns what it did.
     *
     * @throws IllegalStateException if the walk is {@link #done()}
     * @throws io.github.ptcheck.check.StrategyFailure if the strategy throws, returns null or loops
     */
    public Applied step() {
        if (done()) {
            throw new IllegalStateException("the walk is done after " + ops.size() + " operation(s): check done() first");
        }
        Op op = choose();
        Applied a = executor.apply(machine, op, ops.size() + 1);
        ops = ops.append(op);
        lastOp = op;
        prepared = false;
        if (a.violated()) {
            violated = true;
        } else {
            machine = a.machine();
            refocus(op);
        }
        return a;
    }

    private void prepare() {
        if (prepared) {
            return;
        }
        for (ArrayList<Op> b : buckets) {
            b.clear();
        }
        Alphabet.forEachEnabled(machine, bounds, sink);
        int total = 0;
        for (OpKind k : KINDS) {
            if (!buckets.get(k.ordinal()).isEmpty()) {
                total += weights[k.ordinal()];
            }
        }
        totalWeight = total;
        prepared = true;
    }

    private Op choose() {
        int r = rng.nextInt(totalWeight);
        for (OpKind k : KINDS) {
            ArrayList<Op> bucket = buckets.get(k.ordinal());
            if (bucket.isEmpty()) {
                continue;
            }
            r -= weights[k.ordinal()];
            if (r < 0) {
                return chooseIn(k, bucket);
            }
        }
        throw new IllegalStateException("weights do not add up"); // unreachable: r < totalWeight
    }

    private Op chooseIn(OpKind kind, ArrayList<Op> bucket) {
        boolean lean = rng.nextInt(100) < profile.locality();
        if (lean && kind.allocates() && focusMm >= 0) {
            for (Op op : bucket) {
                if (op.mm() == focusMm) {
                    return op;
                }
            }
        }
        if (lean && focusPfn >= 0 && hasTable(kind)) {
            int near = 0;
            for (Op op : bucket) {
                near += onFocusPage(op) ? 1 : 0;
            }
            if (near > 0) {
                int j = rng.nextInt(near);
                for (Op op : bucket) {
                    if (onFocusPage(op) && j-- == 0) {
                        return op;
                    }
                }
            }
        }
        return bucket.get(rng.nextInt(bucket.size()));
    }

    private static boolean hasTable(OpKind k) {
        return k.args().contains(OpKind.Arg.TABLE);
    }

    private boolean onFocusPage(Op op) {
        return machine.table(Op.tableOf(op)).pfn() == focusPfn;
    }


    private void refocus(Op op) {
        Table t = null;
        if (op.kind().allocates()) {
            t = machine.table(machine.tableCount() - 1);
        } else if (Op.tableOf(op) >= 0) {
            t = machine.table(Op.tableOf(op));
        }
        if (t != null) {
            focusPfn = t.pfn();
            focusMm = t.mm();
        }
    }
}
