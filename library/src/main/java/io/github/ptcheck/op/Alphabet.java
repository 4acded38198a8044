package io.github.ptcheck.op;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * The operations whose preconditions hold at a machine, within bounds, in a fixed order:
 * what the explorer branches on and what the generators choose from. Operations outside this
 * set would be skipped by the executor.
 */
public final class Alphabet {

    private Alphabet() {
    }

    /**
     * The order {@link #forEachEnabled} hands operations out in, as a total order on operations:
     * allocations by mm; then per table (by number) free, freeDeferred, freeTlb, freeTlbOne,
     * reclaim, reclaimOne; then per CPU (by number) readLock, irqOff, lookups by table,
     * readUnlock, irqOn; runCallback by index; rcuBarrier; exitMm by mm. Two operations enabled
     * at one state come in this order there, so comparing sequences by it is comparing the
     * explorer's choices: among counterexamples of one length the explorer reports the least.
     */
    public static final Comparator<Op> ORDER = Comparator.comparingInt(Alphabet::group)
            .thenComparingInt(Alphabet::primary).thenComparingInt(Alphabet::rank).thenComparingInt(Op::table);

    /** Shorter first, then by {@link #ORDER} at the first operation that differs. */
    public static final Comparator<Seq<Op>> SEQUENCE_ORDER = (a, b) -> {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            int c = ORDER.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private static final java.util.List<OpKind> TABLE_OPS = java.util.List.of(OpKind.FREE, OpKind.FREE_DEFERRED,
            OpKind.FREE_TLB, OpKind.FREE_TLB_ONE, OpKind.RECLAIM, OpKind.RECLAIM_ONE);
    private static final java.util.List<OpKind> CPU_OPS = java.util.List.of(OpKind.READ_LOCK, OpKind.IRQ_OFF,
            OpKind.LOOKUP, OpKind.READ_UNLOCK, OpKind.IRQ_ON);

    private static int group(Op op) {
        OpKind k = op.kind();
        return k == OpKind.ALLOC ? 0 : TABLE_OPS.contains(k) ? 1 : CPU_OPS.contains(k) ? 2
                : k == OpKind.RUN_CALLBACK ? 3 : k == OpKind.RCU_BARRIER ? 4 : 5;
    }

    private static int primary(Op op) {
        return switch (group(op)) {
            case 0, 5 -> op.mm();
            case 1 -> op.table();
            case 2 -> op.cpu();
            case 3 -> op.index();
            default -> 0;
        };
    }

    private static int rank(Op op) {
        int t = TABLE_OPS.indexOf(op.kind());
        return t >= 0 ? t : Math.max(0, CPU_OPS.indexOf(op.kind()));
    }

    public static Vector<Op> enabled(Machine m, Bounds b) {
        ArrayList<Op> ops = new ArrayList<>();
        forEachEnabled(m, b, ops::add);
        return Vector.ofAll(ops);
    }

    /**
     * Hands each operation of {@link #enabled} to {@code sink}, in the same order, without
     * building a collection: the generators call this once per generated operation.
     */
    public static void forEachEnabled(Machine m, Bounds b, Consumer<Op> sink) {
        boolean free = b.kinds().contains(OpKind.FREE);
        boolean freeDeferred = b.kinds().contains(OpKind.FREE_DEFERRED);
        boolean freeTlb = b.kinds().contains(OpKind.FREE_TLB);
        boolean freeTlbOne = b.kinds().contains(OpKind.FREE_TLB_ONE);
        boolean reclaim = m.config().ptReclaim() && b.kinds().contains(OpKind.RECLAIM);
        boolean reclaimOne = m.config().ptReclaim() && b.kinds().contains(OpKind.RECLAIM_ONE);
        if (b.kinds().contains(OpKind.ALLOC) && m.tableCount() < b.maxTables()) {
            for (int mm = 0; mm < b.mms(); mm++) {
                if (!m.mm(mm).exited()) {
                    sink.accept(new Op.Alloc(mm));
                }
            }
        }
        boolean readerInside = m.anyReaderInside();
        int tables = m.tableCount();
        for (int id = 0; id < tables; id++) {
            Table t = m.table(id);
            if (!t.attached()) {
                continue;
            }
            if (!readerInside && free) {
                sink.accept(new Op.Free(t.id()));
            }
            if (freeDeferred) {
                sink.accept(new Op.FreeDeferred(t.id()));
            }
            if ((freeTlb || freeTlbOne) && !heldThroughVma(m, t.id())) {
                if (freeTlb) {
                    sink.accept(new Op.FreeTlb(t.id()));
                }
                if (freeTlbOne) {
                    sink.accept(new Op.FreeTlbOne(t.id()));
                }
            }
            if (reclaim) {
                sink.accept(new Op.Reclaim(t.id()));
            }
            if (reclaimOne) {
                sink.accept(new Op.ReclaimOne(t.id()));
            }
        }
        for (int cpu = 0; cpu < b.cpus(); cpu++) {
            Reader r = m.reader(cpu);
            if (r == null) {
                if (b.kinds().contains(OpKind.READ_LOCK)) {
                    sink.accept(new Op.ReadLock(cpu));
                }
                if (b.kinds().contains(OpKind.IRQ_OFF)) {
                    sink.accept(new Op.IrqOff(cpu));
                }
                continue;
            }
            if (b.kinds().contains(OpKind.LOOKUP)) {
                for (int id = 0; id < tables; id++) {
                    Table t = m.table(id);
                    if (t.attached() && !r.holds(t.id())) {
                        sink.accept(new Op.Lookup(cpu, t.id()));
                    }
                }
            }
            if (r.section() == ReadSection.RCU && b.kinds().contains(OpKind.READ_UNLOCK)) {
                sink.accept(new Op.ReadUnlock(cpu));
            }
            if (r.section() == ReadSection.IRQ_OFF && b.kinds().contains(OpKind.IRQ_ON)) {
                sink.accept(new Op.IrqOn(cpu));
            }
        }
        if (b.kinds().contains(OpKind.RUN_CALLBACK)) {
            int eligible = m.eligibleCallbackCount();
            for (int k = 0; k < eligible; k++) {
                sink.accept(new Op.RunCallback(k));
            }
        }
        if (b.kinds().contains(OpKind.RCU_BARRIER) && !readerInside && m.callbackCount() != 0) {
            sink.accept(new Op.RcuBarrier());
        }
        if (b.kinds().contains(OpKind.EXIT_MM)) {
            for (int mm = 0; mm < b.mms(); mm++) {
                Mm used = m.usedMm(mm);
                if (used != null && !used.exited() && !mmHeldThroughVma(m, mm)) {
                    sink.accept(new Op.ExitMm(mm));
                }
            }
        }
    }

    /**
     * Whether a walker under {@code rcu_read_lock()} holds {@code table}: it found it through its
     * VMA, and {@code free_pgtables()}, which unlinks the VMA first, waits for it.
     */
    public static boolean heldThroughVma(Machine m, int table) {
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            Reader r = m.reader(cpu);
            if (r.section() == ReadSection.RCU && r.holds(table)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #heldThroughVma} for any attached table of {@code mm}: {@code exit_mmap()} frees them all. */
    public static boolean mmHeldThroughVma(Machine m, int mm) {
        if (!m.anyReaderInside()) {
            return false;
        }
        for (int id = 0; id < m.tableCount(); id++) {
            Table t = m.table(id);
            if (t.mm() == mm && t.attached() && heldThroughVma(m, t.id())) {
                return true;
            }
        }
        return false;
    }
}
