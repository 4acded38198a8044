package io.github.ptcheck.model;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.List;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;

/**
 * How a {@link Machine} holds its state, and the copy-on-write plumbing the primitives' bodies
 * (the subsystem files beside it) change it through; {@code Machine} itself is the API. Kept
 * apart so that the representation can change without touching what strategies call.
 *
 * <p>Pages (by pfn), mms (by number), tables (by t-number) and readers (by CPU) are
 * {@link IntTrie}s, the RCU queue a {@link CallbackQueue}: for the small states the explorer
 * visits, plain arrays indexed by number, so a primitive copies the one short array it changes
 * (instead of a persistent map's path, boxed keys and all), and the codec and the executor read
 * them by index; for the large states of a long replay, tries and vectors, O(log n) a change. A
 * machine is allocated per primitive call, so it holds nothing else but its loop guard and an
 * {@link Inflight} shared while it does not change, which holds the run's {@link Boot}: seven
 * references and two ints, 48 bytes with the header (a field more made every machine 56).
 */
abstract class MachineState {

    /** Allocated pages by pfn (alloc_page takes the lowest free pfn, so they are dense). */
    final Object pages;
    /** The mms that have been used, by number. */
    final Object mms;
    /** Tables by t-number, t0 up. */
    final Object tables;
    /** The CPUs inside a read-side section, to their sections. */
    final Object readers;
    /** Queued RCU callbacks, oldest first. */
    final Object callbacks;
    /** Spinlocks held, by name, to the CPU holding them; none between operations. */
    final HeldLocks locks;

    // Not state: excluded from equals and hashCode.
    /**
     * The loop guard: primitive calls this operation may still make. The one field written after
     * construction, and only to its full allowance, by {@link Machine#beginOperation} and
     * {@link Machine#refreshBudget} on a machine whose in-flight part stays: a machine that begins
     * an operation is one no operation is running on (the explorer's stored states, each the
     * start of many operations one after another), so its guard starts the next operation full
     * whatever the last one used, as a copy's would, without a copy per operation. A primitive
     * reads it once, into the machine it makes.
     */
    int budget;
    final Inflight inflight;
    /**
     * Derived: how many tables and callbacks wait for some CPU (a non-empty {@code waitFor}), so
     * that a reader leaving skips looking at every table when none waits.
     */
    final int waiting;

    /**
     * What a run fixes at boot: the preset, the generic mm code, and whether events are recorded;
     * and the in-flight part of its machines between operations.
     */
    static final class Boot {
        private final Preset preset;
        private final MmConfig config;
        private final boolean tracing;
        /** Nothing logged, batch pages, no scheduler: what an operation of this run begins with. */
        final Inflight idle;

        Boot(Preset preset, MmConfig config, boolean tracing) {
            this.preset = preset;
            this.config = config;
            this.tracing = tracing;
            this.idle = new Inflight(this, List.empty(), TlbContext.BATCH, null);
        }

        Preset preset() {
            return preset;
        }

        MmConfig config() {
            return config;
        }

        boolean tracing() {
            return tracing;
        }
    }

    /**
     * What one operation carries besides state: the run's boot, its events while tracing (newest
     * first), its mmu_gather context, and in an interleaved run the CPU context of the routine it
     * was handed to.
     */
    record Inflight(Boot boot, List<Event> log, TlbContext tlb, Scheduling ctx) {
    }

    /** What the run this machine belongs to fixed when it booted. */
    final Boot booted() {
        return inflight.boot();
    }

    /** In an interleaved run, the CPU context this snapshot was handed to; else null. */
    final Scheduling ctx() {
        return inflight.ctx();
    }

    static final Page[] NO_PAGES = {};
    static final Mm[] NO_MMS = {};
    static final Table[] NO_TABLES = {};
    static final Reader[] NO_READERS = {};
    static final HeldLocks NO_LOCKS = HeldLocks.NONE;

    MachineState(Object pages, Object mms, Object tables, Object readers, Object callbacks,
                 HeldLocks locks, int budget, Inflight inflight, int waiting) {
        this.pages = pages;
        this.mms = mms;
        this.tables = tables;
        this.readers = readers;
        this.callbacks = callbacks;
        this.locks = locks;
        this.budget = budget;
        this.inflight = inflight;
        this.waiting = waiting;
    }

