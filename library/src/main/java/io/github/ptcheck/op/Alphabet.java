package io.github.ptcheck.op;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.collection.SortedSet;
import io.vavr.collection.Vector;

/**
 * The operations whose preconditions hold at a machine, within bounds, in a fixed order:
 * what the explorer branches on and what the generators choose from. Operations outside this
 * set would be skipped by the executor.
 */
public final class Alphabet {

    private Alphabet() {
    }

    public static Vector<Op> enabled(Machine m, Bounds b) {
        Vector<Op> ops = Vector.empty();
        if (b.kinds().contains(OpKind.ALLOC) && m.tables().size() < b.maxTables()) {
            for (int mm = 0; mm < b.mms(); mm++) {
                if (!m.mm(mm).exited()) {
                    ops = ops.append(new Op.Alloc(mm));
                }
            }
        }
        boolean readerInside = m.anyReaderInside();
        for (Table t : m.tables()) {
            if (!t.attached()) {
                continue;
            }
            if (!readerInside && b.kinds().contains(OpKind.FREE)) {
                ops = ops.append(new Op.Free(t.id()));
            }
            if (b.kinds().contains(OpKind.FREE_DEFERRED)) {
                ops = ops.append(new Op.FreeDeferred(t.id()));
            }
            if (b.kinds().contains(OpKind.FREE_TLB)) {
                ops = ops.append(new Op.FreeTlb(t.id()));
            }
        }
        for (int cpu = 0; cpu < b.cpus(); cpu++) {
            if (!m.inReadSection(cpu)) {
                if (b.kinds().contains(OpKind.READ_LOCK)) {
                    ops = ops.append(new Op.ReadLock(cpu));
                }
                continue;
            }
            if (b.kinds().contains(OpKind.LOOKUP)) {
                SortedSet<Integer> held = m.readers().get(cpu).get();
                for (Table t : m.tables()) {
                    if (t.attached() && !held.contains(t.id())) {
                        ops = ops.append(new Op.Lookup(cpu, t.id()));
                    }
                }
            }
            if (b.kinds().contains(OpKind.READ_UNLOCK)) {
                ops = ops.append(new Op.ReadUnlock(cpu));
            }
        }
        if (b.kinds().contains(OpKind.RUN_CALLBACK)) {
            int eligible = m.eligibleCallbacks().size();
            for (int k = 0; k < eligible; k++) {
                ops = ops.append(new Op.RunCallback(k));
            }
        }
        if (b.kinds().contains(OpKind.RCU_BARRIER) && !readerInside && !m.callbacks().isEmpty()) {
            ops = ops.append(new Op.RcuBarrier());
        }
        if (b.kinds().contains(OpKind.EXIT_MM)) {
            for (int mm = 0; mm < b.mms(); mm++) {
                if (m.mms().containsKey(mm) && !m.mm(mm).exited()) {
                    ops = ops.append(new Op.ExitMm(mm));
                }
            }
        }
        return ops;
    }
}
