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
    private int hash;

    private Machine(Preset preset, Map<Integer, Page> pages, Map<Integer, Mm> mms, Vector<Table> tables,
                    TreeMap<Integer, TreeSet<Integer>> readers, Vector<RcuCallback> callbacks,
                    List<Event> log, boolean tracing, int budget) {
        this.preset = preset;
        this.pages = pages;
        this.mms = mms;
        this.tables = tables;
        this.readers = readers;
        this.callbacks = callbacks;
        this.log = log;
        this.tracing = tracing;
        this.budget = budget;
    }

    /** A machine with no page allocated, no mm, no reader inside and nothing queued. */
    public static Machine boot(Preset preset) {
        Objects.requireNonNull(preset, "preset");
        return new Machine(preset, HashMap.empty(), HashMap.empty(), Vector.empty(), TreeMap.empty(),
                Vector.empty(), List.empty(), false, PRIMITIVES_PER_OPERATION);
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
        return pages.containsKey(pfn);
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
        return mms.getOrElse(id, null) == null ? Mm.fresh(id) : mms.get(id).get();
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

    private Machine with(Map<Integer, Page> pages, Map<Integer, Mm> mms, Vector<Table> tables,
                         TreeMap<Integer, TreeSet<Integer>> readers, Vector<RcuCallback> callbacks, Event event) {
        if (budget <= 0) {
            throw new StrategyLoopException();
        }
        List<Event> l = tracing && event != null ? log.prepend(event) : log;
        return new Machine(preset, pages, mms, tables, readers, callbacks, l, tracing, budget - 1);
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
        return new Machine(preset, pages, mms, tables, readers, callbacks, List.empty(), on, budget);
    }

    /** The same state with an empty log and a fresh loop guard: the executor calls it before each operation. */
    public Machine beginOperation() {
        return new Machine(preset, pages, mms, tables, readers, callbacks, List.empty(), tracing,
                PRIMITIVES_PER_OPERATION);
    }

    /** The same state and log with a fresh loop guard: each callback an rcu_barrier() runs gets one. */
    public Machine refreshBudget() {
        return new Machine(preset, pages, mms, tables, readers, callbacks, log, tracing, PRIMITIVES_PER_OPERATION);
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
                tracing ? log.prepend(new Event(text, -1)) : log, tracing, budget - 1);
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
     */
    private Either<Violation, Page> live(int pfn, String field, String call) {
        Page p = pages.getOrElse(pfn, null);
        if (p != null) {
            return Either.right(p);
        }
        return Either.left(fail(Invariant.USE_AFTER_FREE, pfn, field, "page free", call,
                call + " writes " + field + " of page " + pfn + ", which was already returned to the page allocator")
                .getLeft());
    }

    // ------------------------------------------------------- page allocator

    /** What {@link #allocPage} returns: the new machine and the page it allocated. */
    public record PageAlloc(Machine machine, int pfn) {
    }

    /**
     * {@code alloc_page()}: the lowest free pfn, {@code _refcount} 1, no flags, its words
     * unused. Lowest-free reuse keeps states canonical and lets a freed page come back.
     */
    public PageAlloc allocPage() {
        int pfn = 0;
        while (pages.containsKey(pfn)) {
            pfn++;
        }
        // The search costs one step of the loop guard per page passed over: a strategy that
        // allocates in a loop is stopped before the searches add up to hours.
        if (budget <= pfn) {
            throw new StrategyLoopException();
        }
        Machine charged = new Machine(preset, pages, mms, tables, readers, callbacks, log, tracing, budget - pfn);
        return new PageAlloc(charged.withPage(Page.fresh(pfn), "alloc_page() = page " + pfn), pfn);
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
        Either<Violation, Machine> grace = checkGrace(p, "__free_page(page " + pfn + ")");
        if (grace.isLeft()) {
            return grace;
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
                new Event("__free_page(page " + pfn + ")", pfn)));
    }

    /**
     * Every table in the page must be detached and past its grace period before the page (or
     * its split ptlock) goes back to the allocator.
     */
    private Either<Violation, Machine> checkGrace(Page p, String what) {
        for (Integer id : p.frags().values()) {
            Table t = tables.get(id);
            Either<Violation, Machine> v = checkTableGrace(t, what);
            if (v.isLeft()) {
                return v;
            }
        }
        return ok(this);
    }

    private Either<Violation, Machine> checkTableGrace(Table t, String what) {
        if (t.attached()) {
            return fail(Invariant.USE_AFTER_FREE, t.pfn(), t.name(), "attached to mm" + t.mm(), what,
                    what + " while " + t.name() + " (fragment " + t.frag() + ") is still attached to mm" + t.mm());
        }
        if (t.waitFor().isEmpty()) {
            return ok(this);
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
        return live(pfn, "page_type", "pgtable_pte_page_ctor(page " + pfn + ")").map(p ->
                withPage(p.withFlags(p.flags() | Page.PG_TABLE), "pgtable_pte_page_ctor(page " + pfn + ")"));
    }

    /**
     * {@code pgtable_pte_page_dtor()}: frees the split ptlock and clears the PageTable type.
     * Readers may still take that ptlock, so every table in the page must be past its grace
     * period; a second destructor run is a double free.
     */
    public Either<Violation, Machine> pgtablePtePageDtor(int pfn) {
        String what = "pgtable_pte_page_dtor(page " + pfn + ")";
        return live(pfn, "page_type", what).flatMap(p -> {
            if (!p.pageTable()) {
                return fail(Invariant.DOUBLE_FREE, pfn, "page_type", "not PageTable", "dtor again",
                        what + " on a page whose destructor already ran (ptlock freed twice)");
            }
            return checkGrace(p, what).map(m -> withPage(p.withFlags(p.flags() & ~Page.PG_TABLE), what));
        });
    }

    // ------------------------------------------------------------ page flags

    /** {@code SetPageActive()}. */
    public Either<Violation, Machine> setPageActive(int pfn) {
        return live(pfn, "flags", "SetPageActive(page " + pfn + ")").map(p ->
                withPage(p.withFlags(p.flags() | Page.PG_ACTIVE), "SetPageActive(page " + pfn + ")"));
    }

    /** {@code ClearPageActive()}; read the flag first for {@code TestClearPageActive()}. */
    public Either<Violation, Machine> clearPageActive(int pfn) {
        return live(pfn, "flags", "ClearPageActive(page " + pfn + ")").map(p ->
                withPage(p.withFlags(p.flags() & ~Page.PG_ACTIVE), "ClearPageActive(page " + pfn + ")"));
    }

    // ------------------------------------------------------------------ counts

    /** {@code atomic_set(&page->pt_frag_refcount, v)}. */
    public Either<Violation, Machine> atomicSetPtFragRefcount(int pfn, int v) {
        String call = "atomic_set(pt_frag_refcount, " + hex(v) + ")";
        return live(pfn, "pt_frag_refcount", call).flatMap(p -> writePt(p, PtUnion.PT_FRAG_REFCOUNT, v, call));
    }

    /**
     * {@code atomic_add_return(delta, &page->pt_frag_refcount)} (negative delta for sub and
     * dec); read the result from the returned machine. A result below zero is the
     * {@code BUG_ON} of {@code pte_fragment_free()}.
     */
    public Either<Violation, Machine> atomicAddPtFragRefcount(int pfn, int delta) {
        String op = delta < 0 ? "atomic_sub(" + hex(-delta) : "atomic_add(" + hex(delta);
        return live(pfn, "pt_frag_refcount", op + ", pt_frag_refcount)").flatMap(p -> {
            int before = p.ptFragRefcount();
            int after = before + delta;
            if (after < 0) {
                return fail(Invariant.REFCOUNT_UNDERFLOW, pfn, "pt_frag_refcount", hex(before), hex(after),
                        "pt_frag_refcount of page " + pfn + " would go below zero (BUG_ON in pte_fragment_free)");
            }
            return writePt(p, PtUnion.PT_FRAG_REFCOUNT, after,
                    op + ", pt_frag_refcount): " + hex(before) + " -> " + hex(after));
        });
    }

    /** Sets {@code pt_mm}, which shares its word with {@code pt_frag_refcount}. */
    public Either<Violation, Machine> setPtMm(int pfn, int mm) {
        return live(pfn, "pt_mm", "pt_mm = mm" + mm).flatMap(p -> writePt(p, PtUnion.PT_MM, mm, "pt_mm = mm" + mm));
    }

    private Either<Violation, Machine> writePt(Page p, PtUnion field, int v, String event) {
        if (p.ptUnion() != PtUnion.NONE && p.ptUnion() != field) {
            return fail(Invariant.UNION_CLOBBER, p.pfn(), p.ptUnion().field(),
                    p.ptUnion().field() + "=" + p.ptValue(), field.field() + "=" + v,
                    event + " writes over " + p.ptUnion().field() + ", which shares its word");
        }
        return ok(withPage(p.withPt(field, v), event + " [page " + p.pfn() + "]"));
    }

    private static String hex(int v) {
        return Math.abs(v) >= 0x1000 ? String.format("0x%x", v) : Integer.toString(v);
    }

    /**
     * {@code atomic_xor_bits(&page->_refcount, bits)}, s390's use of the upper byte of
     * {@code _refcount}; read the result from the returned machine.
     */
    public Either<Violation, Machine> atomicXorBits(int pfn, int bits) {
        String call = String.format("atomic_xor_bits(_refcount, 0x%02x<<24)", bits >>> 24);
        return live(pfn, "_refcount", call).map(p -> withPage(p.withRefcount(p.refcount() ^ bits),
                String.format("atomic_xor_bits(_refcount, 0x%02x<<24): byte 0x%02x -> 0x%02x [page %d]",
                        bits >>> 24, p.refcount() >>> 24, (p.refcount() ^ bits) >>> 24, pfn)));
    }

    // -------------------------------------------------------------- lists

    /** {@code INIT_LIST_HEAD(&page->lru)}. */
    public Either<Violation, Machine> initListHead(int pfn) {
        return live(pfn, "lru", "INIT_LIST_HEAD(page " + pfn + " lru)")
                .flatMap(p -> writeLru(p, Words.LRU_EMPTY, "INIT_LIST_HEAD(&page->lru)"));
    }

    /** {@code list_add(&page->lru, &mm->context.pgtable_list)}: at the head. */
    public Either<Violation, Machine> listAdd(int mm, int pfn) {
        return listInsert(mm, pfn, true);
    }

    /** {@code list_add_tail(&page->lru, &mm->context.pgtable_list)}. */
    public Either<Violation, Machine> listAddTail(int mm, int pfn) {
        return listInsert(mm, pfn, false);
    }

    private Either<Violation, Machine> listInsert(int mmId, int pfn, boolean head) {
        String call = (head ? "list_add" : "list_add_tail") + "(page " + pfn + " lru, mm" + mmId + " pgtable_list)";
        return live(pfn, "lru", call).flatMap(p -> {
            if (p.words() instanceof Words.LruLinked linked) {
                return fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), "lru (on mm" + mmId + " pgtable_list)",
                        call + " while the page is already on mm" + linked.mm() + " pgtable_list (list_add double add)");
            }
            return writeLru(p, Words.lru(mmId), call).map(m -> {
                Mm mm = m.mm(mmId);
                return m.withMm(mm.withList(head ? mm.pgtableList().prepend(pfn) : mm.pgtableList().append(pfn)), null);
            });
        });
    }

    /** {@code list_del_init(&page->lru)}: off its list (if on one), lru left pointing at itself. */
    public Either<Violation, Machine> listDelInit(int pfn) {
        String call = "list_del_init(page " + pfn + " lru)";
        return live(pfn, "lru", call).flatMap(p -> {
            if (p.words() instanceof Words.Unused) {
                return fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), "lru (empty)",
                        call + " on words that were never initialised as a list (or an rcu_head used them):"
                                + " list_del follows garbage pointers");
            }
            if (p.words() instanceof Words.LruLinked linked) {
                Mm mm = mm(linked.mm());
                return writeLru(p, Words.LRU_EMPTY, call)
                        .map(m -> m.withMm(mm.withList(mm.pgtableList().remove(pfn)), null));
            }
            return writeLru(p, Words.LRU_EMPTY, call);
        });
    }

    private Either<Violation, Machine> writeLru(Page p, Words lru, String call) {
        if (p.words() instanceof Words.RcuHeadQueued) {
            return fail(Invariant.UNION_CLOBBER, p.pfn(), "rcu_head", p.words().describe(), lru.describe(),
                    call + " writes lru over the queued rcu_head of page " + p.pfn() + " (they share the same words)");
        }
        return ok(withPage(p.withWords(lru), call));
    }

    // -------------------------------------------------------------- per mm

    /** Sets powerpc's {@code mm->context.pte_frag} to fragment {@code next} of page {@code pfn}. */
    public Machine pteFragSet(int mm, int pfn, int next) {
        return withMm(mm(mm).withPteFrag(pfn, next),
                "mm" + mm + "->context.pte_frag = page " + pfn + " fragment " + next);
    }

    /** Clears powerpc's {@code mm->context.pte_frag}: the page has no fragment left to hand out. */
    public Machine pteFragClear(int mm) {
        return withMm(mm(mm).withPteFrag(-1, 0), "mm" + mm + "->context.pte_frag = NULL");
    }

    // ------------------------------------------------------------------- RCU

    /**
     * {@code call_rcu(&page->rcu_head, func)}: the callback waits for every CPU inside a
     * read-side section now. Queuing a head that is still queued is {@code RCU_HEAD_REUSE};
     * queuing it over a linked {@code lru} is {@code UNION_CLOBBER}.
     */
    public Either<Violation, Machine> callRcu(int pfn, String func) {
        String call = "call_rcu(page " + pfn + " rcu_head, " + func + ")";
        return live(pfn, "rcu_head", call).flatMap(p -> {
            if (p.words() instanceof Words.RcuHeadQueued queued) {
                return fail(Invariant.RCU_HEAD_REUSE, pfn, "rcu_head", p.words().describe(),
                        "queued again, func=" + func, call + " while that rcu_head is still queued for "
                                + queued.func() + ": one rcu_head per page, two call_rcu");
            }
            if (p.words() instanceof Words.LruLinked) {
                return fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), Words.rcuHead(func).describe(),
                        call + " writes rcu_head over lru while the page is on a list (they share the same words)");
            }
            Page queued = p.withWords(Words.rcuHead(func));
            RcuCallback cb = new RcuCallback(new RcuHead.OfPage(pfn), func, readers.keySet());
            return ok(with(pages.put(pfn, queued), mms, tables, readers, callbacks.append(cb),
                    new Event(call + waits(cb), pfn)));
        });
    }

    /**
     * {@code tlb_remove_table()}: the table joins an mmu_gather batch, which has an rcu_head
     * of its own; after a grace period the strategy's {@code __tlb_remove_table} runs for it.
     */
    public Either<Violation, Machine> tlbRemoveTable(int table) {
        RcuCallback cb = new RcuCallback(new RcuHead.OfBatch(table), "tlb_remove_table_rcu", readers.keySet());
        return ok(with(pages, mms, tables, readers, callbacks.append(cb),
                new Event("tlb_remove_table(t" + table + ")" + waits(cb), tables.get(table).pfn())));
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
                return new Taken(with(ps, mms, tables, readers, callbacks.removeAt(i),
                        new Event("rcu: " + cb.func() + "(" + cb.head() + ")", pfn)), cb);
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
        String what = "pte_alloc_one handing out page " + pfn + " fragment " + slot.frag();
        Page p = pages.getOrElse(pfn, null);
        if (p == null) {
            return fail(Invariant.USE_AFTER_FREE, pfn, "page", "free", "table handed out",
                    what + ", a page that is not allocated");
        }
        if (slot.frag() < 0 || slot.frag() >= preset.tablesPerPage()) {
            throw new IllegalStateException(what + ": fragment out of range 0.." + (preset.tablesPerPage() - 1));
        }
        Integer prev = p.frags().get(slot.frag()).getOrNull();
        if (prev != null) {
            Table old = tables.get(prev);
            if (old.attached()) {
                return fail(Invariant.DOUBLE_ALLOC, pfn, old.name(), "in use by mm" + old.mm(),
                        "handed out again", what + " while " + old.name() + " still uses it");
            }
            Either<Violation, Machine> g = checkTableGrace(old, what);
            if (g.isLeft()) {
                return g;
            }
        }
        Table t = new Table(tables.size(), mmId, pfn, slot.frag(), true, TreeSet.empty());
        Mm mm = mm(mmId);
        return ok(with(pages.put(pfn, p.withFrag(slot.frag(), t.id())), mms.put(mmId, mm), tables.append(t),
                readers, callbacks, new Event("pmd_populate: " + t.name() + " = page " + pfn + " fragment "
                        + slot.frag() + " for mm" + mmId, pfn)));
    }

    /**
     * Clears the pmd that points at {@code table} (executor only). The table remembers the
     * CPUs inside a read-side section now: any of them may have loaded the pmd a moment ago.
     */
    public Machine detach(int table) {
        Table t = tables.get(table);
        return with(pages, mms, tables.update(table, t.detached(readers.keySet())), readers, callbacks,
                new Event("pmd_clear: " + t.name() + " detached" + (readers.isEmpty() ? ""
                        : ", cpu" + readers.keySet().mkString(",cpu") + " may still hold it"), t.pfn()));
    }

    /** {@code rcu_read_lock()} on {@code cpu} (executor only). */
    public Machine rcuReadLock(int cpu) {
        return with(pages, mms, tables, readers.put(cpu, TreeSet.empty()), callbacks, null);
    }

    /** A reader on {@code cpu} looks {@code table} up and keeps the pointer (executor only). */
    public Machine lookup(int cpu, int table) {
        return with(pages, mms, tables, readers.put(cpu, readers.get(cpu).get().add(table)), callbacks, null);
    }

    /**
     * {@code rcu_read_unlock()} on {@code cpu} (executor only): it drops what it held, and
     * every table and callback stops waiting for it.
     */
    public Machine rcuReadUnlock(int cpu) {
        Vector<Table> ts = tables.map(t -> t.waitFor().contains(cpu) ? t.withWaitFor(t.waitFor().remove(cpu)) : t);
        Vector<RcuCallback> cbs = callbacks.map(c -> c.waitFor().contains(cpu) ? c.withWaitFor(c.waitFor().remove(cpu)) : c);
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
            super("more than " + PRIMITIVES_PER_OPERATION + " kernel primitive calls in one operation"
                    + " (alloc_page() counts the pages its search passes over)", null, false, false);
        }
    }
}