    /** The same state with another loop guard and in-flight part. */
    Machine with(int budget, Inflight inflight) {
        return new Machine(pages, mms, tables, readers, callbacks, locks, budget, inflight, waiting);
    }

    static final TreeSet<Integer> NO_CPUS = CpuSets.NONE;

    /** The CPUs inside a read-side section now (of either kind). */
    SortedSet<Integer> readersInside() {
        return readersInside(null);
    }

    /** The CPUs inside a read-side section of kind {@code section} now, or of any kind if it is null. */
    SortedSet<Integer> readersInside(ReadSection section) {
        if (readers instanceof Object[] a && a.length <= 8) {
            // The small machines the explorer visits: the readers by CPU in one short array.
            int mask = 0;
            for (int cpu = 0; cpu < a.length; cpu++) {
                Object r = a[cpu];
                if (r != null && (section == null || ((Reader) r).section() == section)) {
                    mask |= 1 << cpu;
                }
            }
            return CpuSets.of(mask);
        }
        int mask = 0;
        for (int cpu = IntTrie.next(readers, 0); cpu >= 0; cpu = IntTrie.next(readers, cpu + 1)) {
            if (section != null && ((Reader) IntTrie.get(readers, cpu)).section() != section) {
                continue;
            }
            if (cpu >= 8) {
                return CpuSets.inside(readers, section);
            }
            mask |= 1 << cpu;
        }
        return CpuSets.of(mask);
    }

    /** The lowest free pfn: where {@code alloc_page()} takes its page. */
    int lowestFreePfn() {
        return IntTrie.firstFree(pages);
    }

    /** The machine with these parts of its state; one step of the loop guard. */
    private Machine with(Object pages, Object mms, Object tables, Object readers, Object callbacks, Event event) {
        return with(pages, mms, tables, readers, callbacks, event, waiting);
    }

    /** {@link #with}, with {@code waiting} tables and callbacks waiting for some CPU. */
    private Machine with(Object pages, Object mms, Object tables, Object readers, Object callbacks, Event event,
                         int waiting) {
        if (budget <= 0) {
            throw new Machine.StrategyLoopException();
        }
        return new Machine(pages, mms, tables, readers, callbacks, locks, budget - 1, logging(event), waiting);
    }

    /** The in-flight part with {@code event} logged, while tracing. */
    private Inflight logging(Event event) {
        return booted().tracing() && event != null ? new Inflight(inflight.boot(), inflight.log().prepend(event),
                inflight.tlb(), inflight.ctx()) : inflight;
    }

    /** The spinlocks held replaced by {@code l}; one step of the loop guard. */
    Machine withLocks(HeldLocks l, Event event) {
        if (budget <= 0) {
            throw new Machine.StrategyLoopException();
        }
        return new Machine(pages, mms, tables, readers, callbacks, l, budget - 1, logging(event), waiting);
    }

    private static int waits(SortedSet<Integer> waitFor) {
        return CpuSets.none(waitFor) ? 0 : 1;
    }

    Machine withPage(Page p, String event) {
        return withPage(p, event == null ? null : new Event(event, p.pfn()));
    }

    /** The page {@code p} put at its pfn (allocated, or changed). */
    Machine withPage(Page p, Event event) {
        return with(IntTrie.put(pages, p.pfn(), p), mms, tables, readers, callbacks, event);
    }

    /** Page {@code pfn} returned to the allocator. */
    Machine withoutPage(int pfn, Event event) {
        return with(IntTrie.remove(pages, pfn, NO_PAGES), mms, tables, readers, callbacks, event);
    }

    Machine withMm(Mm mm, String event) {
        Event e = event == null ? null : new Event(event, -1);
        return with(pages, IntTrie.put(mms, mm.id(), mm), tables, readers, callbacks, e);
    }

    /** {@code cb} queued, and {@code p} (its page with the head queued, or null for a batch) put. */
    Machine withQueued(Page p, RcuCallback cb, Event event) {
        return with(p == null ? pages : IntTrie.put(pages, p.pfn(), p), mms, tables, readers,
                CallbackQueue.appended(callbacks, cb), event, waiting + waits(cb.waitFor()));
    }

