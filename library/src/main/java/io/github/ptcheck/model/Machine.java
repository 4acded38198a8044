package io.github.ptcheck.model;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.RcuHead;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;

import java.util.Objects;

/**
 * Every piece of state the model has, as one immutable value: the allocated pages and their
 * descriptor fields, per-mm state, the tables handed out, the RCU readers per CPU and the
 * queued RCU callbacks (page {@code rcu_head}s and mmu_gather batches).
 *
 * <p>Strategies change it only through the kernel primitives below, named as in the kernel.
 * Each primitive carries the checks of spec section 6 that concern it and returns
 * {@code Either<Violation, Machine>}: a strategy cannot break an invariant without the
 * primitive reporting it. Reads ({@link #page}, {@link #mm}, {@link #table}) are plain.
 *
 * <p>Two machines are equal when their kernel state is; the trace log and the loop guard
 * are not state.
 */
public final class Machine {

    /** Primitive calls allowed in one operation before the strategy is declared looping. */
    public static final int PRIMITIVES_PER_OPERATION = 100_000;

    private final Preset preset;
    private final Map<Integer, Page> pages;
    private final Map<Integer, Mm> mms;
    private final Vector<Table> tables;
    /** CPU to the tables it looked up; a CPU is inside a read-side section iff it is a key. */
    private final TreeMap<Integer, TreeSet<Integer>> readers;
    private final Vector<RcuCallback> callbacks;

    // Not state: excluded from equals and hashCode.
    private final List<Event> log;
    private final boolean tracing;
    private final int budget;
    /** Derived from {@code pages}: where {@code alloc_page()} finds the lowest free pfn. */
    private final FreePfns free;
    private int hash;

    private Machine(Preset preset, Map<Integer, Page> pages, Map<Integer, Mm> mms, Vector<Table> tables,
                    TreeMap<Integer, TreeSet<Integer>> readers, Vector<RcuCallback> callbacks,
                    List<Event> log, boolean tracing, int budget, FreePfns free) {
        this.preset = preset;
        this.pages = pages;
        this.mms = mms;
        this.tables = tables;
        this.readers = readers;
        this.callbacks = callbacks;
        this.log = log;
        this.tracing = tracing;
        this.budget = budget;
        this.free = free;
    }

    /** A machine with no page allocated, no mm, no reader inside and nothing queued. */
    public static Machine boot(Preset preset) {
        Objects.requireNonNull(preset, "preset");
        return new Machine(preset, HashMap.empty(), HashMap.empty(), Vector.empty(), TreeMap.empty(),
                Vector.empty(), List.empty(), false, PRIMITIVES_PER_OPERATION, FreePfns.ALL);
    }

    // ------------------------------------------------------------------ reads

    public Preset preset() {
        return preset;
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
            throw new IllegalStateException("page " + pfn + " is not allocated");
        }
        return p;
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

    /** CPUs inside a read-side section, to the tables each looked up. */
    public TreeMap<Integer, TreeSet<Integer>> readers() {
        return readers;
    }

