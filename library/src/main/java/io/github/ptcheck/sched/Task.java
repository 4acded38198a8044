package io.github.ptcheck.sched;

import io.github.ptcheck.model.Event;
import io.github.ptcheck.model.KernelCall;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Scheduling;
import io.github.ptcheck.model.TlbContext;
import io.github.ptcheck.op.Op;
import io.vavr.collection.List;
import io.vavr.control.Either;

import java.util.ArrayList;
import java.util.function.Function;

/**
 * One operation of an interleaved run, on a CPU of its own. It runs by replay: each turn calls
 * the executor for the operation again from the machine it started on, and the scheduling
 * points it already passed return what they returned then (a strategy is a pure function of the
 * machine, so the same calls come in the same order); the first point not passed yet runs its
 * body on the machine as it is now, and the point the turn ends at throws {@link Preempted}.
 */
final class Task implements Scheduling {

    final int index;
    final Op op;
    private final Interleaver.Run run;

    /** The machine when it started; null before. */
    Machine start;
    boolean done;
    /** The lock it found taken at its last turn, or null. */
    String waitingFor;

    /**
     * What each scheduling point passed so far returned, which call it was (primitive and
     * arguments), and this CPU's mmu_gather context after it.
     */
    private final ArrayList<Object> results = new ArrayList<>();
    private final ArrayList<KernelCall> calls = new ArrayList<>();
    private final ArrayList<TlbContext> tlbs = new ArrayList<>();
    private int emittedNotes;

    // Per turn.
    private int point;
    private int notes;
    private int stopAt;
    private TlbContext tlb = TlbContext.BATCH;
    private boolean inStep;

    Task(int index, Op op, Interleaver.Run run) {
        this.index = index;
        this.op = op;
        this.run = run;
    }

    /** Scheduling points passed. */
    int passed() {
        return results.size();
    }

    /** Starts a turn of at most {@code steps} more points ({@code Integer.MAX_VALUE}: to the end). */
    Machine beginTurn(int steps) {
        point = 0;
        notes = 0;
        tlb = TlbContext.BATCH;
        stopAt = steps == Integer.MAX_VALUE ? Integer.MAX_VALUE : results.size() + steps;
        return start.scheduledBy(this);
    }

    @Override
    public int cpu() {
        return index + 1;
    }

    @Override
    public <T> T step(KernelCall call, Function<Machine, T> body) {
        int i = point;
        if (i < results.size()) {
            if (!calls.get(i).equals(call)) {
                // Resumed from the machine it started on, the routine made another call than it
                // did the first time: it is no function of the machine, and a replayed result
                // would be read as another primitive's, or as this one's on another page.
                throw run.diverged(this, i, calls.get(i), call);
            }
            point++;
            tlb = tlbs.get(i);
            @SuppressWarnings("unchecked")
            T replayed = (T) results.get(i);
            return replayed;
        }
        if (i >= stopAt) {
            throw Preempted.INSTANCE;
        }
        Machine now = run.world.scheduledBy(this);
        T r;
        inStep = true;
        try {
            r = body.apply(now); // a spin_lock on a lock another CPU holds throws here, having changed nothing
        } finally {
            inStep = false;
        }
        point++;
        results.add(r);
        calls.add(call);
        tlbs.add(tlb);
        Machine after = machineOf(r);
        if (after != null) {
            run.record(this, after.log());
            run.world = after.scheduledBy(null);
        }
        return r;
    }

    @Override
    public void note(Event event) {
        if (notes++ >= emittedNotes) {
            emittedNotes++;
            run.record(this, List.of(event));
        }
    }

    @Override
    public boolean inStep() {
        return inStep;
    }

    @Override
    public TlbContext tlb() {
        return tlb;
    }

    @Override
    public void tlb(TlbContext context) {
        tlb = context;
    }

    /** The machine a primitive's result carries, or null for a violation. */
    private static Machine machineOf(Object r) {
        if (r instanceof Machine m) {
            return m;
        }
        if (r instanceof Either<?, ?> e) {
            return e.isRight() ? machineOf(e.get()) : null;
        }
        if (r instanceof Machine.PageAlloc a) {
            return a.machine();
        }
        if (r instanceof Machine.Taken t) {
            return t.machine();
        }
        return null;
    }
}
