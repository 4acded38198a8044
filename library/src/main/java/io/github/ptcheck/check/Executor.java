package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Event;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.model.TlbContext;
import io.github.ptcheck.model.Yield;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.RcuHead;
import io.github.ptcheck.rcu.Reach;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs sequences of operations against one strategy on one preset, deterministically: the
 * operation semantics of spec section 7, then the teardown every run ends with (every reader
 * leaves, every live mm exits, {@code rcu_barrier()}), then the leak check.
 */
public final class Executor {

    /** Callbacks one {@code rcu_barrier()} may run before the strategy is declared looping. */
    public static final int BARRIER_LIMIT = 10_000;

    private final Preset preset;
    private final Strategy strategy;
    /** The strategy's name and mm code, read once: a method that throws is reported here, not deep in a run. */
    private final String name;
    private final MmConfig mmConfig;

    /** @throws StrategyFailure if the strategy's {@code name()} or {@code mmConfig()} throws or gives nothing */
    public Executor(Preset preset, Strategy strategy) {
        this.preset = Objects.requireNonNull(preset, "preset must not be null");
        this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
        this.name = StrategyMethods.name(strategy);
        this.mmConfig = StrategyMethods.mmConfig(strategy);
    }

    /** The generic mm code the strategy runs with, as read when this executor was made. */
    public MmConfig mmConfig() {
        return mmConfig;
    }

    public Preset preset() {
        return preset;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The strategy's name, as read when this executor was made. */
    public String name() {
        return name;
    }

    /** The machine every run starts from. */
    public Machine boot() {
        return Machine.boot(preset, mmConfig);
    }

    /** Runs {@code ops} and the teardown; no trace (fast). */
    public Outcome run(Seq<Op> ops) {
        return execute(ops, false);
    }

    /** Runs {@code ops} and the teardown, recording every step. */
    public Outcome trace(Seq<Op> ops) {
        return execute(ops, true);
    }

    private Outcome execute(Seq<Op> seq, boolean tracing) {
        Objects.requireNonNull(seq, "ops must not be null");
        Vector<Op> ops = Vector.ofAll(seq);
        if (ops.contains(null)) {
            throw new IllegalArgumentException("ops must not contain null (at index " + ops.indexOf(null) + ")");
        }
        Machine m = boot().tracing(tracing);
        Vector<Step> steps = Vector.empty();
        int executed = 0;
        int skipped = 0;
        int n = 0;
        for (Op op : ops) {
            n++;
            Applied a = apply(m, op, n);
            if (tracing) {
                steps = steps.append(step(n, op, false, a));
            }
            if (a.violated()) {
                return new Outcome(preset, name, ops, Option.of(a.violation()), steps, executed, skipped);
            }
            if (a.wasSkipped()) {
                skipped++;
            } else {
                executed++;
            }
            m = a.machine();
        }
        return teardown(ops, m, n, tracing, steps, executed, skipped, Schedule.SEQUENTIAL, Vector.empty());
    }

    /**
     * The end every run has, after the sequence's {@code n} operations left machine {@code m}:
     * readers leave, live mms exit, {@code rcu_barrier()}, each a step of its own; then the leak
     * check. The interleaved runs of {@code io.github.ptcheck.sched} end here too.
     */
    public Outcome teardown(Vector<Op> ops, Machine m, int n, boolean tracing, Vector<Step> steps, int executed,
                            int skipped, Schedule schedule, Vector<Turn> turns) {
        for (Op op : teardownOps(m)) {
            n++;
            Applied a = apply(m, op, n);
            if (tracing) {
                steps = steps.append(step(n, op, true, a));
            }
            if (a.violated()) {
                return new Outcome(preset, name, ops, Option.of(a.violation()), steps, executed, skipped,
                        schedule, turns);
            }
            executed += a.wasSkipped() ? 0 : 1;
            m = a.machine();
        }
        Option<Violation> leak = leakCheck(m, n);
        return new Outcome(preset, name, ops, leak, steps, executed, skipped, schedule, turns);
    }

    /** The step of a traced run for an operation that {@code a} applied. */
    public static Step stepOf(int n, Op op, boolean teardown, Applied a) {
        return step(n, op, teardown, a);
    }

    private static Step step(int n, Op op, boolean teardown, Applied a) {
        // A skipped or violated step hands back the machine from before it, whose log is the
        // previous step's: its own events are none, or those the violation carries.
        List<Event> events = a.violated() ? a.violation().events()
                : a.wasSkipped() ? List.empty() : a.machine().log();
        return new Step(n, op, teardown, Option.of(a.skipped()), events, a.machine(), Option.of(a.violation()));
    }

    /** The teardown operations for a machine: readers leave, live mms exit, rcu_barrier(). */
    public Vector<Op> teardownOps(Machine m) {
        return Vector.of(teardownOpArray(m));
    }

    /**
     * {@link #teardownOps} as an array, read from the machine by index (CPUs and mms in ascending
     * order): the explorer asks for it once per state. Shared by every machine whose first CPUs
     * are inside the same sections and whose first mms are the live ones: read it, do not write it.
     */
    public Op[] teardownOpArray(Machine m) {
        int key = teardownKey(m);
        if (key < 0) {
            return buildTeardown(m);
        }
        Op[] ops = teardowns.get(key);
        if (ops == null) {
            ops = buildTeardown(m);
            teardowns.set(key, ops);
        }
        return ops;
    }

    // The teardowns of machines whose readers are among the first KEYED CPUs and whose live mms
    // among the first KEYED mms, by teardownKey: built once each rather than per state (an Op[]
    // was one in sixty bytes the explorer allocated). Any thread may fill a slot; the same array.
    private static final int KEYED = 4;
    private final AtomicReferenceArray<Op[]> teardowns = new AtomicReferenceArray<>(1 << 3 * KEYED);

    /**
     * What {@code m}'s teardown depends on, as a number below {@code 1 << 3 * KEYED}: two bits a CPU
     * (none, rcu_read_lock, local_irq_save), a bit a live mm; -1 if it goes beyond the first KEYED.
     */
    private static int teardownKey(Machine m) {
        int key = 0;
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            if (cpu >= KEYED) {
                return -1;
            }
            key |= (m.reader(cpu).section() == ReadSection.RCU ? 1 : 2) << 2 * cpu;
        }
        for (int id = m.nextUsedMm(0); id >= 0; id = m.nextUsedMm(id + 1)) {
            if (!m.usedMm(id).exited()) {
                if (id >= KEYED) {
                    return -1;
                }
                key |= 1 << 2 * KEYED + id;
            }
        }
        return key;
    }

