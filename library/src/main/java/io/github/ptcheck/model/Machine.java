package io.github.ptcheck.model;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.Reach;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.github.ptcheck.rcu.RcuCallback;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Every piece of state the model has, as one immutable value: the allocated pages and their
 * descriptor fields (with their split ptlocks), per-mm state, the tables handed out, the
 * readers per CPU and the queued RCU callbacks (page {@code rcu_head}s, mmu_gather batches).
 *
 * <p>Strategies change it only through the kernel primitives below, named as in the kernel.
 * Each primitive carries the checks of spec section 6 that concern it and returns
 * {@code Either<Violation, Machine>}: a strategy cannot break an invariant without the
 * primitive reporting it. Reads ({@link #page}, {@link #mm}, {@link #table}) are plain.
 * The primitives' bodies live beside this file, a file per kernel subsystem
 * ({@link PageAllocator}, {@link PageTablePage}, {@link PageFlags}, {@link Atomics},
 * {@link Lists}, {@link Rcu}, {@link Walkers}); this class holds the state and the API.
 *
 * <p>Two machines are equal when their kernel state is; the trace log and the loop guard
 * are not state.
 */
public final class Machine {

    /** Primitive calls allowed in one operation before the strategy is declared looping. */
    public static final int PRIMITIVES_PER_OPERATION = 100_000;

    private final Preset preset;
    private final MmConfig config;
    private final Map<Integer, Page> pages;
    private final Map<Integer, Mm> mms;
    private final Vector<Table> tables;
    /** CPU to its read-side section; a CPU is inside one iff it is a key. */
    private final TreeMap<Integer, Reader> readers;
    private final Vector<RcuCallback> callbacks;
    /** Spinlocks held, by name, to the CPU holding them; empty between operations. */
    private final TreeMap<String, Integer> locks;

    // Not state: excluded from equals and hashCode.
    private final List<Event> log;
    private final boolean tracing;
    private final int budget;
    /** Inside one operation: its mmu_gather context (executor only). */
    private final TlbContext tlb;
    /** In an interleaved run, the CPU of the routine this snapshot was handed to; else null. */
    private final Scheduling ctx;
    /** Derived from {@code pages}: where {@code alloc_page()} finds the lowest free pfn. */
    private final FreePfns free;
    private int hash;

    private Machine(Preset preset, MmConfig config, Map<Integer, Page> pages, Map<Integer, Mm> mms,
                    Vector<Table> tables, TreeMap<Integer, Reader> readers, Vector<RcuCallback> callbacks,
                    TreeMap<String, Integer> locks, List<Event> log, boolean tracing, int budget, TlbContext tlb,
                    Scheduling ctx, FreePfns free) {
        this.preset = preset;
        this.config = config;
        this.pages = pages;
        this.mms = mms;
        this.tables = tables;
        this.readers = readers;
        this.callbacks = callbacks;
        this.locks = locks;
        this.log = log;
        this.tracing = tracing;
        this.budget = budget;
        this.tlb = tlb;
        this.ctx = ctx;
        this.free = free;
    }

    /** A machine with no page allocated, no mm, no reader inside and nothing queued, running 6.6's generic mm code. */
    public static Machine boot(Preset preset) {
        return boot(preset, MmConfig.V6_6);
    }

    /** {@link #boot(Preset)} with the generic mm code of another version. */
    public static Machine boot(Preset preset, MmConfig config) {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(config, "config");
        return new Machine(preset, config, HashMap.empty(), HashMap.empty(), Vector.empty(), TreeMap.empty(), Vector.empty(), TreeMap.empty(), List.empty(), false, PRIMITIVES_PER_OPERATION, TlbContext.BATCH, null, FreePfns.ALL);
    }

    // ------------------------------------------------------------------ reads

    public Preset preset() {
        return preset;
    }

    /** The generic mm code this machine runs: the mmu_gather fallback, PT_RECLAIM. */
    public MmConfig config() {
        return config;
    }

    /** Allocated pages by pfn. */
    public Map<Integer, Page> pages() {
        return pages;
    }

    public boolean pageAllocated(int pfn) {
        return pages.getOrElse(pfn, null) != null; // containsKey would allocate an Option
    }

    /**
     * The allocated page {@code pfn}.
     *
     * @throws IllegalStateException if it is not allocated (a strategy bug: check
     *                               {@link #pageAllocated} first)
     */
    public Page page(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            throw new PageNotAllocated(pfn);
        }
        return p;
    }

    /**
     * A strategy read a page that is not allocated: a strategy bug in a run of its own; in an
     * interleaved run, where another CPU may have freed the page since, a use after free (the
     * executor reports it so).
     */
    public static final class PageNotAllocated extends IllegalStateException {
        private final int pfn;

        PageNotAllocated(int pfn) {
            super("page " + pfn + " is not allocated");
            this.pfn = pfn;
        }

        public int pfn() {
            return pfn;
        }
    }

    /** The mm {@code id}; an mm not used yet reads as fresh. */
    public Mm mm(int id) {
        Mm mm = mms.getOrElse(id, null);
        return mm == null ? Mm.fresh(id) : mm;
    }

    /** The mms that have been used, by number. */
    public Map<Integer, Mm> mms() {
        return mms;
    }

    public Vector<Table> tables() {
        return tables;
    }

    public Table table(int id) {
        return tables.get(id);
    }

    public boolean tableExists(int id) {
        return id >= 0 && id < tables.size();
    }

    /** The tables whose memory is in page {@code pfn}, by fragment. */
    public List<Table> tablesOf(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        return p == null ? List.empty() : p.frags().values().map(tables::get).toList();
    }

    /** CPUs inside a read-side section, to their section (its kind and the tables looked up). */
    public TreeMap<Integer, Reader> readers() {
        return readers;
    }

    public boolean inReadSection(int cpu) {
        return readers.containsKey(cpu);
    }

    /** The section {@code cpu} is inside, or null. */
    public Reader reader(int cpu) {
        return readers.getOrElse(cpu, null);
    }

    public boolean anyReaderInside() {
        return !readers.isEmpty();
    }

    /** Queued RCU callbacks, oldest first. */
    public Vector<RcuCallback> callbacks() {
        return callbacks;
    }

    /** Callbacks whose readers have all left, oldest first: any of them may run next. */
    public Vector<RcuCallback> eligibleCallbacks() {
        return callbacks.filter(RcuCallback::eligible);
    }

    /** What the kernel did since tracing started or the log was last taken, oldest first. */
    public List<Event> log() {
        return log.reverse();
    }

    public boolean tracing() {
        return tracing;
    }

    // --------------------------------------------------------------- plumbing

    /** The empty set of CPUs (or of tables), shared: most sets of CPUs in a state are empty. */
    static final TreeSet<Integer> NO_CPUS = TreeSet.empty();

    private static final java.util.concurrent.atomic.AtomicReferenceArray<SortedSet<Integer>> CPU_SETS =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(256);

    /** The CPUs inside a read-side section now (of either kind). */
    SortedSet<Integer> readersInside() {
        return readersInside(null);
    }

    /**
     * The CPUs inside a read-side section of kind {@code section} now, or of any kind if it is
     * null. One immutable set per combination of CPUs 0..7, shared, instead of a new tree each call.
     */
    SortedSet<Integer> readersInside(ReadSection section) {
        if (readers.isEmpty()) {
            return NO_CPUS;
        }
        int mask = 0;
        for (io.vavr.Tuple2<Integer, Reader> r : readers) {
            int cpu = r._1;
            if (section != null && r._2.section() != section) {
                continue;
            }
            if (cpu < 0 || cpu >= 8) {
                return readers.filter(e -> section == null || e._2.section() == section).keySet();
            }
            mask |= 1 << cpu;
        }
        SortedSet<Integer> cpus = CPU_SETS.get(mask);
        if (cpus == null) {
            TreeSet<Integer> s = NO_CPUS;
            for (int cpu = 0; cpu < 8; cpu++) {
                if ((mask & (1 << cpu)) != 0) {
                    s = s.add(cpu);
                }
            }
            cpus = s;
            CPU_SETS.set(mask, cpus);
        }
        return cpus;
    }

    Page pageOrNull(int pfn) {
        return pages.getOrElse(pfn, null);
    }

    /** The machine with these parts of its state replaced; one step of the loop guard. */
    Machine with(Map<Integer, Page> pages, Map<Integer, Mm> mms, Vector<Table> tables,
                 TreeMap<Integer, Reader> readers, Vector<RcuCallback> callbacks, Event event) {
        return with(pages, mms, tables, readers, callbacks, event, free);
    }

    /** {@link #with}, for the allocator, which allocates or frees a page and so changes the free pfns. */
    Machine with(Map<Integer, Page> pages, Map<Integer, Mm> mms, Vector<Table> tables,
                 TreeMap<Integer, Reader> readers, Vector<RcuCallback> callbacks, Event event, FreePfns free) {
        if (budget <= 0) {
            throw new StrategyLoopException();
        }
        List<Event> l = tracing && event != null ? log.prepend(event) : log;
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, locks, l, tracing, budget - 1, tlb, ctx, free);
    }

    /** The free pfns, for the allocator. */
    FreePfns free() {
        return free;
    }

    Machine withPage(Page p, String event) {
        return with(pages.put(p.pfn(), p), mms, tables, readers, callbacks,
                event == null ? null : new Event(event, p.pfn()));
    }

    Machine withMm(Mm mm, String event) {
        return with(pages, mms.put(mm.id(), mm), tables, readers, callbacks,
                event == null ? null : new Event(event, -1));
    }

    /** The same state, recording events from now on (or not). */
    public Machine tracing(boolean on) {
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, locks, List.empty(), on, budget, tlb, ctx, free);
    }

    /** The same state with an empty log and a fresh loop guard: the executor calls it before each operation. */
    public Machine beginOperation() {
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, locks, List.empty(), tracing, PRIMITIVES_PER_OPERATION, TlbContext.BATCH, ctx, free);
    }

    /** The same state and log with a fresh loop guard: each callback an rcu_barrier() runs gets one. */
    public Machine refreshBudget() {
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, locks, log, tracing, PRIMITIVES_PER_OPERATION, tlb, ctx, free);
    }

    /**
     * Adds a line of narrative to the trace: a strategy's explanation of a decision. It counts
     * against the loop guard like a primitive, so a loop that only notes still ends.
     */
    public Machine note(String text) {
        if (budget <= 0) {
            throw new StrategyLoopException();
        }
        if (ctx != null && !ctx.inStep()) {
            if (tracing) {
                ctx.note(new Event(text, -1));
            }
            return this;
        }
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, locks, tracing ? log.prepend(new Event(text, -1)) : log, tracing, budget - 1, tlb, ctx, free);
    }

    /**
     * The same as {@link #note(String)}, the text built only while tracing: for narrative that
     * costs string building on a path the model runs millions of times.
     */
    public Machine note(Supplier<String> text) {
        return note(tracing ? text.get() : "");
    }

    static Either<Violation, Machine> ok(Machine m) {
        return Either.right(m);
    }

    Either<Violation, Machine> fail(Invariant inv, int pfn, String field, String before, String after,
                                    String detail) {
        Violation v = Violation.of(inv, pfn, field, before, after, detail);
        return Either.left(tracing ? v.withEvents(log()) : v);
    }

    /**
     * A write to a page that is no longer allocated is a use after free by the kernel itself;
     * the violation names the field written ({@code flags}, {@code lru}, ...) and the call.
     * Primitives look the page up themselves and call this when it is not there.
     */
    Either<Violation, Machine> writeAfterFree(int pfn, String field, String call) {
        return fail(Invariant.USE_AFTER_FREE, pfn, field, "page free", call,
                call + " writes " + field + " of page " + pfn + ", which was already returned to the page allocator");
    }

    /*
     * Event text is built only while tracing (an untraced run never reads it): a primitive
     * passes "tracing ? text : null", and the texts a failure needs are built on that path.
     */

    // ------------------------------------------------------- page allocator

    /** What {@link #allocPage} returns: the new machine and the page it allocated. */
    public record PageAlloc(Machine machine, int pfn) {
    }

    /**
     * {@code alloc_page()}: the lowest free pfn, {@code _refcount} 1, no flags, its words
     * unused. Lowest-free reuse keeps states canonical and lets a freed page come back.
     */
    public PageAlloc allocPage() {
        return ctx == null ? PageAllocator.allocPage(this) : ctx.step(m -> PageAllocator.allocPage(m));
    }

    /**
     * {@code __free_page()}: {@code put_page_testzero()} drops the allocation reference; when it
     * was the last, the page goes back to the allocator after the allocator's own checks
     * ({@code free_pages_prepare}) and ours: no table in it may be attached or waiting for its
     * grace period. When it was not the last ({@code _refcount} above 1), nothing is freed and
     * nobody holds the page any more: it leaks, and the teardown's leak check reports it.
     */
    public Either<Violation, Machine> freePage(int pfn) {
        return ctx == null ? PageAllocator.freePage(this, pfn) : ctx.step(m -> PageAllocator.freePage(m, pfn));
    }

    // -------------------------------------------------- page-table ctor/dtor

    /** {@code pgtable_pte_page_ctor()}: sets the PageTable type and allocates the split ptlock. */
    public Either<Violation, Machine> pgtablePtePageCtor(int pfn) {
        return ctx == null ? PageTablePage.ctor(this, pfn) : ctx.step(m -> PageTablePage.ctor(m, pfn));
    }

    /**
     * {@code pgtable_pte_page_dtor()}: frees the split ptlock and clears the PageTable type.
     * Walkers that take that ptlock ({@code pte_offset_map_lock()}) may still reach a table of the
     * page until its grace period: every table in the page must be past it for them; a second
     * destructor run is a double free.
     */
    public Either<Violation, Machine> pgtablePtePageDtor(int pfn) {
        return ctx == null ? PageTablePage.dtor(this, pfn) : ctx.step(m -> PageTablePage.dtor(m, pfn));
    }

    // ------------------------------------------------------------ page flags

    /** {@code SetPageActive()}. */
    public Either<Violation, Machine> setPageActive(int pfn) {
        return ctx == null ? PageFlags.setPageActive(this, pfn) : ctx.step(m -> PageFlags.setPageActive(m, pfn));
    }

    /** {@code ClearPageActive()}; read the flag first for {@code TestClearPageActive()}. */
    public Either<Violation, Machine> clearPageActive(int pfn) {
        return ctx == null ? PageFlags.clearPageActive(this, pfn) : ctx.step(m -> PageFlags.clearPageActive(m, pfn));
    }

    // ------------------------------------------------------------------ counts

    /** {@code atomic_set(&page->pt_frag_refcount, v)}. */
    public Either<Violation, Machine> atomicSetPtFragRefcount(int pfn, int v) {
        return ctx == null ? Atomics.setPtFragRefcount(this, pfn, v) : ctx.step(m -> Atomics.setPtFragRefcount(m, pfn, v));
    }

    /**
     * {@code atomic_add_return(delta, &page->pt_frag_refcount)} (negative delta for sub and
     * dec); read the result from the returned machine. A result below zero is the
     * {@code BUG_ON} of {@code pte_fragment_free()}.
     */
    public Either<Violation, Machine> atomicAddPtFragRefcount(int pfn, int delta) {
        return ctx == null ? Atomics.addPtFragRefcount(this, pfn, delta) : ctx.step(m -> Atomics.addPtFragRefcount(m, pfn, delta));
    }

    /** Sets {@code pt_mm}, which shares its word with {@code pt_frag_refcount}. */
    public Either<Violation, Machine> setPtMm(int pfn, int mm) {
        return ctx == null ? Atomics.setPtMm(this, pfn, mm) : ctx.step(m -> Atomics.setPtMm(m, pfn, mm));
    }

    /**
     * {@code atomic_xor_bits(&page->_refcount, bits)}, s390's use of the upper byte of
     * {@code _refcount}; read the result from the returned machine.
     */
    public Either<Violation, Machine> atomicXorBits(int pfn, int bits) {
        return ctx == null ? Atomics.xorBits(this, pfn, bits) : ctx.step(m -> Atomics.xorBits(m, pfn, bits));
    }

    // -------------------------------------------------------------- lists

    /** {@code INIT_LIST_HEAD(&page->lru)}. */
    public Either<Violation, Machine> initListHead(int pfn) {
        return ctx == null ? Lists.initListHead(this, pfn) : ctx.step(m -> Lists.initListHead(m, pfn));
    }

    /** {@code list_add(&page->lru, &mm->context.pgtable_list)}: at the head. */
    public Either<Violation, Machine> listAdd(int mm, int pfn) {
        return ctx == null ? Lists.listAdd(this, mm, pfn) : ctx.step(m -> Lists.listAdd(m, mm, pfn));
    }

    /** {@code list_add_tail(&page->lru, &mm->context.pgtable_list)}. */
    public Either<Violation, Machine> listAddTail(int mm, int pfn) {
        return ctx == null ? Lists.listAddTail(this, mm, pfn) : ctx.step(m -> Lists.listAddTail(m, mm, pfn));
    }

    /** {@code list_del_init(&page->lru)}: off its list (if on one), lru left pointing at itself. */
    public Either<Violation, Machine> listDelInit(int pfn) {
        return ctx == null ? Lists.listDelInit(this, pfn) : ctx.step(m -> Lists.listDelInit(m, pfn));
    }

    /**
     * {@code list_del(&page->lru)}: off its list, {@code lru} left holding {@code LIST_POISON1} /
     * {@code LIST_POISON2}. A second {@code list_del} of the same entry is list corruption
     * ({@code __list_del_entry_valid()} with {@code CONFIG_DEBUG_LIST}, an oops without it).
     */
    public Either<Violation, Machine> listDel(int pfn) {
        return ctx == null ? Lists.listDel(this, pfn) : ctx.step(m -> Lists.listDel(m, pfn));
    }

    // -------------------------------------------------------------- per mm

    /** Sets powerpc's {@code mm->context.pte_frag} to fragment {@code next} of page {@code pfn}. */
    public Machine pteFragSet(int mm, int pfn, int next) {
        return ctx == null ? Walkers.pteFragSet(this, mm, pfn, next) : ctx.step(m -> Walkers.pteFragSet(m, mm, pfn, next));
    }

    /** Clears powerpc's {@code mm->context.pte_frag}: the page has no fragment left to hand out. */
    public Machine pteFragClear(int mm) {
        return ctx == null ? Walkers.pteFragClear(this, mm) : ctx.step(m -> Walkers.pteFragClear(m, mm));
    }

    // ------------------------------------------------------------------- RCU

    /**
     * {@code call_rcu(&page->rcu_head, func)}: the callback waits for every CPU inside a
     * read-side section now (of either kind). Queuing a head that is still queued is
     * {@code RCU_HEAD_REUSE}; queuing it over a linked {@code lru} is {@code UNION_CLOBBER}.
     */
    public Either<Violation, Machine> callRcu(int pfn, String func) {
        return ctx == null ? Rcu.callRcu(this, pfn, func, -1) : ctx.step(m -> Rcu.callRcu(m, pfn, func, -1));
    }

    /**
     * {@code tlb_remove_table()}: the table joins an mmu_gather batch, which has an rcu_head
     * of its own; after a grace period the strategy's {@code __tlb_remove_table} runs for it.
     */
    public Either<Violation, Machine> tlbRemoveTable(int table) {
        return ctx == null ? Rcu.tlbRemoveTable(this, table) : ctx.step(m -> Rcu.tlbRemoveTable(m, table));
    }

    /**
     * What {@code tlb_remove_table()} does inside the current operation (executor only): queue
     * the table on the batch, or, when the batch page could not be allocated, the fallback of
     * {@link MmConfig#tlbRemoveTableOne()}. An IPI-then-free fallback leaves the table in
     * {@link TlbContext#syncOne()} for the executor to free once the IPI has returned.
     */
    public TlbContext tlbContext() {
        return ctx == null ? tlb : ctx.tlb();
    }

    /** The same machine in another mmu_gather context (executor only). */
    public Machine withTlbContext(TlbContext context) {
        if (ctx != null) {
            ctx.tlb(Objects.requireNonNull(context, "context"));
            return this;
        }
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, locks, log, tracing, budget, Objects.requireNonNull(context, "context"), ctx, free);
    }

    /** What {@link #takeCallback} returns: the machine without the callback, and the callback. */
    public record Taken(Machine machine, RcuCallback callback) {
    }

    /**
     * Takes the {@code k}-th eligible callback off the queue so that it can run. Its rcu_head
     * is the callback's own again: a page's words become unused, so the callback may queue
     * the head again.
     */
    public Taken takeCallback(int k) {
        return ctx == null ? Rcu.takeCallback(this, k) : ctx.step(m -> Rcu.takeCallback(m, k));
    }

    Vector<RcuCallback> queued(RcuCallback cb) {
        return callbacks.isEmpty() ? Vector.of(cb) : callbacks.append(cb);
    }

    // ------------------------------------------------------------- locks

    /** Spinlocks held now, by name, to the CPU that holds each; empty between operations. */
    public TreeMap<String, Integer> locks() {
        return locks;
    }

    /**
     * {@code spin_lock(lock)}: {@link Locks#mmContextLock}, {@link Locks#pageTableLock},
     * {@link Locks#ptl} name the kernel's. Taking a lock this CPU holds already is a deadlock
     * ({@code LOCKDEP}); in an interleaved run, a lock another CPU holds makes this CPU wait.
     */
    public Either<Violation, Machine> spinLock(String lock) {
        return ctx == null ? Locks.lock(this, lock, false, 0) : ctx.step(m -> Locks.lock(m, lock, false, ctx.cpu()));
    }

    /** {@code spin_unlock(lock)}: unlocking a lock this CPU does not hold is {@code LOCKDEP}. */
    public Either<Violation, Machine> spinUnlock(String lock) {
        return ctx == null ? Locks.unlock(this, lock, false, 0) : ctx.step(m -> Locks.unlock(m, lock, false, ctx.cpu()));
    }

    /**
     * {@code spin_lock_bh(lock)}: as {@link #spinLock}; bottom halves off on this CPU as well, so
     * an RCU callback (softirq) cannot run here while it is held. ptcheck runs callbacks on a CPU
     * of their own, so the difference shows only in the trace.
     */
    public Either<Violation, Machine> spinLockBh(String lock) {
        return ctx == null ? Locks.lock(this, lock, true, 0) : ctx.step(m -> Locks.lock(m, lock, true, ctx.cpu()));
    }

    /** {@code spin_unlock_bh(lock)}. */
    public Either<Violation, Machine> spinUnlockBh(String lock) {
        return ctx == null ? Locks.unlock(this, lock, true, 0) : ctx.step(m -> Locks.unlock(m, lock, true, ctx.cpu()));
    }

    Machine withLocks(TreeMap<String, Integer> l, Event event) {
        if (budget <= 0) {
            throw new StrategyLoopException();
        }
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, l,
                tracing && event != null ? log.prepend(event) : log, tracing, budget - 1, tlb, ctx, free);
    }

    // ----------------------------------------------------- loads and stores

    /**
     * {@code READ_ONCE()} / {@code atomic_read()}: the machine as it is now. In an interleaved run
     * a strategy's snapshot is what it saw right after its last primitive, and another CPU may
     * have run since; this is a scheduling point that returns the current state, so what is read
     * from the result is current. Outside one it returns this machine.
     */
    public Machine readOnce() {
        return ctx == null ? this : ctx.step(m -> m);
    }

    /**
     * {@code atomic_set(&page->_refcount, v)}: a plain store of the whole count, as a buggy
     * read-modify-write would do it ({@code atomic_read()} then {@code atomic_set()}); s390's
     * correct code changes its bits with one {@link #atomicXorBits}.
     */
    public Either<Violation, Machine> atomicSetRefcount(int pfn, int v) {
        return ctx == null ? Atomics.setRefcount(this, pfn, v) : ctx.step(m -> Atomics.setRefcount(m, pfn, v));
    }

    // ------------------------------------------------------------- scheduling

    /** In an interleaved run, the CPU context this snapshot belongs to; null otherwise. */
    public Scheduling scheduling() {
        return ctx;
    }

    /**
     * The same state handed to a routine that runs on {@code s} (the scheduler only), with an empty
     * log and a fresh loop guard; null detaches it again.
     */
    public Machine scheduledBy(Scheduling s) {
        return new Machine(preset, config, pages, mms, tables, readers, callbacks, locks, List.empty(), tracing,
                PRIMITIVES_PER_OPERATION, tlb, s, free);
    }

    // ------------------------------------------- the executor's operations

    /**
     * The pmd now points at a new table in {@code slot} (executor only, after
     * {@code pte_alloc_one}). Handing out a fragment that another table still uses is
     * {@code DOUBLE_ALLOC}; one whose table has not had its grace period is
     * {@code USE_AFTER_FREE} or {@code EARLY_FREE}.
     */
    public Either<Violation, Machine> attach(int mmId, Slot slot) {
        return ctx == null ? Walkers.attach(this, mmId, slot) : ctx.step(m -> Walkers.attach(m, mmId, slot));
    }

    /**
     * Clears the pmd that points at {@code table} (executor only). The table remembers the CPUs
     * inside a read-side section of a kind in {@code reach} now: any of them may have loaded the
     * pmd a moment ago (a walker of another kind cannot reach it on this free path).
     */
    public Machine detach(int table, Reach reach) {
        return ctx == null ? Walkers.detach(this, table, reach) : ctx.step(m -> Walkers.detach(m, table, reach));
    }

    /** {@link #detach(int, Reach)} for every kind of walker. */
    public Machine detach(int table) {
        return ctx == null ? Walkers.detach(this, table, Reach.ALL) : ctx.step(m -> Walkers.detach(m, table, Reach.ALL));
    }

    /** {@code rcu_read_lock()} or {@code local_irq_save()} on {@code cpu} (executor only). */
    public Machine enter(int cpu, ReadSection section) {
        return ctx == null ? Walkers.enter(this, cpu, section) : ctx.step(m -> Walkers.enter(m, cpu, section));
    }

    /** {@code rcu_read_lock()} on {@code cpu} (executor only). */
    public Machine rcuReadLock(int cpu) {
        return ctx == null ? Walkers.enter(this, cpu, ReadSection.RCU) : ctx.step(m -> Walkers.enter(m, cpu, ReadSection.RCU));
    }

    /**
     * A walker on {@code cpu} looks {@code table} up and keeps the pointer (executor only); under
     * {@code rcu_read_lock()} it takes the split ptlock of the table's page on the way.
     */
    public Either<Violation, Machine> lookup(int cpu, int table) {
        return ctx == null ? Walkers.lookup(this, cpu, table) : ctx.step(m -> Walkers.lookup(m, cpu, table));
    }

    /**
     * {@code tlb_remove_table_sync_one()} (executor only): every CPU with interrupts off leaves
     * its section before the IPI returns; {@code rcu_read_lock()} walkers are not waited for.
     */
    public Machine tlbRemoveTableSyncOne() {
        return ctx == null ? Walkers.ipiSync(this) : ctx.step(m -> Walkers.ipiSync(m));
    }

    /**
     * {@code rcu_read_unlock()} or {@code local_irq_restore()} on {@code cpu} (executor only):
     * it drops what it held, and every table and callback stops waiting for it.
     */
    public Machine leave(int cpu) {
        return ctx == null ? Walkers.leave(this, cpu) : ctx.step(m -> Walkers.leave(m, cpu));
    }

    /** {@code rcu_read_unlock()} on {@code cpu} (executor only): {@link #leave}. */
    public Machine rcuReadUnlock(int cpu) {
        return ctx == null ? Walkers.leave(this, cpu) : ctx.step(m -> Walkers.leave(m, cpu));
    }

    /** Marks the mm as exited (executor only, after its tables went through mmu_gather). */
    public Machine exitMmDone(int mm) {
        return ctx == null ? Walkers.exitMmDone(this, mm) : ctx.step(m -> Walkers.exitMmDone(m, mm));
    }

    // ------------------------------------------------------------- identity

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Machine m)) {
            return false;
        }
        return hashCode() == m.hashCode() && preset.equals(m.preset) && config.equals(m.config) && pages.equals(m.pages) && locks.equals(m.locks)
                && mms.equals(m.mms) && tables.equals(m.tables) && readers.equals(m.readers)
                && callbacks.equals(m.callbacks);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(preset, config, pages, mms, tables, readers, callbacks, locks);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Machine[" + preset.name() + ", pages=" + pages.values().map(Page::describe).mkString("; ")
                + ", callbacks=" + callbacks.mkString(", ") + "]";
    }

    /** Thrown by a primitive when one operation has made too many calls: the strategy loops. */
    public static final class StrategyLoopException extends RuntimeException {
        StrategyLoopException() {
            super("more than " + PRIMITIVES_PER_OPERATION + " kernel primitive calls in one operation", null, false,
                    false);
        }
    }
}
