package io.github.ptcheck.model;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.Reach;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.github.ptcheck.rcu.RcuCallback;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;
import io.vavr.control.Either;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

import static io.github.ptcheck.model.Primitive.*;

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
 * {@link Lists}, {@link Rcu}, {@link Walkers}); this class is the API, {@link MachineState} holds the
 * state (small arrays written copy-on-write) and the plumbing those bodies change it through.
 *
 * <p>Two machines are equal when their kernel state is; the trace log and the loop guard
 * are not state.
 */
public final class Machine extends MachineState {

    /** Primitive calls allowed in one operation before the strategy is declared looping. */
    public static final int PRIMITIVES_PER_OPERATION = 100_000;

    Machine(Object pages, Object mms, Object tables, Object readers, Object callbacks,
            HeldLocks locks, int budget, Inflight inflight, int waiting) {
        super(pages, mms, tables, readers, callbacks, locks, budget, inflight, waiting);
    }

    /** A machine with no page allocated, no mm, no reader inside and nothing queued, running 6.6's generic mm code. */
    public static Machine boot(Preset preset) {
        return boot(preset, MmConfig.V6_6);
    }

    /** {@link #boot(Preset)} with the generic mm code of another version. */
    public static Machine boot(Preset preset, MmConfig config) {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(config, "config");
        return new Machine(NO_PAGES, NO_MMS, NO_TABLES, NO_READERS, CallbackQueue.EMPTY, NO_LOCKS,
                PRIMITIVES_PER_OPERATION, new Boot(preset, config, false).idle, 0);
    }

    // ------------------------------------------------------------------ reads
    //
    // Besides the Vavr collections (pages(), mms(), ...), which are built when asked for, reads
    // by number for code that reads every state it meets (the executor, the alphabet, the
    // explorer's codec): counts, and the next number in use at or above a given one.

    public Preset preset() {
        return booted().preset();
    }

    /** The generic mm code this machine runs: the mmu_gather fallback, PT_RECLAIM. */
    public MmConfig config() {
        return booted().config();
    }

    /** Allocated pages by pfn. */
    public Map<Integer, Page> pages() {
        return Views.pages(pages);
    }

    public boolean pageAllocated(int pfn) {
        return pageOrNull(pfn) != null;
    }