    private static Op[] buildTeardown(Machine m) {
        Op[] ops = new Op[m.readerCount() + m.mmCount() + 1];
        int n = 0;
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            boolean rcu = m.reader(cpu).section() == ReadSection.RCU;
            ops[n++] = cpu < SHARED_OPS ? (rcu ? READ_UNLOCK[cpu] : IRQ_ON[cpu]) : rcu ? new Op.ReadUnlock(cpu)
                    : new Op.IrqOn(cpu);
        }
        for (int id = m.nextUsedMm(0); id >= 0; id = m.nextUsedMm(id + 1)) {
            Mm mm = m.usedMm(id);
            if (!mm.exited()) {
                ops[n++] = mm.id() < SHARED_OPS ? EXIT_MM[mm.id()] : new Op.ExitMm(mm.id());
            }
        }
        ops[n++] = RCU_BARRIER;
        return n == ops.length ? ops : java.util.Arrays.copyOf(ops, n);
    }

    /**
     * Whether {@link #teardownOpArray}{@code (m)} is {@code ops[from..]}, without building it: the
     * explorer asks after every teardown step whether what is left is the teardown of where it is.
     */
    public boolean teardownIs(Machine m, Op[] ops, int from) {
        int n = from;
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            if (n == ops.length) {
                return false;
            }
            Op o = ops[n++];
            boolean rcu = m.reader(cpu).section() == ReadSection.RCU;
            if (!(rcu ? o instanceof Op.ReadUnlock u && u.cpu() == cpu : o instanceof Op.IrqOn i && i.cpu() == cpu)) {
                return false;
            }
        }
        for (int id = m.nextUsedMm(0); id >= 0; id = m.nextUsedMm(id + 1)) {
            if (!m.usedMm(id).exited()) {
                if (n == ops.length || !(ops[n++] instanceof Op.ExitMm e && e.mm() == id)) {
                    return false;
                }
            }
        }
        return n == ops.length - 1 && ops[n] instanceof Op.RcuBarrier;
    }

    // The teardown's operations for the first CPUs and mms, shared.
    private static final int SHARED_OPS = 8;
    private static final Op RCU_BARRIER = new Op.RcuBarrier();
    private static final Op[] READ_UNLOCK = new Op[SHARED_OPS];
    private static final Op[] IRQ_ON = new Op[SHARED_OPS];
    private static final Op[] EXIT_MM = new Op[SHARED_OPS];

    static {
        for (int i = 0; i < SHARED_OPS; i++) {
            READ_UNLOCK[i] = new Op.ReadUnlock(i);
            IRQ_ON[i] = new Op.IrqOn(i);
            EXIT_MM[i] = new Op.ExitMm(i);
        }
    }

    /** Invariant 6: after the teardown no page may still be allocated. */
    public Option<Violation> leakCheck(Machine m, int step) {
        if (m.pageCount() == 0) {
            return Option.none();
        }
        int lowest = 0;
        while (m.pageOrNull(lowest) == null) {
            lowest++;
        }
        Page p = m.page(lowest);
        String tables = m.tablesOf(p.pfn()).map(Table::name).mkString(", ");
        return Option.of(new Violation(Invariant.LEAK, step, p.pfn(), "page", p.describe(), "still allocated",
                "page " + p.pfn() + " is still allocated after every mm exited, every reader left and"
                        + " rcu_barrier() ran" + (tables.isEmpty() ? "" : " (it held " + tables + ")")
                        + (p.refcount() > 1 && !p.pageTable() ? String.format("; its _refcount is 0x%08x, so"
                        + " __free_page() only dropped a reference (put_page_testzero() was false): the page"
                        + " was never freed, and no \"Bad page state\" is printed", p.refcount()) : "")
                        + (m.pageCount() > 1 ? "; " + (m.pageCount() - 1) + " more page(s) leaked" : ""),
                io.vavr.collection.List.empty()));
    }

    /**
     * Applies one operation to a machine: skipped if its precondition does not hold, else the
     * machine after it or the violation it hit (placed at {@code stepNo}).
     *
     * @throws StrategyFailure if the strategy throws, returns null or loops
     */
    public Applied apply(Machine before, Op op, int stepNo) {
        checkBooted(before, op);
        if (op instanceof Op.Fill || op instanceof Op.FreeTlbSiblings) {
            return PageWide.apply(this, before, op, stepNo);
        }
        return dispatch(before, before.beginOperation(), op, stepNo);
    }

    /**
     * {@link #apply} for the explorer, which applies operations by the million and reads of one
     * that ran only the machine after it: that machine on the right (mostly the strategy's own
     * {@code Either}, so nothing is allocated to say it ran), or on the left the {@link Applied} of
     * an operation that was skipped, broke an invariant, or ran several ({@code fill},
     * {@code freeTlbSiblings}).
     *
     * @throws StrategyFailure if the strategy throws, returns null or loops
     */
    public Either<Applied, Machine> advance(Machine before, Op op, int stepNo) {
        checkBooted(before, op);
        if (op instanceof Op.Fill || op instanceof Op.FreeTlbSiblings) {
            return Either.left(PageWide.apply(this, before, op, stepNo));
        }
        return operate(before, before.beginOperation(), op, stepNo);
    }

    private void checkBooted(Machine before, Op op) {
        Objects.requireNonNull(before, "machine must not be null");
        Objects.requireNonNull(op, "operation must not be null");
        if (before.config() != mmConfig && !before.config().equals(mmConfig)) {
            throw new IllegalArgumentException("the machine was booted with " + before.config() + " but "
                    + name + " runs with " + mmConfig + ": start from executor.boot()");
        }
        if (before.preset() != preset && !before.preset().equals(preset)) {
            throw new IllegalArgumentException("the machine was booted for preset " + before.preset().name()
                    + " but this executor runs preset " + preset.name() + ": start from executor.boot()");
        }
    }

    /**
     * Applies a plain operation to {@code m}, which is {@code before} ready for it (its log and
     * loop guard as the caller wants them): what {@link #apply} does once the operation begins,
     * and what a {@code fill} or {@code freeTlbSiblings} does for each operation it runs.
     */
    Applied dispatch(Machine before, Machine m, Op op, int stepNo) {
        Either<Applied, Machine> r = operate(before, m, op, stepNo);
        return r.isLeft() ? r.getLeft() : Applied.ran(r.get());
    }

    /** {@link #dispatch} as {@link #advance} gives it: the machine after {@code op}, or why there is none. */
    private Either<Applied, Machine> operate(Machine before, Machine m, Op op, int stepNo) {
        Either<Violation, Machine> r;
        if (op instanceof Op.Alloc a) {
            if (a.mm() < 0) {
                return skip(before, "no mm" + a.mm());
            }
            if (m.mm(a.mm()).exited()) {
                return skip(before, "mm" + a.mm() + " has exited");
            }
            Either<Violation, Strategy.Allocated> al = call(m, stepNo, op, "pte_alloc_one", Routine.PTE_ALLOC_ONE,
                    a.mm());
            r = al.isLeft() ? Either.left(al.getLeft()) : attach(al.get(), a.mm(), stepNo, op);
        } else if (op instanceof Op.Free f) {
            String why = notLive(m, f.table());
            if (why != null) {
                return skip(before, why);
            }
            if (m.anyReaderInside()) {
                return skip(before, "pte_free needs no walker inside a read-side section; cpu"
                        + m.nextCpuInside(0) + " is inside " + m.reader(m.nextCpuInside(0)).section().enter());
            }
            Machine d = m.detach(f.table(), Reach.NONE);
            r = call(d, stepNo, op, "pte_free", Routine.PTE_FREE, f.table());
        } else if (op instanceof Op.FreeDeferred f) {
            if (!m.preset().hasPteFreeDefer()) {
                return skip(before, m.preset().name() + " has no pte_free_defer (" + m.preset().source() + ")");
            }
            String why = notLive(m, f.table());
            if (why != null) {
                return skip(before, why);
            }
            if (m.scheduling() != null) {
                return retractPageTables(before, m, f.table(), stepNo, op);
            }
            Machine d = m.detach(f.table(), Reach.ALL);
            r = call(d, stepNo, op, "pte_free_defer", Routine.PTE_FREE_DEFER, f.table());
        } else if (op instanceof Op.FreeTlb || op instanceof Op.FreeTlbOne) {
            // free_pgtables(): the VMA is unlinked first, so only GUP-fast may still hold it.
            String why = notLive(m, op.table());
            if (why == null) {
                why = heldThroughVma(m, op.table());
            }
            if (why != null) {
                return skip(before, why);
            }
            r = pteFreeTlb(m, op.table(), Reach.GUP_FAST, op instanceof Op.FreeTlbOne, stepNo, op);
        } else if (op instanceof Op.Reclaim || op instanceof Op.ReclaimOne) {
            // PT_RECLAIM: zap_pte_range() frees an empty table with its VMA still linked.
            if (!m.config().ptReclaim()) {
                return skip(before, "PT_RECLAIM is not in this kernel (" + m.config() + ")");
            }
            String why = notLive(m, op.table());
            if (why != null) {
                return skip(before, why);
            }
            r = pteFreeTlb(m, op.table(), Reach.ALL, op instanceof Op.ReclaimOne, stepNo, op);
        } else if (op instanceof Op.ReadLock || op instanceof Op.IrqOff) {
            ReadSection section = op instanceof Op.ReadLock ? ReadSection.RCU : ReadSection.IRQ_OFF;
            if (op.cpu() < 0) {
                return skip(before, "no cpu" + op.cpu());
            }
            if (m.inReadSection(op.cpu())) {
                return skip(before, "cpu" + op.cpu() + " is already inside "
                        + m.reader(op.cpu()).section().enter());
            }
            r = Either.right(m.enter(op.cpu(), section));
        } else if (op instanceof Op.Lookup l) {
            if (!m.inReadSection(l.cpu())) {
                return skip(before, "cpu" + l.cpu() + " is not inside a read-side section"
                        + " (rcu_read_lock or local_irq_save)");
            }
            String why = notLive(m, l.table());
            if (why != null) {
                return skip(before, why);
            }
            if (m.reader(l.cpu()).holds(l.table())) {
                return skip(before, "cpu" + l.cpu() + " already holds t" + l.table());
            }
            r = m.lookup(l.cpu(), l.table());
        } else if (op instanceof Op.ReadUnlock || op instanceof Op.IrqOn) {
            ReadSection section = op instanceof Op.ReadUnlock ? ReadSection.RCU : ReadSection.IRQ_OFF;
            if (m.reader(op.cpu()) == null || m.reader(op.cpu()).section() != section) {
                return skip(before, "cpu" + op.cpu() + " is not inside " + section.enter());
            }
            r = Either.right(m.leave(op.cpu()));
        } else if (op instanceof Op.RunCallback c) {
            if (c.index() < 0 || !eligibleBeyond(m, c.index())) {
                int eligible = m.eligibleCallbackCount();
                return skip(before, eligible == 0 ? "no RCU callback is eligible to run"
                        : "only " + eligible + " RCU callback(s) eligible");
            }
            r = runCallback(m, c.index(), stepNo, op);
        } else if (op instanceof Op.RcuBarrier) {
            if (m.anyReaderInside()) {
                return skip(before, "rcu_barrier() cannot finish while cpu" + m.nextCpuInside(0)
                        + " is inside " + m.reader(m.nextCpuInside(0)).section().enter());
            }
            if (m.callbackCount() == 0) {
                return skip(before, "no RCU callback queued");
            }
            r = rcuBarrier(m, stepNo, op);
        } else if (op instanceof Op.ExitMm e) {
            if (m.usedMm(e.mm()) == null) {
                return skip(before, "mm" + e.mm() + " was never used");
            }
            if (m.mm(e.mm()).exited()) {
                return skip(before, "mm" + e.mm() + " has exited already");
            }
            String why = mmHeldThroughVma(m, e.mm());
            if (why == null) {
                why = mmWalkedByGupFast(m, e.mm());
            }
            if (why != null) {
                return skip(before, why);
            }
            r = exitMm(m, e.mm(), stepNo, op);
        } else {
            throw new IllegalArgumentException("unknown operation " + op);
        }
        return applied(before, r, stepNo);
    }

    /**
     * What an operation that began on {@code before} and ended in {@code r} did: a plain branch,
     * where {@code r.fold} would allocate a lambda capturing both on every operation.
     */
    @SuppressWarnings("unchecked")
    private static Either<Applied, Machine> applied(Machine before, Either<Violation, Machine> r, int stepNo) {
        // A Right holds no left value: r itself is the Either<Applied, Machine> of the machine after.
        return r.isLeft() ? Either.left(new Applied(before, r.getLeft().atStep(stepNo), null))
                : (Either<Applied, Machine>) (Either<?, Machine>) r;
    }

    /** {@code op} skipped on {@code before}: its precondition does not hold, {@code why}. */
    private static Either<Applied, Machine> skip(Machine before, String why) {
        return Either.left(Applied.skip(before, why));
    }

    /**
     * Whether more than {@code k} queued callbacks are eligible, looking no further than the
     * (k+1)-th: counting the whole queue for every {@code runCallback} made a long replay quadratic.
     */
    private static boolean eligibleBeyond(Machine m, int k) {
        int seen = 0;
        for (int i = 0; i < m.callbackCount(); i++) {
            if (m.callback(i).eligible() && seen++ == k) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code table} cannot be freed now (never allocated, already freed), or null. */
    static String notLive(Machine m, int table) {
        if (!m.tableExists(table)) {
            return "t" + table + " was never allocated";
        }
        if (!m.table(table).attached()) {
            return "t" + table + " is already freed";
        }
        return null;
    }

    /**
     * Why {@code free_pgtables()} cannot free {@code table} now, or null: it unlinks the VMA
     * first ({@code unlink_file_vma()} takes {@code i_mmap_rwsem} for writing, which waits for
     * the rmap walkers; page faults hold the mmap or VMA lock munmap excludes), so no walker
     * that found the table through the VMA still holds it when the table is freed.
     */
    private static String heldThroughVma(Machine m, int table) {
        if (!Alphabet.heldThroughVma(m, table)) {
            return null;
        }
        int cpu = m.nextCpuInside(0);
        while (!(m.reader(cpu).holds(table) && m.reader(cpu).section() == ReadSection.RCU)) {
            cpu = m.nextCpuInside(cpu + 1);
        }
        return "cpu" + cpu + " holds t" + table + " through its VMA (pte_offset_map_lock under rcu_read_lock):"
                + " free_pgtables() unlinks the VMA first, which waits for that walker";
    }

    /** {@link #heldThroughVma} for any attached table of the mm: {@code exit_mmap()} frees them all. */
    private static String mmHeldThroughVma(Machine m, int mm) {
        if (!Alphabet.mmHeldThroughVma(m, mm)) {
            return null;
        }
        return heldThroughVma(m, m.tables().find(t -> t.mm() == mm && t.attached()
                && Alphabet.heldThroughVma(m, t.id())).get().id());
    }

    /** Why a GUP-fast walker of {@code mm} keeps it from exiting, or null ({@link Alphabet#mmWalkedByGupFast}). */
    private static String mmWalkedByGupFast(Machine m, int mm) {
        int cpu = Alphabet.gupFastWalkerOf(m, mm);
        if (cpu < 0) {
            return null;
        }
        int table = m.reader(cpu).held().find(id -> m.table(id).mm() == mm).get();
        return "cpu" + cpu + " is in gup_fast on mm" + mm + " (it holds t" + table + "), which runs only on a thread"
                + " of mm" + mm + ": exit_mmap() waits until no thread of the mm is left";
    }

    /**
     * Detach {@code table} (walkers of {@code reach} may still hold it), then the architecture's
     * {@code pte_free_tlb}; with {@code batchFails}, {@code tlb_remove_table()} takes its
     * single-table fallback. A table the IPI-then-free fallback took is freed once
     * {@code tlb_remove_table_sync_one()} has returned, still in this operation.
     */
    private Either<Violation, Machine> pteFreeTlb(Machine m, int table, Reach reach, boolean batchFails,
                                                  int stepNo, Op op) {
        Machine d = m.detach(table, reach).withTlbContext(batchFails ? TlbContext.ONE : TlbContext.BATCH);
        Either<Violation, Machine> r = call(d, stepNo, op, "pte_free_tlb", Routine.PTE_FREE_TLB, table);
        if (r.isLeft()) {
            return r;
        }
        Machine after = r.get();
        Vector<Integer> waiting = after.tlbContext().syncOne();
        after = after.withTlbContext(TlbContext.BATCH);
        if (waiting.isEmpty()) {
            // Already in a batch context (the common case) the machine is the same: so is r.
            return after == r.get() ? r : Either.right(after);
        }
        Machine synced = after.tlbRemoveTableSyncOne();
        r = Either.right(synced);
        for (int t : waiting) {
            if (r.isLeft()) {
                return r;
            }
            Machine cur = r.get();
            r = call(cur, stepNo, op, "__tlb_remove_table", Routine.TLB_REMOVE_TABLE_FREE, t);
        }
        return r;
    }

    private Either<Violation, Machine> runCallback(Machine m, int k, int stepNo, Op op) {
        Machine.Taken taken = m.takeCallback(k);
        RcuCallback cb = taken.callback();
        Machine t = taken.machine();
        if (cb.head() instanceof RcuHead.OfBatch b) {
            return call(t, stepNo, op, "__tlb_remove_table", Routine.TLB_REMOVE_TABLE_FREE, b.table());
        }
        if (cb.table() >= 0) {
            // __tlb_remove_table_one_rcu(): the single-table fallback's callback, on the page's rcu_head.
            return call(t, stepNo, op, "__tlb_remove_table", Routine.TLB_REMOVE_TABLE_FREE, cb.table());
        }
        int pfn = ((RcuHead.OfPage) cb.head()).pfn();
        return call(t, stepNo, op, cb.func(), Routine.RCU_CALLBACK, pfn);
    }

    private Either<Violation, Machine> rcuBarrier(Machine m, int stepNo, Op op) {
        Either<Violation, Machine> r = Either.right(m);
        // Every callback queued now runs once; beyond those, callbacks that callbacks queue get
        // BARRIER_LIMIT runs before the strategy is declared looping.
        int limit = m.callbackCount() + BARRIER_LIMIT;
        RcuCallback last = null;
        for (int i = 0; i < limit; i++) {
            Machine cur = r.get();
            if (cur.callbackCount() == 0) {
                return r;
            }
            // No reader is inside, so every callback is eligible; run the oldest.
            last = cur.callback(0);
            r = runCallback(cur.refreshBudget(), 0, stepNo, op);
            if (r.isLeft()) {
                return r;
            }
        }
        throw new StrategyFailure(name, stepNo, op.toString(), "rcu_barrier", "loops: more than "
                + BARRIER_LIMIT + " callbacks queued by callbacks ran and the queue is not empty (the last to run: "
                + last + ")", null);
    }

    private Either<Violation, Machine> exitMm(Machine m0, int mm, int stepNo, Op op) {
        // mm_users is zero: no thread of the mm is left, so no GUP-fast walker of it either.
        Machine m = m0.exitMmBegin(mm);
        Either<Violation, Machine> r = call(m, stepNo, op, "arch_exit_mmap", Routine.ARCH_EXIT_MMAP, mm);
        // free_pgtables(): unlink_file_vma() takes i_mmap_rwsem, so it waits for a khugepaged
        // retract_page_tables() of this mm's tables that holds it (interleaved runs only).
        boolean interleaved = m.scheduling() != null;
        if (interleaved) {
            r = r.flatMap(x -> x.spinLock(Locks.iMmap(mm)));
        }
        for (int id = 0; id < m.tableCount(); id++) {
            Table t = m.table(id);
            if (r.isLeft()) {
                return r;
            }
            // free_pgtables() reads each pmd as it walks: in an interleaved run, what it is now.
            if (t.mm() == mm && r.get().readOnce().table(t.id()).attached()) {
                // Each table's pte_free_tlb gets the loop guard's full allowance: an mm with many
                // tables is no loop.
                // The VMA is unlinked (no RCU walker) and no thread is left (no GUP-fast): nobody.
                r = pteFreeTlb(r.get().refreshBudget(), t.id(), Reach.NONE, false, stepNo, op);
            }
        }
        if (interleaved) {
            r = r.flatMap(x -> x.spinUnlock(Locks.iMmap(mm)));
        }
        return r.isLeft() ? r : Either.right(r.get().exitMmDone(mm));
    }

    /**
     * {@code freeDeferred} in an interleaved run: khugepaged's {@code retract_page_tables()}
     * finds the table through the file's {@code i_mmap} tree under {@code i_mmap_lock_read()},
     * so it sees the table only if {@code free_pgtables()} has not taken it already: the table
     * is looked at again under that lock.
     */
    private Either<Applied, Machine> retractPageTables(Machine before, Machine m, int table, int stepNo, Op op) {
        String lock = Locks.iMmap(m.table(table).mm());
        Either<Violation, Machine> locked = m.spinLock(lock);
        if (locked.isRight() && !locked.get().table(table).attached()) {
            Either<Violation, Machine> u = locked.get().spinUnlock(lock);
            return u.isLeft() ? Either.left(new Applied(before, u.getLeft().atStep(stepNo), null))
                    : skip(before, "t" + table + " was freed by another CPU before i_mmap_lock was taken");
        }
        Either<Violation, Machine> r = locked.flatMap(l -> {
            Machine d = l.detach(table, Reach.ALL);
            return this.<Machine>call(d, stepNo, op, "pte_free_defer", Routine.PTE_FREE_DEFER, table);
        }).flatMap(x -> x.spinUnlock(lock));
        return applied(before, r, stepNo);
    }

    /**
     * Puts the table {@code pte_alloc_one} handed out in the pmd; a result that names no
     * machine, no slot or a fragment outside the page is the strategy's error, not a verdict.
     */
    private Either<Violation, Machine> attach(Strategy.Allocated al, int mm, int stepNo, Op op) {
        if (al.machine() == null || al.slot() == null) {
            throw new StrategyFailure(name, stepNo, op.toString(), "pte_alloc_one",
                    "returned null " + (al.machine() == null ? "machine" : "slot") + " in Allocated", null);
        }
        int frag = al.slot().frag();
        if (frag < 0 || frag >= preset.tablesPerPage()) {
            throw new StrategyFailure(name, stepNo, op.toString(), "pte_alloc_one",
                    "handed out fragment " + frag + " of page " + al.slot().pfn() + ", outside 0.."
                            + (preset.tablesPerPage() - 1) + " (" + preset.name() + " has "
                            + preset.tablesPerPage() + " table(s) per page)", null);
        }
        return al.machine().attach(mm, al.slot());
    }

    /**
     * The strategy's routines, for {@link #call}: named by a constant and an int argument rather
     * than by a lambda, which would be allocated on every call, capturing the machine.
     */
    private enum Routine { PTE_ALLOC_ONE, PTE_FREE, PTE_FREE_DEFER, PTE_FREE_TLB, TLB_REMOVE_TABLE_FREE, RCU_CALLBACK,
        ARCH_EXIT_MMAP }

    /**
     * Calls one routine of the strategy on {@code given}: {@code strategy}'s routine
     * {@code what} (its {@code arg} a table, an mm or, for an RCU callback {@code routine}, a pfn).
     * Under the {@link Watchdog} when on its worker (two ordered stores, no clock), with whatever
     * it throws, including an OutOfMemoryError, turned into a {@link StrategyFailure} naming it.
     */
    @SuppressWarnings("unchecked")
    private <T> Either<Violation, T> call(Machine given, int stepNo, Op op, String routine, Routine what, int arg) {
        Either<Violation, T> r;
        Watchdog.Worker w = Watchdog.enter(name, routine, stepNo, op);
        try {
            r = (Either<Violation, T>) switch (what) {
                case PTE_ALLOC_ONE -> strategy.pteAllocOne(given, arg);
                case PTE_FREE -> strategy.pteFree(given, given.table(arg));
                case PTE_FREE_DEFER -> strategy.pteFreeDefer(given, given.table(arg));
                case PTE_FREE_TLB -> strategy.pteFreeTlb(given, given.table(arg));
                case TLB_REMOVE_TABLE_FREE -> strategy.tlbRemoveTableFree(given, given.table(arg));
                case RCU_CALLBACK -> strategy.rcuCallback(given, routine, arg);
                case ARCH_EXIT_MMAP -> strategy.archExitMmap(given, arg);
            };
        } catch (Machine.StrategyLoopException e) {
            throw new StrategyFailure(name, stepNo, op.toString(), routine, "loops", e);
        } catch (StrategyFailure | Yield e) {
            throw e; // a failure already named, or an interleaved run's scheduler taking the CPU
        } catch (Machine.PageNotAllocated e) {
            if (given.scheduling() == null) {
                throw new StrategyFailure(name, stepNo, op.toString(), routine, "threw", e);
            }
            // Another CPU freed the page since this routine's last step: the kernel would read freed memory.
            return Either.left(Violation.of(Invariant.USE_AFTER_FREE, e.pfn(), "page", "page free", routine + " reads it",
                    routine + " reads page " + e.pfn() + ", which another CPU returned to the page allocator since"
                            + " this routine's last step"));
        } catch (OutOfMemoryError e) {
            // What the strategy allocated in this call is garbage once the stack unwinds to here.
            throw new StrategyFailure(name, stepNo, op.toString(), routine, "ran out of memory ("
                    + e.getMessage() + "; the heap is " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB)", null);
        } catch (InternalError | UnknownError e) {
            throw e; // the JVM's own, not the strategy's
        } catch (Throwable e) {
            // RuntimeExceptions, StackOverflowError, LinkageErrors, AssertionErrors, and checked
            // exceptions a strategy threw sneakily.
            throw new StrategyFailure(name, stepNo, op.toString(), routine, "threw", e);
        } finally {
            Watchdog.exit(w);
        }
        if (r == null || (r.isRight() ? r.get() : r.getLeft()) == null) {
            throw new StrategyFailure(name, stepNo, op.toString(), routine, "returned null", null);
        }
        if (r.isRight()) {
            Machine after = r.get() instanceof Strategy.Allocated al ? al.machine() : (Machine) r.get();
            Either<Violation, T> held = lockHeldAtReturn(given, after, routine);
            if (held != null) {
                return held;
            }
            if (given.scheduling() == null) {
                // In an interleaved run other CPUs change readers and tables between the steps.
                checkOwnOperationsUntouched(given, r.get(), stepNo, op, routine);
            }
        }
        return r;
    }

    /**
     * lockdep's "lock held when returning": a routine that returns with a spinlock its CPU took
     * during it (a lock the executor took around it, as {@code i_mmap_rwsem}, is not the routine's).
     */
    private static <T> Either<Violation, T> lockHeldAtReturn(Machine given, Machine after, String routine) {
        if (after == null || after.lockCount() == 0) {
            return null;
        }
        int cpu = after.scheduling() == null ? 0 : after.scheduling().cpu();
        io.vavr.Tuple2<String, Integer> held = after.locks()
                .find(l -> l._2 == cpu && !given.locks().getOrElse(l._1, -1).equals(cpu)).getOrNull();
        if (held == null) {
            return null;
        }
        return Either.left(Violation.of(Invariant.LOCKDEP, -1, held._1, "held", routine + " returned",
                "lock held when returning: " + routine + " returns with " + held._1 + " held"));
    }

    /**
     * Readers, tables and the queue's existing callbacks are the executor's: a strategy that
     * entered or left a read-side section, attached or detached a table, or dropped a queued
     * callback would step around the grace-period checks. Primitives never change the first two
     * (the machine keeps the same ones), and only append to the queue.
     */
    private void checkOwnOperationsUntouched(Machine given, Object result, int stepNo, Op op, String routine) {
        Machine after = result instanceof Strategy.Allocated al ? al.machine() : (Machine) result;
        if (after == null) {
            return;
        }
        if (after.tableCount() < given.tableCount()) {
            // Tables are never taken out of a machine (a freed one stays, detached): this one is older.
            throw new StrategyFailure(name, stepNo, op.toString(), routine, "returned a machine older than the one it"
                    + " was given (" + after.tableCount() + (after.tableCount() == 1 ? " table" : " tables") + ", the"
                    + " machine given has " + given.tableCount() + "; one kept from an earlier call? return the machine"
                    + " given, or one a primitive made from it)", null);
        }
        String what = null;
        if (!after.sameReaders(given)) {
            what = "changed the RCU readers (rcuReadLock/rcuReadUnlock/lookup)";
        } else if (!after.sameTables(given)) {
            what = "attached or detached a table (attach/detach/rcuReadUnlock)";
        } else if (!after.callbacksExtend(given)) {
            what = "took a queued RCU callback off the queue (takeCallback)";
        }
        if (what != null) {
            throw new StrategyFailure(name, stepNo, op.toString(), routine, what
                    + ", which only the executor may do (or returned a machine kept from an earlier call);", null);
        }
    }
}