    public boolean inReadSection(int cpu) {
        return readers.containsKey(cpu);
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
    private static final TreeSet<Integer> NO_CPUS = TreeSet.empty();

    /** The CPUs inside a read-side section now. */
    private io.vavr.collection.SortedSet<Integer> readersInside() {
        if (readers.isEmpty()) {
            return NO_CPUS;
        }
        // One immutable set per combination of CPUs 0..7, shared, instead of a new tree each call.
        int mask = 0;
        for (io.vavr.Tuple2<Integer, TreeSet<Integer>> r : readers) {
            int cpu = r._1;
            if (cpu < 0 || cpu >= 8) {
                return readers.keySet();
            }
            mask |= 1 << cpu;
        }
        io.vavr.collection.SortedSet<Integer> cpus = CPU_SETS.get(mask);
        if (cpus == null) {
            cpus = readers.keySet();
            CPU_SETS.set(mask, cpus);
        }
        return cpus;
    }

    private static final java.util.concurrent.atomic.AtomicReferenceArray<io.vavr.collection.SortedSet<Integer>>
            CPU_SETS = new java.util.concurrent.atomic.AtomicReferenceArray<>(256);

    /** {@code callbacks.append(cb)}; on an empty queue without Vector's appendAll path. */
    private Vector<RcuCallback> queued(RcuCallback cb) {
        return callbacks.isEmpty() ? Vector.of(cb) : callbacks.append(cb);
    }

    private Machine with(Map<Integer, Page> pages, Map<Integer, Mm> mms, Vector<Table> tables,
                         TreeMap<Integer, TreeSet<Integer>> readers, Vector<RcuCallback> callbacks, Event event) {
        return with(pages, mms, tables, readers, callbacks, event, free);
    }

    /** {@link #with}, for the two primitives that allocate or free a page. */
    private Machine with(Map<Integer, Page> pages, Map<Integer, Mm> mms, Vector<Table> tables,
                         TreeMap<Integer, TreeSet<Integer>> readers, Vector<RcuCallback> callbacks, Event event,
                         FreePfns free) {
        if (budget <= 0) {
            throw new StrategyLoopException();
        }
        List<Event> l = tracing && event != null ? log.prepend(event) : log;
        return new Machine(preset, pages, mms, tables, readers, callbacks, l, tracing, budget - 1, free);
    }

    private Machine withPage(Page p, String event) {
        return with(pages.put(p.pfn(), p), mms, tables, readers, callbacks,
                event == null ? null : new Event(event, p.pfn()));
    }

    private Machine withMm(Mm mm, String event) {
        return with(pages, mms.put(mm.id(), mm), tables, readers, callbacks,
                event == null ? null : new Event(event, -1));
    }

    /** The same state, recording events from now on (or not). */
    public Machine tracing(boolean on) {
        return new Machine(preset, pages, mms, tables, readers, callbacks, List.empty(), on, budget, free);
    }

    /** The same state with an empty log and a fresh loop guard: the executor calls it before each operation. */
    public Machine beginOperation() {
        return new Machine(preset, pages, mms, tables, readers, callbacks, List.empty(), tracing,
                PRIMITIVES_PER_OPERATION, free);
    }

    /** The same state and log with a fresh loop guard: each callback an rcu_barrier() runs gets one. */
    public Machine refreshBudget() {
        return new Machine(preset, pages, mms, tables, readers, callbacks, log, tracing, PRIMITIVES_PER_OPERATION, free);
    }

    /**
     * Adds a line of narrative to the trace: a strategy's explanation of a decision. It counts
     * against the loop guard like a primitive, so a loop that only notes still ends.
     */
    public Machine note(String text) {
        if (budget <= 0) {
            throw new StrategyLoopException();
        }
        return new Machine(preset, pages, mms, tables, readers, callbacks,
                tracing ? log.prepend(new Event(text, -1)) : log, tracing, budget - 1, free);
    }

    /**
     * The same as {@link #note(String)}, the text built only while tracing: for narrative that
     * costs string building on a path the model runs millions of times.
     */
    public Machine note(java.util.function.Supplier<String> text) {
        return note(tracing ? text.get() : "");
    }

    private static Either<Violation, Machine> ok(Machine m) {
        return Either.right(m);
    }

    private Either<Violation, Machine> fail(Invariant inv, int pfn, String field, String before,
                                            String after, String detail) {
        Violation v = Violation.of(inv, pfn, field, before, after, detail);
        return Either.left(tracing ? v.withEvents(log()) : v);
    }

    /**
     * A write to a page that is no longer allocated is a use after free by the kernel itself;
     * the violation names the field written ({@code flags}, {@code lru}, ...) and the call.
     * Primitives look the page up themselves and call this when it is not there.
     */
    private Either<Violation, Machine> writeAfterFree(int pfn, String field, String call) {
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
        int pfn = free.lowest();
        Page p = Page.fresh(pfn);
        return new PageAlloc(with(pages.put(pfn, p), mms, tables, readers, callbacks,
                tracing ? new Event("alloc_page() = page " + pfn, pfn) : null, free.allocated(pfn)), pfn);
    }

    /**
     * {@code __free_page()}: drops the allocation reference and returns the page to the
     * allocator, after the allocator's own checks ({@code free_pages_prepare}) and ours: no
     * table in it may be attached or waiting for its grace period.
     */
    public Either<Violation, Machine> freePage(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return fail(Invariant.DOUBLE_FREE, pfn, "page", "free", "freed again",
                    "__free_page(page " + pfn + ") on a page already returned to the page allocator");
        }
        Table blocker = graceBlocker(p);
        if (blocker != null) {
            return graceViolation(blocker, "__free_page(page " + pfn + ")");
        }
        if (p.refcount() != 1) {
            return fail(Invariant.BAD_PAGE_STATE, pfn, "_refcount", String.format("0x%08x", p.refcount()),
                    String.format("0x%08x", p.refcount() - 1),
                    "__free_page(page " + pfn + ") leaves _refcount non-zero: bits still set in it");
        }
        if (p.ptFragRefcount() != 0) {
            return fail(Invariant.BAD_PAGE_STATE, pfn, "pt_frag_refcount", Integer.toString(p.ptFragRefcount()),
                    "page freed", "page " + pfn + " freed while pt_frag_refcount is " + p.ptFragRefcount());
        }
        if (p.active()) {
            return fail(Invariant.BAD_PAGE_STATE, pfn, "flags", p.flagNames(), "page freed",
                    "page " + pfn + " freed with PG_active set (PAGE_FLAGS_CHECK_AT_FREE: \"Bad page state\")");
        }
        if (p.pageTable()) {
            return fail(Invariant.BAD_PAGE_STATE, pfn, "page_type", "PageTable", "page freed",
                    "page " + pfn + " freed with the PageTable type still set: the page-table destructor did not run");
        }
        if (!(p.words() instanceof Words.Unused) && !(p.words() instanceof Words.LruEmpty)) {
            return fail(Invariant.UNION_CLOBBER, pfn, p.words().field(), p.words().describe(),
                    "lru (buddy free list)", "page " + pfn + " freed while its " + p.words().field()
                            + " is live: the buddy allocator links the page through lru");
        }
        return ok(with(pages.remove(pfn), mms, tables, readers, callbacks,
                tracing ? new Event("__free_page(page " + pfn + ")", pfn) : null, free.freed(pfn)));
    }