    /**
     * The allocated page {@code pfn}.
     *
     * @throws IllegalStateException if it is not allocated (a strategy bug: check
     *                               {@link #pageAllocated} first)
     */
    public Page page(int pfn) {
        Page p = pageOrNull(pfn);
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

    /** The allocated page {@code pfn}, or null if it is free. */
    public Page pageOrNull(int pfn) {
        return (Page) IntTrie.get(pages, pfn);
    }

    /** How many pages are allocated. */
    public int pageCount() {
        return IntTrie.size(pages);
    }

    /** The lowest allocated pfn at or above {@code pfn}, or -1. */
    public int nextAllocatedPfn(int pfn) {
        return IntTrie.next(pages, pfn);
    }

    /** The mm {@code id}; an mm not used yet reads as fresh. */
    public Mm mm(int id) {
        Mm mm = usedMm(id);
        return mm == null ? Mm.fresh(id) : mm;
    }

    /** The mm {@code id} if it has been used, else null. */
    public Mm usedMm(int id) {
        return (Mm) IntTrie.get(mms, id);
    }

    /** How many mms have been used. */
    public int mmCount() {
        return IntTrie.size(mms);
    }

    /** The lowest number of a used mm at or above {@code id}, or -1. */
    public int nextUsedMm(int id) {
        return IntTrie.next(mms, id);
    }

    /** The mms that have been used, by number. */
    public Map<Integer, Mm> mms() {
        return Views.mms(mms);
    }

    public Vector<Table> tables() {
        return Views.tables(tables);
    }

    /** How many tables have been handed out: t0 .. t(n-1). */
    public int tableCount() {
        return tables instanceof Table[] dense ? dense.length : IntTrie.size(tables); // t-numbers have no holes
    }

    public Table table(int id) {
        Table t = (Table) IntTrie.get(tables, id);
        if (t == null) {
            throw new IndexOutOfBoundsException("no table t" + id + " (" + tableCount() + " handed out)");
        }
        return t;
    }

    public boolean tableExists(int id) {
        return IntTrie.get(tables, id) != null;
    }

    /** The tables whose memory is in page {@code pfn}, by fragment. */
    public List<Table> tablesOf(int pfn) {
        Page p = pageOrNull(pfn);
        return p == null ? List.empty() : p.fragments().values().map(this::table).toList();
    }

    /** CPUs inside a read-side section, to their section (its kind and the tables looked up). */
    public TreeMap<Integer, Reader> readers() {
        return Views.readers(readers);
    }

    public boolean inReadSection(int cpu) {
        return IntTrie.get(readers, cpu) != null;
    }

    /** The section {@code cpu} is inside, or null. */
    public Reader reader(int cpu) {
        return (Reader) IntTrie.get(readers, cpu);
    }

    public boolean anyReaderInside() {
        return IntTrie.next(readers, 0) >= 0;
    }

    /** How many CPUs are inside a read-side section. */
    public int readerCount() {
        return IntTrie.size(readers);
    }

    /** The lowest CPU at or above {@code cpu} that is inside a read-side section, or -1. */
    public int nextCpuInside(int cpu) {
        return IntTrie.next(readers, cpu);
    }

    /** Queued RCU callbacks, oldest first. */
    public Vector<RcuCallback> callbacks() {
        return CallbackQueue.toVector(callbacks);
    }

    /** How many RCU callbacks are queued. */
    public int callbackCount() {
        return CallbackQueue.size(callbacks);
    }

    /** The {@code i}-th queued callback, oldest first. */
    public RcuCallback callback(int i) {
        return CallbackQueue.get(callbacks, i);
    }

    /** Callbacks whose readers have all left, oldest first: any of them may run next. */
    public Vector<RcuCallback> eligibleCallbacks() {
        return callbacks().filter(RcuCallback::eligible);
    }

    /** How many of the queued callbacks are eligible to run. */
    public int eligibleCallbackCount() {
        int n = 0;
        for (int i = 0, size = callbackCount(); i < size; i++) {
            n += callback(i).eligible() ? 1 : 0;
        }
        return n;
    }

    /** Whether the readers are {@code given}'s, unchanged: no primitive a strategy may call changes them. */
    public boolean sameReaders(Machine given) {
        return readers == given.readers;
    }

    /** Whether the RCU queue is {@code given}'s, unchanged (see {@link #sameReaders}). */
    public boolean sameCallbacks(Machine given) {
        return callbacks == given.callbacks;
    }

    /** Whether the tables are those of {@code given}, not changed since (see {@link #sameReaders}). */
    public boolean sameTables(Machine given) {
        return tables == given.tables;
    }

    /**
     * Whether the RCU queue is {@code given}'s with callbacks appended, all a strategy's primitives
     * may do to it. In O(1): primitives append new callback objects or take one off, and nothing
     * inserts, so {@code given}'s last callback, the same object, still at its index means
     * nothing before it was taken, nor it.
     */
    public boolean callbacksExtend(Machine given) {
        int n = given.callbackCount();
        return callbacks == given.callbacks
                || callbackCount() >= n && (n == 0 || callback(n - 1) == given.callback(n - 1));
    }

    /** What the kernel did since tracing started or the log was last taken, oldest first. */
    public List<Event> log() {
        return inflight.log().reverse();
    }

    public boolean tracing() {
        return booted().tracing();
    }

    /** The same state, recording events from now on (or not). */
    public Machine tracing(boolean on) {
        Boot b = new Boot(booted().preset(), booted().config(), on);
        return new Machine(pages, mms, tables, readers, callbacks, locks, budget,
                new Inflight(b, List.empty(), inflight.tlb(), inflight.ctx()), waiting);
    }

    /** The same state with an empty log and a fresh loop guard: the executor calls it before each operation. */
    public Machine beginOperation() {
        return refreshed(inflight.log().isEmpty() && inflight.tlb() == TlbContext.BATCH
                ? inflight : inflight.ctx() == null ? booted().idle : new Inflight(inflight.boot(), List.empty(),
                TlbContext.BATCH, inflight.ctx()));
    }

    /** The same state and log with a fresh loop guard: each callback an rcu_barrier() runs gets one. */
    public Machine refreshBudget() {
        return refreshed(inflight);
    }

    /**
     * The same state with a fresh loop guard and {@code next}: this machine itself when it has
     * them already (the first callback of an rcu_barrier(), the first table of an exit_mmap()), or
     * when only the guard is to change, outside an interleaved run, rather than a copy.
     */
    private Machine refreshed(Inflight next) {
        if (budget == PRIMITIVES_PER_OPERATION && next == inflight) {
            return this;
        }
        if (next != inflight || ctx() != null) {
            return with(PRIMITIVES_PER_OPERATION, next);
        }
        // The guard filled in place (see MachineState.budget): a machine allocated per operation, per
        // callback of an rcu_barrier() and per table of an exit_mmap() only to say that the count
        // starts again was a tenth of what the explorer allocated. Not in an interleaved run, whose
        // snapshots the scheduler hands around.
        budget = PRIMITIVES_PER_OPERATION;
        return this;
    }

    /**
     * Adds a line of narrative to the trace: a strategy's explanation of a decision. It counts
     * against the loop guard like a primitive, so a loop that only notes still ends.
     */
    public Machine note(String text) {
        if (budget <= 0) {
            throw new StrategyLoopException();
        }
        if (ctx() != null && !ctx().inStep()) {
            if (booted().tracing()) {
                ctx().note(new Event(text, -1));
            }
            return this;
        }
        return with(budget - 1, booted().tracing() ? new Inflight(inflight.boot(),
                inflight.log().prepend(new Event(text, -1)), inflight.tlb(), inflight.ctx()) : inflight);
    }

    /**
     * The same as {@link #note(String)}, the text built only while tracing: for narrative that
     * costs string building on a path the model runs millions of times.
     */
    public Machine note(Supplier<String> text) {
        return note(booted().tracing() ? text.get() : "");
    }

    static Either<Violation, Machine> ok(Machine m) {
        return Either.right(m);
    }

    Either<Violation, Machine> fail(Invariant inv, int pfn, String field, String before, String after,
                                    String detail) {
        Violation v = Violation.of(inv, pfn, field, before, after, detail);
        return Either.left(booted().tracing() ? v.withEvents(log()) : v);
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
        return ctx() == null ? PageAllocator.allocPage(this) : ctx().step(ALLOC_PAGE.with(), m -> PageAllocator.allocPage(m));
    }

    /**
     * {@code __free_page()}: {@code put_page_testzero()} drops the allocation reference; when it
     * was the last, the page goes back to the allocator after the allocator's own checks
     * ({@code free_pages_prepare}) and ours: no table in it may be attached or waiting for its
     * grace period. When it was not the last ({@code _refcount} above 1), nothing is freed and
     * nobody holds the page any more: it leaks, and the teardown's leak check reports it.
     */
    public Either<Violation, Machine> freePage(int pfn) {
        return ctx() == null ? PageAllocator.freePage(this, pfn) : ctx().step(FREE_PAGE.with(pfn), m -> PageAllocator.freePage(m, pfn));
    }

    // -------------------------------------------------- page-table ctor/dtor

    /**
     * {@code pagetable_pte_ctor()}: sets the PageTable type and allocates the split ptlock. The
     * name is 6.6's ({@code include/linux/mm.h}, taking the {@code struct ptdesc}); later
     * kernels pass the mm too ({@code pagetable_pte_ctor(mm, ptdesc)}).
     */
    public Either<Violation, Machine> pagetablePteCtor(int pfn) {
        return ctx() == null ? PageTablePage.ctor(this, pfn) : ctx().step(PAGETABLE_PTE_CTOR.with(pfn), m -> PageTablePage.ctor(m, pfn));
    }

    /**
     * {@code pagetable_pte_dtor()}: frees the split ptlock and clears the PageTable type.
     * Walkers that take that ptlock ({@code pte_offset_map_lock()}) may still reach a table of the
     * page until its grace period: every table in the page must be past it for them; a second
     * destructor run is a double free. The name is 6.6's; 6.14 folds it into
     * {@code pagetable_dtor()}, one destructor for every level.
     */
    public Either<Violation, Machine> pagetablePteDtor(int pfn) {
        return ctx() == null ? PageTablePage.dtor(this, pfn) : ctx().step(PAGETABLE_PTE_DTOR.with(pfn), m -> PageTablePage.dtor(m, pfn));
    }

    /**
     * {@code pagetable_pte_ctor(mm, ptdesc)}: {@link #pagetablePteCtor(int)} as kernels since 6.16
     * call it, with the mm the table is for (Kevin Brodsky, "mm: pass mm down to
     * pagetable_{pte,pmd}_ctor", merged for 6.16-rc1). Those kernels skip the ptlock for
     * {@code init_mm} alone; the model's mms are all user mms, so the effect is the same.
     */
    public Either<Violation, Machine> pagetablePteCtor(int mm, int pfn) {
        return ctx() == null ? PageTablePage.ctor(this, mm, pfn) :
                ctx().step(PAGETABLE_PTE_CTOR_MM.with(mm, pfn), m -> PageTablePage.ctor(m, mm, pfn));
    }

    /**
     * {@code pagetable_dtor()}: {@link #pagetablePteDtor} as kernels since 6.14 call it, one
     * destructor for every level (db6b435d731a, "mm: pgtable: introduce pagetable_dtor()", Qi
     * Zheng), which removed {@code pagetable_pte_dtor()}. For a PTE table it does the same: the
     * same checks, the same effect.
     */
    public Either<Violation, Machine> pagetableDtor(int pfn) {
        return ctx() == null ? PageTablePage.pagetableDtor(this, pfn) :
                ctx().step(PAGETABLE_DTOR.with(pfn), m -> PageTablePage.pagetableDtor(m, pfn));
    }

    /**
     * {@code pgtable_pte_page_ctor(struct page *)}: {@link #pagetablePteCtor(int)} under its name up
     * to 6.5, which 6.6 renamed ({@code pagetable_pte_ctor(struct ptdesc *)}, Vishal Moola, "Split
     * ptdesc from struct page"). The same checks and effect; the trace writes the old name.
     *
     * <p>Not deprecated: it is the call of a kernel, as the later names are, and the built-ins that
     * follow the {@code pte_free_defer()} patches of May and June 2023 (against 6.4) make it, as
     * the files they patched did. Before, it made 6.6's call and was deprecated for it.
     */
    public Either<Violation, Machine> pgtablePtePageCtor(int pfn) {
        return ctx() == null ? PageTablePage.pgtablePtePageCtor(this, pfn) :
                ctx().step(PGTABLE_PTE_PAGE_CTOR.with(pfn), m -> PageTablePage.pgtablePtePageCtor(m, pfn));
    }

    /**
     * {@code pgtable_pte_page_dtor(struct page *)}: {@link #pagetablePteDtor} under its name up to
     * 6.5 (6.6: {@code pagetable_pte_dtor(struct ptdesc *)}). The same checks and effect; not
     * deprecated, as {@link #pgtablePtePageCtor} is not.
     */
    public Either<Violation, Machine> pgtablePtePageDtor(int pfn) {
        return ctx() == null ? PageTablePage.pgtablePtePageDtor(this, pfn) :
                ctx().step(PGTABLE_PTE_PAGE_DTOR.with(pfn), m -> PageTablePage.pgtablePtePageDtor(m, pfn));
    }

    // ------------------------------------------------------------ page flags

    /** {@code SetPageActive()}. */
    public Either<Violation, Machine> setPageActive(int pfn) {
        return ctx() == null ? PageFlags.setPageActive(this, pfn) :
                ctx().step(SET_PAGE_ACTIVE.with(pfn), m -> PageFlags.setPageActive(m, pfn));
    }

    /** {@code ClearPageActive()}; read the flag first for {@code TestClearPageActive()}. */
    public Either<Violation, Machine> clearPageActive(int pfn) {
        return ctx() == null ? PageFlags.clearPageActive(this, pfn) :
                ctx().step(CLEAR_PAGE_ACTIVE.with(pfn), m -> PageFlags.clearPageActive(m, pfn));
    }

    // ------------------------------------------------------------------ counts

    /** {@code atomic_set(&page->pt_frag_refcount, v)}. */
    public Either<Violation, Machine> atomicSetPtFragRefcount(int pfn, int v) {
        return ctx() == null ? Atomics.setPtFragRefcount(this, pfn, v) :
                ctx().step(SET_PT_FRAG_REFCOUNT.with(pfn, v), m -> Atomics.setPtFragRefcount(m, pfn, v));
    }

    /**
     * {@code atomic_add_return(delta, &page->pt_frag_refcount)} (negative delta for sub and
     * dec); read the result from the returned machine. A result below zero is the
     * {@code BUG_ON} of {@code pte_fragment_free()}.
     */
    public Either<Violation, Machine> atomicAddPtFragRefcount(int pfn, int delta) {
        return ctx() == null ? Atomics.addPtFragRefcount(this, pfn, delta) :
                ctx().step(ADD_PT_FRAG_REFCOUNT.with(pfn, delta), m -> Atomics.addPtFragRefcount(m, pfn, delta));
    }

    /** Sets {@code pt_mm}, which shares its word with {@code pt_frag_refcount}. */
    public Either<Violation, Machine> setPtMm(int pfn, int mm) {
        return ctx() == null ? Atomics.setPtMm(this, pfn, mm) : ctx().step(SET_PT_MM.with(pfn, mm), m -> Atomics.setPtMm(m, pfn, mm));
    }

    /**
     * {@code atomic_xor_bits(&page->_refcount, bits)}, s390's use of the upper byte of
     * {@code _refcount}; read the result from the returned machine.
     */
    public Either<Violation, Machine> atomicXorBits(int pfn, int bits) {
        return ctx() == null ? Atomics.xorBits(this, pfn, bits) : ctx().step(XOR_BITS.with(pfn, bits), m -> Atomics.xorBits(m, pfn, bits));
    }

    // -------------------------------------------------------------- lists

    /** {@code INIT_LIST_HEAD(&page->lru)}. */
    public Either<Violation, Machine> initListHead(int pfn) {
        return ctx() == null ? Lists.initListHead(this, pfn) : ctx().step(INIT_LIST_HEAD.with(pfn), m -> Lists.initListHead(m, pfn));
    }

    /** {@code list_add(&page->lru, &mm->context.pgtable_list)}: at the head. */
    public Either<Violation, Machine> listAdd(int mm, int pfn) {
        return ctx() == null ? Lists.listAdd(this, mm, pfn) : ctx().step(LIST_ADD.with(mm, pfn), m -> Lists.listAdd(m, mm, pfn));
    }

    /** {@code list_add_tail(&page->lru, &mm->context.pgtable_list)}. */
    public Either<Violation, Machine> listAddTail(int mm, int pfn) {
        return ctx() == null ? Lists.listAddTail(this, mm, pfn) :
                ctx().step(LIST_ADD_TAIL.with(mm, pfn), m -> Lists.listAddTail(m, mm, pfn));
    }

    /** {@code list_del_init(&page->lru)}: off its list (if on one), lru left pointing at itself. */
    public Either<Violation, Machine> listDelInit(int pfn) {
        return ctx() == null ? Lists.listDelInit(this, pfn) : ctx().step(LIST_DEL_INIT.with(pfn), m -> Lists.listDelInit(m, pfn));
    }

    /**
     * {@code list_del(&page->lru)}: off its list, {@code lru} left holding {@code LIST_POISON1} /
     * {@code LIST_POISON2}. A second {@code list_del} of the same entry is list corruption
     * ({@code __list_del_entry_valid()} with {@code CONFIG_DEBUG_LIST}, an oops without it).
     */
    public Either<Violation, Machine> listDel(int pfn) {
        return ctx() == null ? Lists.listDel(this, pfn) : ctx().step(LIST_DEL.with(pfn), m -> Lists.listDel(m, pfn));
    }

    // -------------------------------------------------------------- per mm

    /** Sets powerpc's {@code mm->context.pte_frag} to fragment {@code next} of page {@code pfn}. */
    public Machine pteFragSet(int mm, int pfn, int next) {
        return ctx() == null ? Walkers.pteFragSet(this, mm, pfn, next) :
                ctx().step(PTE_FRAG_SET.with(mm, pfn, next), m -> Walkers.pteFragSet(m, mm, pfn, next));
    }

    /** Clears powerpc's {@code mm->context.pte_frag}: the page has no fragment left to hand out. */
    public Machine pteFragClear(int mm) {
        return ctx() == null ? Walkers.pteFragClear(this, mm) : ctx().step(PTE_FRAG_CLEAR.with(mm), m -> Walkers.pteFragClear(m, mm));
    }

    // ------------------------------------------------------------------- RCU

    /**
     * {@code call_rcu(&page->rcu_head, func)}: the callback waits for every CPU inside a
     * read-side section now (of either kind). Queuing a head that is still queued is
     * {@code RCU_HEAD_REUSE}; queuing it over a linked {@code lru} is {@code UNION_CLOBBER}.
     */
    public Either<Violation, Machine> callRcu(int pfn, String func) {
        return ctx() == null ? Rcu.callRcu(this, pfn, func, -1) : ctx().step(CALL_RCU.with(pfn, func), m -> Rcu.callRcu(m, pfn, func, -1));
    }

    /**
     * {@code tlb_remove_table()}: the table joins an mmu_gather batch, which has an rcu_head
     * of its own; after a grace period the strategy's {@code __tlb_remove_table} runs for it.
     */
    public Either<Violation, Machine> tlbRemoveTable(int table) {
        return ctx() == null ? Rcu.tlbRemoveTable(this, table) :
                ctx().step(TLB_REMOVE_TABLE.with(table), m -> Rcu.tlbRemoveTable(m, table));
    }

    /**
     * What {@code tlb_remove_table()} does inside the current operation (executor only): queue
     * the table on the batch, or, when the batch page could not be allocated, the fallback of
     * {@link MmConfig#tlbRemoveTableOne()}. An IPI-then-free fallback leaves the table in
     * {@link TlbContext#syncOne()} for the executor to free once the IPI has returned.
     */
    public TlbContext tlbContext() {
        return ctx() == null ? inflight.tlb() : ctx().tlb();
    }

    /** The same machine in another mmu_gather context (executor only). */
    public Machine withTlbContext(TlbContext context) {
        Objects.requireNonNull(context, "context");
        if (ctx() != null) {
            ctx().tlb(context);
            return this;
        }
        if (context == inflight.tlb()) {
            return this;
        }
        // Back to the batch context of an operation that logged nothing: the in-flight part it began with.
        return with(budget, context == TlbContext.BATCH && inflight.log().isEmpty() ? booted().idle
                : new Inflight(inflight.boot(), inflight.log(), context, null));
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
        return ctx() == null ? Rcu.takeCallback(this, k) : ctx().step(TAKE_CALLBACK.with(k), m -> Rcu.takeCallback(m, k));
    }

    // ------------------------------------------------------------- locks

    /** Spinlocks held now, by name, to the CPU that holds each; empty between operations. */
    public TreeMap<String, Integer> locks() {
        return locks.asMap();
    }

    /**
     * Whether a set of CPUs (a table's or callback's {@code waitFor}, a reader's {@code held}) is
     * empty, looked at by identity first: the model shares one empty set, and nearly every set is it.
     */
    public static boolean noCpus(SortedSet<Integer> cpus) {
        return CpuSets.none(cpus);
    }

    /** How many spinlocks are held now: {@code locks().size()} without building the map. */
    public int lockCount() {
        return locks.size();
    }

    /** The {@code i}-th spinlock held, in {@link #locks()}'s order, {@code i < lockCount()}. */
    public String lockName(int i) {
        return locks.name(i);
    }

    /** The CPU holding the {@code i}-th spinlock held, in {@link #locks()}'s order. */
    public int lockHolder(int i) {
        return locks.cpu(i);
    }

    /**
     * {@code spin_lock(lock)}: {@link Locks#mmContextLock}, {@link Locks#pageTableLock},
     * {@link Locks#ptl} name the kernel's. Taking a lock this CPU holds already is a deadlock
     * ({@code LOCKDEP}); in an interleaved run, a lock another CPU holds makes this CPU wait.
     */
    public Either<Violation, Machine> spinLock(String lock) {
        return ctx() == null ? Locks.lock(this, lock, false, 0) :
                ctx().step(SPIN_LOCK.with(lock), m -> Locks.lock(m, lock, false, ctx().cpu()));
    }

    /** {@code spin_unlock(lock)}: unlocking a lock this CPU does not hold is {@code LOCKDEP}. */
    public Either<Violation, Machine> spinUnlock(String lock) {
        return ctx() == null ? Locks.unlock(this, lock, false, 0) :
                ctx().step(SPIN_UNLOCK.with(lock), m -> Locks.unlock(m, lock, false, ctx().cpu()));
    }

    /**
     * {@code spin_lock_bh(lock)}: as {@link #spinLock}; bottom halves off on this CPU as well, so
     * an RCU callback (softirq) cannot run here while it is held. ptcheck runs callbacks on a CPU
     * of their own, so the difference shows only in the trace.
     */
    public Either<Violation, Machine> spinLockBh(String lock) {
        return ctx() == null ? Locks.lock(this, lock, true, 0) :
                ctx().step(SPIN_LOCK_BH.with(lock), m -> Locks.lock(m, lock, true, ctx().cpu()));
    }

    /** {@code spin_unlock_bh(lock)}. */
    public Either<Violation, Machine> spinUnlockBh(String lock) {
        return ctx() == null ? Locks.unlock(this, lock, true, 0) :
                ctx().step(SPIN_UNLOCK_BH.with(lock), m -> Locks.unlock(m, lock, true, ctx().cpu()));
    }

    // ----------------------------------------------------- loads and stores

    /**
     * {@code READ_ONCE()} / {@code atomic_read()}: the machine as it is now. In an interleaved run
     * a strategy's snapshot is what it saw right after its last primitive, and another CPU may
     * have run since; this is a scheduling point that returns the current state, so what is read
     * from the result is current. Outside one it returns this machine.
     */
    public Machine readOnce() {
        return ctx() == null ? this : ctx().step(READ_ONCE.with(), m -> m);
    }

    /**
     * {@code atomic_set(&page->_refcount, v)}: a plain store of the whole count, as a buggy
     * read-modify-write would do it ({@code atomic_read()} then {@code atomic_set()}); s390's
     * correct code changes its bits with one {@link #atomicXorBits}.
     */
    public Either<Violation, Machine> atomicSetRefcount(int pfn, int v) {
        return ctx() == null ? Atomics.setRefcount(this, pfn, v) :
                ctx().step(SET_REFCOUNT.with(pfn, v), m -> Atomics.setRefcount(m, pfn, v));
    }

    // ------------------------------------------------------------- scheduling

    /** In an interleaved run, the CPU context this snapshot belongs to; null otherwise. */
    public Scheduling scheduling() {
        return ctx();
    }

    /**
     * The same state handed to a routine that runs on {@code s} (the scheduler only), with an empty
     * log and a fresh loop guard; null detaches it again.
     */
    public Machine scheduledBy(Scheduling s) {
        return with(PRIMITIVES_PER_OPERATION, new Inflight(inflight.boot(), List.empty(), inflight.tlb(), s));
    }

    // ------------------------------------------- the executor's operations

    /**
     * The pmd now points at a new table in {@code slot} (executor only, after
     * {@code pte_alloc_one}). Handing out a fragment that another table still uses is
     * {@code DOUBLE_ALLOC}; one whose table has not had its grace period is
     * {@code USE_AFTER_FREE} or {@code EARLY_FREE}.
     */
    public Either<Violation, Machine> attach(int mmId, Slot slot) {
        return ctx() == null ? Walkers.attach(this, mmId, slot) :
                ctx().step(PMD_POPULATE.with(mmId, slot.pfn(), slot.frag()), m -> Walkers.attach(m, mmId, slot));
    }

    /**
     * Clears the pmd that points at {@code table} (executor only). The table remembers the CPUs
     * inside a read-side section of a kind in {@code reach} now: any of them may have loaded the
     * pmd a moment ago (a walker of another kind cannot reach it on this free path).
     */
    public Machine detach(int table, Reach reach) {
        return ctx() == null ? Walkers.detach(this, table, reach) :
                ctx().step(PMD_CLEAR.with(table, reach), m -> Walkers.detach(m, table, reach));
    }

    /** {@link #detach(int, Reach)} for every kind of walker. */
    public Machine detach(int table) {
        return ctx() == null ? Walkers.detach(this, table, Reach.ALL) :
                ctx().step(PMD_CLEAR.with(table, Reach.ALL), m -> Walkers.detach(m, table, Reach.ALL));
    }

    /** {@code rcu_read_lock()} or {@code local_irq_save()} on {@code cpu} (executor only). */
    public Machine enter(int cpu, ReadSection section) {
        return ctx() == null ? Walkers.enter(this, cpu, section) :
                ctx().step(ENTER.with(cpu, section.enter()), m -> Walkers.enter(m, cpu, section));
    }

    /** {@code rcu_read_lock()} on {@code cpu} (executor only). */
    public Machine rcuReadLock(int cpu) {
        return ctx() == null ? Walkers.enter(this, cpu, ReadSection.RCU) :
                ctx().step(ENTER.with(cpu, ReadSection.RCU.enter()), m -> Walkers.enter(m, cpu, ReadSection.RCU));
    }

    /**
     * A walker on {@code cpu} looks {@code table} up and keeps the pointer (executor only); under
     * {@code rcu_read_lock()} it takes the split ptlock of the table's page on the way.
     */
    public Either<Violation, Machine> lookup(int cpu, int table) {
        return ctx() == null ? Walkers.lookup(this, cpu, table) : ctx().step(LOOKUP.with(cpu, table), m -> Walkers.lookup(m, cpu, table));
    }

    /**
     * {@code tlb_remove_table_sync_one()} (executor only): every CPU with interrupts off leaves
     * its section before the IPI returns; {@code rcu_read_lock()} walkers are not waited for.
     */
    public Machine tlbRemoveTableSyncOne() {
        return ctx() == null ? Walkers.ipiSync(this) : ctx().step(SYNC_ONE.with(), m -> Walkers.ipiSync(m));
    }

    /**
     * {@code rcu_read_unlock()} or {@code local_irq_restore()} on {@code cpu} (executor only):
     * it drops what it held, and every table and callback stops waiting for it.
     */
    public Machine leave(int cpu) {
        return ctx() == null ? Walkers.leave(this, cpu) : ctx().step(LEAVE.with(cpu), m -> Walkers.leave(m, cpu));
    }

    /** {@code rcu_read_unlock()} on {@code cpu} (executor only): {@link #leave}. */
    public Machine rcuReadUnlock(int cpu) {
        return ctx() == null ? Walkers.leave(this, cpu) : ctx().step(LEAVE.with(cpu), m -> Walkers.leave(m, cpu));
    }

    /**
     * {@code exit_mmap()} begins (executor only): no thread of {@code mm} is left, so no GUP-fast
     * walker can hold its tables; those still waiting stop waiting for CPUs with interrupts off.
     */
    public Machine exitMmBegin(int mm) {
        return ctx() == null ? Walkers.exitMmBegin(this, mm) : ctx().step(EXIT_MMAP_BEGIN.with(mm), m -> Walkers.exitMmBegin(m, mm));
    }

    /** Marks the mm as exited (executor only, after its tables went through mmu_gather). */
    public Machine exitMmDone(int mm) {
        return ctx() == null ? Walkers.exitMmDone(this, mm) : ctx().step(EXIT_MMAP_DONE.with(mm), m -> Walkers.exitMmDone(m, mm));
    }

    // ------------------------------------------------------------- identity

    /** The parts of the state {@link #sharesPart} names, in the order the explorer writes them. */
    public static final int PART_PAGES = 0;
    public static final int PART_MMS = 1;
    public static final int PART_TABLES = 2;
    public static final int PART_READERS = 3;
    public static final int PART_LOCKS = 4;
    public static final int PART_CALLBACKS = 5;
    public static final int PARTS = 6;

    /**
     * Whether this machine holds part {@code part} ({@link #PART_PAGES} ...) of its state as the
     * very same object {@code other} does, so that the part is equal in both without looking at
     * it: a primitive passes on the parts it does not change. For the explorer's state codec,
     * which writes a successor's unchanged parts by copying what it wrote for the machine it was
     * made from, rather than walking them (an answer of false says nothing).
     */
    public boolean sharesPart(Machine other, int part) {
        switch (part) {
            case PART_PAGES:
                return pages == other.pages;
            case PART_MMS:
                return mms == other.mms;
            case PART_TABLES:
                return tables == other.tables;
            case PART_READERS:
                return readers == other.readers;
            case PART_LOCKS:
                return locks == other.locks;
            case PART_CALLBACKS:
                return callbacks == other.callbacks;
            default:
                throw new IllegalArgumentException("no part " + part + " (0 to " + (PARTS - 1) + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Machine m && booted().preset().equals(m.booted().preset())
                && booted().config().equals(m.booted().config())
                && IntTrie.equal(pages, m.pages) && IntTrie.equal(mms, m.mms) && IntTrie.equal(tables, m.tables)
                && IntTrie.equal(readers, m.readers) && CallbackQueue.equal(callbacks, m.callbacks) && locks.equals(m.locks);
    }

    @Override
    public int hashCode() {
        // Not cached: a machine is made per primitive call, and only tests hash them.
        return Objects.hash(booted().preset(), booted().config(), IntTrie.hash(pages), IntTrie.hash(mms), IntTrie.hash(tables),
                IntTrie.hash(readers), CallbackQueue.hash(callbacks), locks);
    }

    @Override
    public String toString() {
        return "Machine[" + booted().preset().name() + ", pages=" + pages().values().map(Page::describe).mkString("; ")
                + ", callbacks=" + callbacks().mkString(", ") + "]";
    }

    /** Thrown by a primitive when one operation has made too many calls: the strategy loops. */
    public static final class StrategyLoopException extends RuntimeException {
        StrategyLoopException() {
            super("more than " + PRIMITIVES_PER_OPERATION + " kernel primitive calls in one operation", null, false,
                    false);
        }
    }
}
