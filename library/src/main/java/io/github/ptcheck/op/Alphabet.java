package io.github.ptcheck.op;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
     * allocations by mm; fills by mm; then per table (by number) free, freeDeferred, freeTlb,
     * freeTlbOne, freeTlbSiblings, reclaim, reclaimOne; then per CPU (by number) readLock, irqOff, lookups by table,
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
            OpKind.FREE_TLB, OpKind.FREE_TLB_ONE, OpKind.FREE_TLB_SIBLINGS, OpKind.RECLAIM, OpKind.RECLAIM_ONE);
    private static final java.util.List<OpKind> CPU_OPS = java.util.List.of(OpKind.READ_LOCK, OpKind.IRQ_OFF,
            OpKind.LOOKUP, OpKind.READ_UNLOCK, OpKind.IRQ_ON);

    private static int group(Op op) {
        OpKind k = op.kind();
        return k == OpKind.ALLOC ? 0 : k == OpKind.FILL ? 1 : TABLE_OPS.contains(k) ? 2 : CPU_OPS.contains(k) ? 3
                : k == OpKind.RUN_CALLBACK ? 4 : k == OpKind.RCU_BARRIER ? 5 : 6;
    }

    private static int primary(Op op) {
        return switch (group(op)) {
            case 0, 1, 6 -> op.mm();
            case 2 -> op.table();
            case 3 -> op.cpu();
            case 4 -> op.index();
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
     * {@link #enabled} up to symmetry ({@link #forEachEnabledUpToSymmetry}), with the first
     * {@code perClass} tables of each class offered: 1 where operations run one after another (the
     * next is offered from the state this one leaves, in which the table it freed is no longer in
     * the class), 2 where two run overlapped (the interleaving search), so that a pair of
     * operations on two tables of one class is among the pairs.
     */
    public static Vector<Op> enabledUpToSymmetry(Machine m, Bounds b, int perClass) {
        // perClass 0: every table, as enabled() offers them.
        ArrayList<Op> ops = new ArrayList<>();
        forEachEnabled(m, b, ops::add, perClass);
        return Vector.ofAll(ops);
    }

    /**
     * Hands each operation of {@link #enabled} to {@code sink}, in the same order, without
     * building a collection: the generators call this once per generated operation.
     */
    public static void forEachEnabled(Machine m, Bounds b, Consumer<Op> sink) {
        forEachEnabled(m, b, sink, 0);
    }

    /**
     * {@link #forEachEnabled} up to symmetry (Ip and Dill, "Better verification through
     * symmetry", 1996): where operations differ only in which of some interchangeable things they
     * name, the first of those things stands for all of them, and the searches branch over it alone.
     * <ul>
     * <li><b>Idle CPUs.</b> A CPU outside every read-side section appears nowhere in the machine's
     * state: leaving a section takes it out of every table's and callback's {@code waitFor}, the
     * tables a walker holds are its section's, and no spinlock is held between operations. Two
     * idle CPUs are so interchangeable, and entering a section ({@code rcu_read_lock}, IRQs off)
     * is offered on the lowest idle CPU only: entering on another leads to the same states but
     * for the CPUs' names.</li>
     * <li><b>Unused mms.</b> An mm no table was ever allocated for appears nowhere either (no
     * tables, pages, lists or {@code pte_frag} cursor of its own), so {@code alloc} and
     * {@code fill} are offered on the lowest unused mm only, and on every mm in use.</li>
     * <li><b>A page's fragments.</b> Attached tables of one page and one mm that the same CPUs
     * hold (none, mostly) differ only in their names and fragment numbers, so freeing or looking
     * up any of them leads to the same states but for those names, and only the first of them
     * (the lowest name) is offered. A fill makes 16 or 256 such tables, and without this the
     * searches would branch over each. It applies only where {@code fill} is offered, on presets
     * with more than two tables per page ({@link PageFill#offered}); s390's two halves, told
     * apart by their bits, and whole-page tables are searched table by table.</li>
     * </ul>
     * This assumes the strategy treats CPUs, mms and a page's fragments alike (it looks at none
     * of their numbers, as the kernel's code does not), and that the teardown's verdict does not
     * depend on the order in which walkers leave (leaving only takes a CPU out of the
     * {@code waitFor} sets) and mms exit (each exit frees its own mm's tables). The explorer's
     * switch ({@code Explorer.withSymmetry(false)}) turns all three off for a strategy that does not.
     */
    public static void forEachEnabledUpToSymmetry(Machine m, Bounds b, Consumer<Op> sink) {
        forEachEnabled(m, b, sink, 1);
    }

    /**
     * {@link #forEachEnabledUpToSymmetry} with the first {@code perClass} of each class (tables,
     * idle CPUs, unused mms) offered, or everything ({@link #forEachEnabled}) for 0: the explorer
     * with symmetry reduction switched off.
     */
    public static void forEachEnabledUpToSymmetry(Machine m, Bounds b, int perClass, Consumer<Op> sink) {
        forEachEnabled(m, b, sink, perClass);
    }

    /** @param perClass tables, idle CPUs and unused mms offered per class of interchangeable ones; 0 for all */
    private static void forEachEnabled(Machine m, Bounds b, Consumer<Op> sink, int perClass) {
        boolean[] stands = perClass > 0 && PageFill.offered(m) ? representatives(m, perClass) : null;
        long kinds = kindMask(b);
        boolean free = has(kinds, OpKind.FREE);
        boolean freeDeferred = has(kinds, OpKind.FREE_DEFERRED) && m.preset().hasPteFreeDefer();
        boolean freeTlb = has(kinds, OpKind.FREE_TLB);
        boolean freeTlbOne = has(kinds, OpKind.FREE_TLB_ONE);
        boolean reclaim = m.config().ptReclaim() && has(kinds, OpKind.RECLAIM);
        boolean reclaimOne = m.config().ptReclaim() && has(kinds, OpKind.RECLAIM_ONE);
        if (m.tableCount() < b.maxTables()) {
            // A fill may take the run past maxTables, by the rest of one page at the most.
            int fresh = 0;
            for (int mm = 0; has(kinds, OpKind.ALLOC) && mm < b.mms(); mm++) {
                if (m.usedMm(mm) == null && perClass > 0 && fresh++ >= perClass) {
                    continue; // an unused mm like those offered already
                }
                if (!m.mm(mm).exited()) {
                    sink.accept(new Op.Alloc(mm));
                }
            }
            fresh = 0;
            for (int mm = 0; has(kinds, OpKind.FILL) && PageFill.offered(m) && mm < b.mms(); mm++) {
                if (m.usedMm(mm) == null && perClass > 0 && fresh++ >= perClass) {
                    continue;
                }
                if (!m.mm(mm).exited() && PageFill.hasRoom(m, mm)) {
                    sink.accept(new Op.Fill(mm));
                }
            }
        }
        boolean readerInside = m.anyReaderInside();
        HashMap<Long, Integer> freeable = has(kinds, OpKind.FREE_TLB_SIBLINGS) && PageFill.offered(m)
                ? freeablePerPage(m) : null;
        int tables = m.tableCount();
        for (int id = 0; id < tables; id++) {
            Table t = m.table(id);
            if (!t.attached() || (stands != null && !stands[id])) {
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
            if (freeable != null && freeable.getOrDefault(pageOf(t), 0) - (heldThroughVma(m, id) ? 0 : 1) > 0) {
                sink.accept(new Op.FreeTlbSiblings(t.id()));
            }
            if (reclaim) {
                sink.accept(new Op.Reclaim(t.id()));
            }
            if (reclaimOne) {
                sink.accept(new Op.ReclaimOne(t.id()));
            }
        }
        int idle = 0;
        for (int cpu = 0; cpu < b.cpus(); cpu++) {
            Reader r = m.reader(cpu);
            if (r == null) {
                if (perClass > 0 && idle++ >= perClass) {
                    continue; // an idle CPU like those offered already
                }
                if (has(kinds, OpKind.READ_LOCK)) {
                    sink.accept(new Op.ReadLock(cpu));
                }
                if (has(kinds, OpKind.IRQ_OFF)) {
                    sink.accept(new Op.IrqOff(cpu));
                }
                continue;
            }
            if (has(kinds, OpKind.LOOKUP)) {
                for (int id = 0; id < tables; id++) {
                    Table t = m.table(id);
                    if (t.attached() && !r.holds(t.id()) && (stands == null || stands[id])) {
                        sink.accept(new Op.Lookup(cpu, t.id()));
                    }
                }
            }
            if (r.section() == ReadSection.RCU && has(kinds, OpKind.READ_UNLOCK)) {
                sink.accept(new Op.ReadUnlock(cpu));
            }
            if (r.section() == ReadSection.IRQ_OFF && has(kinds, OpKind.IRQ_ON)) {
                sink.accept(new Op.IrqOn(cpu));
            }
        }
        if (has(kinds, OpKind.RUN_CALLBACK)) {
            int eligible = m.eligibleCallbackCount();
            HashMap<Object, Integer> seen = stands == null ? null : new HashMap<>();
            int k = 0;
            for (int i = 0; k < eligible; i++) {
                RcuCallback cb = m.callback(i);
                if (!cb.eligible()) {
                    continue;
                }
                if (seen == null || seen.merge(interchangeable(m, cb), 1, Integer::sum) <= perClass) {
                    sink.accept(new Op.RunCallback(k));
                }
                k++;
            }
        }
        if (has(kinds, OpKind.RCU_BARRIER) && !readerInside && m.callbackCount() != 0) {
            sink.accept(new Op.RcuBarrier());
        }
        if (has(kinds, OpKind.EXIT_MM)) {
            for (int mm = 0; mm < b.mms(); mm++) {
                Mm used = m.usedMm(mm);
                if (used != null && !used.exited() && !mmHeldThroughVma(m, mm) && gupFastWalkerOf(m, mm) < 0) {
                    sink.accept(new Op.ExitMm(mm));
                }
            }
        }
    }

    /** A set of operation kinds as a mask of their ordinals, and the set it was made from. */
    private record KindMask(io.vavr.collection.Set<OpKind> kinds, long mask) {
    }

    /** The mask of the bounds last asked for: the searches ask at every state they expand, with one set. */
    private static volatile KindMask lastKinds;

    private static long kindMask(Bounds b) {
        KindMask last = lastKinds;
        if (last != null && last.kinds() == b.kinds()) {
            return last.mask();
        }
        long mask = 0;
        for (OpKind k : b.kinds()) {
            mask |= 1L << k.ordinal();
        }
        lastKinds = new KindMask(b.kinds(), mask);
        return mask;
    }

    private static boolean has(long kinds, OpKind k) {
        return (kinds & (1L << k.ordinal())) != 0;
    }

    /**
     * For each table, whether it stands for its class: among the first {@code perClass} attached
     * tables of its page, mm and holding CPUs (detached tables are not offered anyway).
     */
    private static boolean[] representatives(Machine m, int perClass) {
        boolean[] stands = new boolean[m.tableCount()];
        HashMap<Interchangeable, Integer> seen = new HashMap<>();
        for (int id = 0; id < stands.length; id++) {
            Table t = m.table(id);
            if (t.attached()) {
                long holders = 0;
                for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
                    holders |= m.reader(cpu).holds(id) ? 1L << cpu : 0;
                }
                stands[id] = seen.merge(new Interchangeable(t.pfn(), t.mm(), holders), 1, Integer::sum) <= perClass;
            }
        }
        return stands;
    }

    /** Tables of one page and mm that the same CPUs hold ({@code holders}, a bit per CPU). */
    private record Interchangeable(int pfn, int mm, long holders) {
    }

    /**
     * What an eligible callback is, up to the names of a page's fragments: a callback that frees
     * one table ({@code tlb_remove_table()}'s batch, which the model keeps per table, or its
     * single-table fallback on the page's head) by its function, head kind and the table's page,
     * mm, state and holders, so that running the callback of any of a page's tables freed alike
     * leads to the same states but for names; a page's callback by itself, so that only equal ones
     * stand for each other. After {@code exitMm} of a full page that is 256 callbacks to one.
     */
    private static Object interchangeable(Machine m, RcuCallback cb) {
        if (cb.table() < 0) {
            return cb;
        }
        Table t = m.table(cb.table());
        long holders = 0;
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            holders |= m.reader(cpu).holds(t.id()) ? 1L << cpu : 0;
        }
        return List.of(cb.func(), cb.head().getClass(), t.pfn(), t.mm(), t.attached(), t.waitFor(), holders);
    }

    /**
     * Per page and mm, the attached tables {@code freeTlb} could free now (no walker under
     * {@code rcu_read_lock()} holds them through their VMA): a table has a sibling to free when
     * its page and mm count one besides itself ({@link PageFill#hasSiblingToFree}, for all tables at once).
     */
    private static HashMap<Long, Integer> freeablePerPage(Machine m) {
        HashMap<Long, Integer> n = new HashMap<>();
        for (int id = 0; id < m.tableCount(); id++) {
            Table t = m.table(id);
            if (t.attached() && !heldThroughVma(m, id)) {
                n.merge(pageOf(t), 1, Integer::sum);
            }
        }
        return n;
    }

    private static long pageOf(Table t) {
        return ((long) t.pfn() << 32) | t.mm();
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

    /**
     * The first CPU with interrupts off that holds a table of {@code mm}, or -1. GUP-fast walks
     * only {@code current->mm}: such a CPU runs a thread of {@code mm}, so the mm cannot exit
     * until it has left ({@code exit_mmap()} runs once no thread of the mm is left).
     */
    public static int gupFastWalkerOf(Machine m, int mm) {
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            Reader r = m.reader(cpu);
            if (r.section() == ReadSection.IRQ_OFF && !r.held().isEmpty() && r.held().exists(id -> m.table(id).mm() == mm)) {
                return cpu;
            }
        }
        return -1;
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