    /**
     * Every table in the page must be detached and past its grace period before the page (or
     * its split ptlock) goes back to the allocator: the first that is not, in fragment order, or null.
     */
    private Table graceBlocker(Page p) {
        for (io.vavr.Tuple2<Integer, Integer> frag : p.frags()) {
            Table t = tables.get(frag._2);
            if (!t.gracePassed()) {
                return t;
            }
        }
        return null;
    }

    /** The violation of {@code what} on a table that is not past its grace period ({@link Table#gracePassed}). */
    private Either<Violation, Machine> graceViolation(Table t, String what) {
        if (t.attached()) {
            return fail(Invariant.USE_AFTER_FREE, t.pfn(), t.name(), "attached to mm" + t.mm(), what,
                    what + " while " + t.name() + " (fragment " + t.frag() + ") is still attached to mm" + t.mm());
        }
        io.vavr.collection.SortedSet<Integer> holders = t.waitFor().filter(cpu -> readers.get(cpu).map(h -> h.contains(t.id()))
                .getOrElse(false));
        if (!holders.isEmpty()) {
            return fail(Invariant.USE_AFTER_FREE, t.pfn(), t.name(), "held by cpu" + holders.mkString(",cpu"),
                    what, what + " while cpu" + holders.head() + " still holds " + t.name()
                            + " (looked up before it was detached, still inside rcu_read_lock)");
        }
        return fail(Invariant.EARLY_FREE, t.pfn(), t.name(),
                "grace period pending (cpu" + t.waitFor().mkString(",cpu") + " inside rcu_read_lock)", what,
                what + " before the grace period of " + t.name() + ": cpu" + t.waitFor().head()
                        + " was inside rcu_read_lock when it was detached and has not left");
    }