    /** The {@code i}-th queued callback taken off the queue, and {@code p} (its page, or null) put. */
    Machine withTaken(int i, Page p, Event event) {
        return with(p == null ? pages : IntTrie.put(pages, p.pfn(), p), mms, tables, readers,
                CallbackQueue.removed(callbacks, i), event, waiting - waits(CallbackQueue.get(callbacks, i).waitFor()));
    }

    /** Table {@code t} handed out ({@code t.id()} is the next t-number) in page {@code p}, its mm marked used. */
    Machine withAttached(Page p, Table t, Event event) {
        Object ms = IntTrie.get(mms, t.mm()) == null ? IntTrie.put(mms, t.mm(), Mm.fresh(t.mm())) : mms;
        return with(IntTrie.put(pages, p.pfn(), p), ms, IntTrie.put(tables, t.id(), t), readers, callbacks, event,
                waiting + waits(t.waitFor()));
    }

    /** Table {@code t} replaced (by t-number). */
    Machine withTable(Table t, Event event) {
        Table old = (Table) IntTrie.get(tables, t.id());
        return with(pages, mms, IntTrie.put(tables, t.id(), t), readers, callbacks, event,
                waiting + waits(t.waitFor()) - waits(old.waitFor()));
    }

    /** {@code cpu} inside section {@code r} (entered, or looked a table up). */
    Machine withReader(int cpu, Reader r, Event event) {
        return with(pages, mms, tables, IntTrie.put(readers, cpu, r), callbacks, event);
    }

    /**
     * {@code cpu} out of its section: every table and callback that waits for it stops waiting
     * (only those change, and most wait for none).
     */
    Machine withLeft(int cpu) {
        Object readersLeft = IntTrie.remove(readers, cpu, NO_READERS);
        if (waiting == 0) {
            return with(pages, mms, tables, readersLeft, callbacks, null);
        }
        // The arrays of the explorer's small states by index: the lambdas of a walk, and the
        // arrays they capture to write to, were allocated on every reader leaving. The trie and
        // vector of a long replay's large states in one O(n) walk each.
        Leaving l = new Leaving(cpu);
        if (tables instanceof Table[] ts) {
            for (int id = 0; id < ts.length; id++) {
                l.table(ts[id], id);
            }
        } else {
            IntTrie.forEach(tables, (t, id) -> l.table((Table) t, id));
        }
        if (callbacks instanceof RcuCallback[] cbs) {
            for (int i = 0; i < cbs.length; i++) {
                l.callback(cbs[i], i);
            }
        } else {
            CallbackQueue.forEach(callbacks, l::callback);
        }
        return with(pages, mms, l.tables, readersLeft, l.callbacks, null, waiting - l.done);
    }

    /** The tables and callbacks as {@code cpu} leaves its section, built up one at a time. */
    private final class Leaving {
        private final int cpu;
        private Object tables = MachineState.this.tables;
        private Object callbacks = MachineState.this.callbacks;
        /** How many stopped waiting for any CPU. */
        private int done;

        Leaving(int cpu) {
            this.cpu = cpu;
        }

        /** Table {@code t}, t-number {@code id} (null for none), no longer waiting for {@code cpu}. */
        void table(Table t, int id) {
            if (t != null && !CpuSets.none(t.waitFor()) && t.waitFor().contains(cpu)) {
                Table left = t.withWaitFor(CpuSets.without(t.waitFor(), cpu));
                tables = IntTrie.put(tables, id, left);
                done += waits(left.waitFor()) == 0 ? 1 : 0;
            }
        }

        /** The {@code i}-th queued callback {@code c} no longer waiting for {@code cpu}. */
        void callback(RcuCallback c, int i) {
            if (!CpuSets.none(c.waitFor()) && c.waitFor().contains(cpu)) {
                RcuCallback left = c.withWaitFor(CpuSets.without(c.waitFor(), cpu));
                callbacks = CallbackQueue.replaced(callbacks, i, left);
                done += waits(left.waitFor()) == 0 ? 1 : 0;
            }
        }
    }
}
