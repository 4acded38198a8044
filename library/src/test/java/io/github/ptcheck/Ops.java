package io.github.ptcheck;

import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

/** Short spellings of operations for tests. */
public final class Ops {
    private Ops() {
    }

    public static Op alloc(int mm) {
        return new Op.Alloc(mm);
    }

    /** {@code fill mmN}: the rest of the mm's page, one allocation after another. */
    public static Op fill(int mm) {
        return new Op.Fill(mm);
    }

    /** {@code freeTlbSiblings tN}: every other attached table of tN's page freed through the TLB path, and their grace periods. */
    public static Op tlbSiblings(int t) {
        return new Op.FreeTlbSiblings(t);
    }

    public static Op free(int t) {
        return new Op.Free(t);
    }

    public static Op defer(int t) {
        return new Op.FreeDeferred(t);
    }

    public static Op tlb(int t) {
        return new Op.FreeTlb(t);
    }

    public static Op tlbOne(int t) {
        return new Op.FreeTlbOne(t);
    }

    public static Op reclaim(int t) {
        return new Op.Reclaim(t);
    }

    public static Op reclaimOne(int t) {
        return new Op.ReclaimOne(t);
    }

    /** {@code local_irq_save()}: a GUP-fast walker starts. */
    public static Op irqOff(int cpu) {
        return new Op.IrqOff(cpu);
    }

    public static Op irqOn(int cpu) {
        return new Op.IrqOn(cpu);
    }

    public static Op lock(int cpu) {
        return new Op.ReadLock(cpu);
    }

    public static Op lookup(int cpu, int t) {
        return new Op.Lookup(cpu, t);
    }

    public static Op unlock(int cpu) {
        return new Op.ReadUnlock(cpu);
    }

    public static Op run(int k) {
        return new Op.RunCallback(k);
    }

    public static Op barrier() {
        return new Op.RcuBarrier();
    }

    public static Op exit(int mm) {
        return new Op.ExitMm(mm);
    }

    public static Vector<Op> seq(Op... ops) {
        return Vector.of(ops);
    }
}