    // -------------------------------------------------- page-table ctor/dtor

    /** {@code pgtable_pte_page_ctor()}: sets the PageTable type and the split ptlock. */
    public Either<Violation, Machine> pgtablePtePageCtor(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "page_type", "pgtable_pte_page_ctor(page " + pfn + ")");
        }
        return ok(withPage(p.withFlags(p.flags() | Page.PG_TABLE), tracing ? "pgtable_pte_page_ctor(page " + pfn + ")" : null));
    }

    /**
     * {@code pgtable_pte_page_dtor()}: frees the split ptlock and clears the PageTable type.
     * Readers may still take that ptlock, so every table in the page must be past its grace
     * period; a second destructor run is a double free.
     */
    public Either<Violation, Machine> pgtablePtePageDtor(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "page_type", "pgtable_pte_page_dtor(page " + pfn + ")");
        }
        if (!p.pageTable()) {
            return fail(Invariant.DOUBLE_FREE, pfn, "page_type", "not PageTable", "dtor again",
                    "pgtable_pte_page_dtor(page " + pfn + ") on a page whose destructor already ran (ptlock freed twice)");
        }
        Table blocker = graceBlocker(p);
        if (blocker != null) {
            return graceViolation(blocker, "pgtable_pte_page_dtor(page " + pfn + ")");
        }
        return ok(withPage(p.withFlags(p.flags() & ~Page.PG_TABLE), tracing ? "pgtable_pte_page_dtor(page " + pfn + ")" : null));
    }

    // ------------------------------------------------------------ page flags

    /** {@code SetPageActive()}. */
    public Either<Violation, Machine> setPageActive(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "flags", "SetPageActive(page " + pfn + ")");
        }
        return ok(withPage(p.withFlags(p.flags() | Page.PG_ACTIVE), tracing ? "SetPageActive(page " + pfn + ")" : null));
    }

    /** {@code ClearPageActive()}; read the flag first for {@code TestClearPageActive()}. */
    public Either<Violation, Machine> clearPageActive(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "flags", "ClearPageActive(page " + pfn + ")");
        }
        return ok(withPage(p.withFlags(p.flags() & ~Page.PG_ACTIVE), tracing ? "ClearPageActive(page " + pfn + ")" : null));
    }

    // ------------------------------------------------------------------ counts

    /** {@code atomic_set(&page->pt_frag_refcount, v)}. */
    public Either<Violation, Machine> atomicSetPtFragRefcount(int pfn, int v) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "pt_frag_refcount", "atomic_set(pt_frag_refcount, " + hex(v) + ")");
        }
        if (ptClobbered(p, PtUnion.PT_FRAG_REFCOUNT)) {
            return ptClobber(p, PtUnion.PT_FRAG_REFCOUNT, v, "atomic_set(pt_frag_refcount, " + hex(v) + ")");
        }
        return ok(withPage(p.withPt(PtUnion.PT_FRAG_REFCOUNT, v),
                tracing ? "atomic_set(pt_frag_refcount, " + hex(v) + ")" + " [page " + pfn + "]" : null));
    }

    /**
     * {@code atomic_add_return(delta, &page->pt_frag_refcount)} (negative delta for sub and
     * dec); read the result from the returned machine. A result below zero is the
     * {@code BUG_ON} of {@code pte_fragment_free()}.
     */
    public Either<Violation, Machine> atomicAddPtFragRefcount(int pfn, int delta) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "pt_frag_refcount", addCall(delta) + ", pt_frag_refcount)");
        }
        int before = p.ptFragRefcount();
        int after = before + delta;
        if (after < 0) {
            return fail(Invariant.REFCOUNT_UNDERFLOW, pfn, "pt_frag_refcount", hex(before), hex(after),
                    "pt_frag_refcount of page " + pfn + " would go below zero (BUG_ON in pte_fragment_free)");
        }
        if (ptClobbered(p, PtUnion.PT_FRAG_REFCOUNT)) {
            return ptClobber(p, PtUnion.PT_FRAG_REFCOUNT, after,
                    addCall(delta) + ", pt_frag_refcount): " + hex(before) + " -> " + hex(after));
        }
        return ok(withPage(p.withPt(PtUnion.PT_FRAG_REFCOUNT, after), tracing
                ? addCall(delta) + ", pt_frag_refcount): " + hex(before) + " -> " + hex(after) + " [page " + pfn + "]"
                : null));
    }

    private static String addCall(int delta) {
        return delta < 0 ? "atomic_sub(" + hex(-delta) : "atomic_add(" + hex(delta);
    }

    /** Sets {@code pt_mm}, which shares its word with {@code pt_frag_refcount}. */
    public Either<Violation, Machine> setPtMm(int pfn, int mm) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "pt_mm", "pt_mm = mm" + mm);
        }
        if (ptClobbered(p, PtUnion.PT_MM)) {
            return ptClobber(p, PtUnion.PT_MM, mm, "pt_mm = mm" + mm);
        }
        return ok(withPage(p.withPt(PtUnion.PT_MM, mm), tracing ? "pt_mm = mm" + mm + " [page " + pfn + "]" : null));
    }

    /** Whether writing {@code field} would write over another field of the {@code pt_mm} union. */
    private static boolean ptClobbered(Page p, PtUnion field) {
        return p.ptUnion() != PtUnion.NONE && p.ptUnion() != field;
    }

    private Either<Violation, Machine> ptClobber(Page p, PtUnion field, int v, String event) {
        return fail(Invariant.UNION_CLOBBER, p.pfn(), p.ptUnion().field(),
                p.ptUnion().field() + "=" + p.ptValue(), field.field() + "=" + v,
                event + " writes over " + p.ptUnion().field() + ", which shares its word");
    }

    private static String hex(int v) {
        return Math.abs(v) >= 0x1000 ? String.format("0x%x", v) : Integer.toString(v);
    }

    /**
     * {@code atomic_xor_bits(&page->_refcount, bits)}, s390's use of the upper byte of
     * {@code _refcount}; read the result from the returned machine.
     */
    public Either<Violation, Machine> atomicXorBits(int pfn, int bits) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "_refcount", String.format("atomic_xor_bits(_refcount, 0x%02x<<24)", bits >>> 24));
        }
        return ok(withPage(p.withRefcount(p.refcount() ^ bits), tracing
                ? String.format("atomic_xor_bits(_refcount, 0x%02x<<24): byte 0x%02x -> 0x%02x [page %d]",
                        bits >>> 24, p.refcount() >>> 24, (p.refcount() ^ bits) >>> 24, pfn)
                : null));
    }

    // -------------------------------------------------------------- lists

    /** {@code INIT_LIST_HEAD(&page->lru)}. */
    public Either<Violation, Machine> initListHead(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "lru", "INIT_LIST_HEAD(page " + pfn + " lru)");
        }
        return writeLru(p, Words.LRU_EMPTY, INIT_LIST_HEAD, -1);
    }

    /** {@code list_add(&page->lru, &mm->context.pgtable_list)}: at the head. */
    public Either<Violation, Machine> listAdd(int mm, int pfn) {
        return listInsert(mm, pfn, LIST_ADD);
    }

    /** {@code list_add_tail(&page->lru, &mm->context.pgtable_list)}. */
    public Either<Violation, Machine> listAddTail(int mm, int pfn) {
        return listInsert(mm, pfn, LIST_ADD_TAIL);
    }

    private Either<Violation, Machine> listInsert(int mmId, int pfn, int call) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "lru", lruCall(call, pfn, mmId));
        }
        if (p.words() instanceof Words.LruLinked linked) {
            return fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), "lru (on mm" + mmId + " pgtable_list)",
                    lruCall(call, pfn, mmId) + " while the page is already on mm" + linked.mm()
                            + " pgtable_list (list_add double add)");
        }
        Either<Violation, Machine> r = writeLru(p, Words.lru(mmId), call, mmId);
        if (r.isLeft()) {
            return r;
        }
        Machine m = r.get();
        Mm mm = m.mm(mmId);
        return ok(m.withMm(mm.withList(call == LIST_ADD ? mm.pgtableList().prepend(pfn) : mm.pgtableList().append(pfn)),
                null));
    }

    /** {@code list_del_init(&page->lru)}: off its list (if on one), lru left pointing at itself. */
    public Either<Violation, Machine> listDelInit(int pfn) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "lru", lruCall(LIST_DEL_INIT, pfn, -1));
        }
        if (p.words() instanceof Words.Unused) {
            return fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), "lru (empty)",
                    lruCall(LIST_DEL_INIT, pfn, -1) + " on words that were never initialised as a list (or an"
                            + " rcu_head used them): list_del follows garbage pointers");
        }
        if (p.words() instanceof Words.LruLinked linked) {
            Mm mm = mm(linked.mm());
            Either<Violation, Machine> r = writeLru(p, Words.LRU_EMPTY, LIST_DEL_INIT, -1);
            return r.isLeft() ? r : ok(r.get().withMm(mm.withList(mm.pgtableList().remove(pfn)), null));
        }
        return writeLru(p, Words.LRU_EMPTY, LIST_DEL_INIT, -1);
    }

    // The list primitive a write to lru comes from: its text for a trace or a violation.
    private static final int INIT_LIST_HEAD = 0;
    private static final int LIST_ADD = 1;
    private static final int LIST_ADD_TAIL = 2;
    private static final int LIST_DEL_INIT = 3;

    private static String lruCall(int call, int pfn, int mm) {
        switch (call) {
            case INIT_LIST_HEAD:
                return "INIT_LIST_HEAD(&page->lru)";
            case LIST_ADD:
                return "list_add(page " + pfn + " lru, mm" + mm + " pgtable_list)";
            case LIST_ADD_TAIL:
                return "list_add_tail(page " + pfn + " lru, mm" + mm + " pgtable_list)";
            default:
                return "list_del_init(page " + pfn + " lru)";
        }
    }

    private Either<Violation, Machine> writeLru(Page p, Words lru, int call, int mm) {
        if (p.words() instanceof Words.RcuHeadQueued) {
            return fail(Invariant.UNION_CLOBBER, p.pfn(), "rcu_head", p.words().describe(), lru.describe(),
                    lruCall(call, p.pfn(), mm) + " writes lru over the queued rcu_head of page " + p.pfn()
                            + " (they share the same words)");
        }
        return ok(withPage(p.withWords(lru), tracing ? lruCall(call, p.pfn(), mm) : null));
    }

    // -------------------------------------------------------------- per mm

    /** Sets powerpc's {@code mm->context.pte_frag} to fragment {@code next} of page {@code pfn}. */
    public Machine pteFragSet(int mm, int pfn, int next) {
        return withMm(mm(mm).withPteFrag(pfn, next),
                tracing ? "mm" + mm + "->context.pte_frag = page " + pfn + " fragment " + next : null);
    }

    /** Clears powerpc's {@code mm->context.pte_frag}: the page has no fragment left to hand out. */
    public Machine pteFragClear(int mm) {
        return withMm(mm(mm).withPteFrag(-1, 0), tracing ? "mm" + mm + "->context.pte_frag = NULL" : null);
    }

    // ------------------------------------------------------------------- RCU

    /**
     * {@code call_rcu(&page->rcu_head, func)}: the callback waits for every CPU inside a
     * read-side section now. Queuing a head that is still queued is {@code RCU_HEAD_REUSE};
     * queuing it over a linked {@code lru} is {@code UNION_CLOBBER}.
     */
    public Either<Violation, Machine> callRcu(int pfn, String func) {
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return writeAfterFree(pfn, "rcu_head", callRcuCall(pfn, func));
        }
        if (p.words() instanceof Words.RcuHeadQueued queued) {
            return fail(Invariant.RCU_HEAD_REUSE, pfn, "rcu_head", p.words().describe(),
                    "queued again, func=" + func, callRcuCall(pfn, func) + " while that rcu_head is still queued for "
                            + queued.func() + ": one rcu_head per page, two call_rcu");
        }
        if (p.words() instanceof Words.LruLinked) {
            return fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), Words.rcuHead(func).describe(),
                    callRcuCall(pfn, func) + " writes rcu_head over lru while the page is on a list (they share the"
                            + " same words)");
        }
        Page queued = p.withWords(Words.rcuHead(func));
        RcuCallback cb = new RcuCallback(new RcuHead.OfPage(pfn), func, readersInside());
        return ok(with(pages.put(pfn, queued), mms, tables, readers, queued(cb),
                tracing ? new Event(callRcuCall(pfn, func) + waits(cb), pfn) : null));
    }

    private static String callRcuCall(int pfn, String func) {
        return "call_rcu(page " + pfn + " rcu_head, " + func + ")";
    }

    /**
     * {@code tlb_remove_table()}: the table joins an mmu_gather batch, which has an rcu_head
     * of its own; after a grace period the strategy's {@code __tlb_remove_table} runs for it.
     */
    public Either<Violation, Machine> tlbRemoveTable(int table) {
        RcuCallback cb = new RcuCallback(new RcuHead.OfBatch(table), "tlb_remove_table_rcu", readersInside());
        return ok(with(pages, mms, tables, readers, queued(cb),
                tracing ? new Event("tlb_remove_table(t" + table + ")" + waits(cb), tables.get(table).pfn()) : null));
    }

    private static String waits(RcuCallback cb) {
        return cb.waitFor().isEmpty() ? "" : ", waits for cpu" + cb.waitFor().mkString(",cpu");
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
        int seen = -1;
        for (int i = 0; i < callbacks.size(); i++) {
            RcuCallback cb = callbacks.get(i);
            if (cb.eligible() && ++seen == k) {
                Map<Integer, Page> ps = pages;
                if (cb.head() instanceof RcuHead.OfPage h) {
                    Page p = pages.getOrElse(h.pfn(), null);
                    if (p != null && p.words() instanceof Words.RcuHeadQueued) {
                        ps = pages.put(p.pfn(), p.withWords(Words.UNUSED));
                    }
                }
                int pfn = cb.head() instanceof RcuHead.OfPage h ? h.pfn() : -1;
                return new Taken(with(ps, mms, tables, readers,
                        callbacks.size() == 1 ? Vector.empty() : callbacks.removeAt(i),
                        tracing ? new Event("rcu: " + cb.func() + "(" + cb.head() + ")", pfn) : null), cb);
            }
        }
        throw new IllegalArgumentException("no eligible callback " + k);
    }

    // ------------------------------------------- the executor's operations

    /**
     * The pmd now points at a new table in {@code slot} (executor only, after
     * {@code pte_alloc_one}). Handing out a fragment that another table still uses is
     * {@code DOUBLE_ALLOC}; one whose table has not had its grace period is
     * {@code USE_AFTER_FREE} or {@code EARLY_FREE}.
     */
    public Either<Violation, Machine> attach(int mmId, Slot slot) {
        int pfn = slot.pfn();
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return fail(Invariant.USE_AFTER_FREE, pfn, "page", "free", "table handed out",
                    attachCall(slot) + ", a page that is not allocated");
        }
        if (slot.frag() < 0 || slot.frag() >= preset.tablesPerPage()) {
            throw new IllegalStateException(attachCall(slot) + ": fragment out of range 0.."
                    + (preset.tablesPerPage() - 1));
        }
        Integer prev = p.frags().getOrElse(slot.frag(), null);
        if (prev != null) {
            Table old = tables.get(prev);
            if (old.attached()) {
                return fail(Invariant.DOUBLE_ALLOC, pfn, old.name(), "in use by mm" + old.mm(),
                        "handed out again", attachCall(slot) + " while " + old.name() + " still uses it");
            }
            if (!old.gracePassed()) {
                return graceViolation(old, attachCall(slot));
            }
        }
        Table t = new Table(tables.size(), mmId, pfn, slot.frag(), true, NO_CPUS);
        Mm mm = mm(mmId);
        return ok(with(pages.put(pfn, p.withFrag(slot.frag(), t.id())), mms.put(mmId, mm), tables.append(t),
                readers, callbacks, tracing ? new Event("pmd_populate: " + t.name() + " = page " + pfn + " fragment "
                        + slot.frag() + " for mm" + mmId, pfn) : null));
    }

    private static String attachCall(Slot slot) {
        return "pte_alloc_one handing out page " + slot.pfn() + " fragment " + slot.frag();
    }

    /**
     * Clears the pmd that points at {@code table} (executor only). The table remembers the
     * CPUs inside a read-side section now: any of them may have loaded the pmd a moment ago.
     */
    public Machine detach(int table) {
        Table t = tables.get(table);
        return with(pages, mms, tables.update(table, t.detached(readersInside())), readers, callbacks,
                tracing ? new Event("pmd_clear: " + t.name() + " detached" + (readers.isEmpty() ? ""
                        : ", cpu" + readers.keySet().mkString(",cpu") + " may still hold it"), t.pfn()) : null);
    }

    /** {@code rcu_read_lock()} on {@code cpu} (executor only). */
    public Machine rcuReadLock(int cpu) {
        return with(pages, mms, tables, readers.put(cpu, NO_CPUS), callbacks, null);
    }

    /** A reader on {@code cpu} looks {@code table} up and keeps the pointer (executor only). */
    public Machine lookup(int cpu, int table) {
        return with(pages, mms, tables, readers.put(cpu, readers.getOrElse(cpu, null).add(table)), callbacks, null);
    }

    /**
     * {@code rcu_read_unlock()} on {@code cpu} (executor only): it drops what it held, and
     * every table and callback stops waiting for it.
     */
    public Machine rcuReadUnlock(int cpu) {
        // Only the tables and callbacks that wait for this CPU change (most wait for none). Read
        // through iterators: an indexed get per element made this a tenth as fast.
        Vector<Table> ts = tables;
        int i = 0;
        for (Table t : tables) {
            if (!t.waitFor().isEmpty() && t.waitFor().contains(cpu)) {
                ts = ts.update(i, t.withWaitFor(t.waitFor().remove(cpu)));
            }
            i++;
        }
        Vector<RcuCallback> cbs = callbacks;
        i = 0;
        for (RcuCallback c : callbacks) {
            if (!c.waitFor().isEmpty() && c.waitFor().contains(cpu)) {
                cbs = cbs.update(i, c.withWaitFor(c.waitFor().remove(cpu)));
            }
            i++;
        }
        return with(pages, mms, ts, readers.remove(cpu), cbs, null);
    }

    /** Marks the mm as exited (executor only, after its tables went through mmu_gather). */
    public Machine exitMmDone(int mm) {
        return withMm(mm(mm).withExited(), null);
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
        return hashCode() == m.hashCode() && preset.equals(m.preset) && pages.equals(m.pages)
                && mms.equals(m.mms) && tables.equals(m.tables) && readers.equals(m.readers)
                && callbacks.equals(m.callbacks);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(preset, pages, mms, tables, readers, callbacks);
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
