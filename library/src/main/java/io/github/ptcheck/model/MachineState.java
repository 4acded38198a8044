package io.github.ptcheck.model;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.List;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;

import java.util.Arrays;

/**
 * How a {@link Machine} holds its state, and the copy-on-write plumbing the primitives' bodies
 * (the subsystem files beside it) change it through; {@code Machine} itself is the API. Kept
 * apart so that the representation can change without touching what strategies call.
 */
abstract class MachineState {

    // The state, in small arrays written copy-on-write: a primitive copies the one array it
    // changes (a few references) instead of a persistent map's path, and equality, hashing and
    // the explorer's codec read them by index. A machine is allocated per primitive call, so it
    // holds nothing else but a shared Boot and its loop guard; the Vavr collections of the
    // public reads are built when asked for (Views).
    final Boot boot;
    /** Allocated pages by pfn, null where free; no trailing null (alloc_page takes the lowest free pfn). */
    final Page[] pages;
    /** The mms that have been used, by ascending number. */
    final Mm[] mms;
    /** Tables by t-number. */
    final Table[] tables;
    /** The CPUs inside a read-side section, ascending, and their sections (same index). */
    final int[] readerCpus;
    final Reader[] readers;
    /** Queued RCU callbacks, oldest first. */
    final RcuCallback[] callbacks;

    // Not state: excluded from equals and hashCode.
    final int budget;
    final Inflight inflight;

    /** What a run fixes at boot: the preset, the generic mm code, and whether events are recorded. */
    record Boot(Preset preset, MmConfig config, boolean tracing) {
    }

    /** What one operation carries besides state: its events while tracing (newest first), its mmu_gather context. */
    record Inflight(List<Event> log, TlbContext tlb) {
        static final Inflight IDLE = new Inflight(List.empty(), TlbContext.BATCH);
    }

    MachineState(Boot boot, Page[] pages, Mm[] mms, Table[] tables, int[] readerCpus, Reader[] readers,
                 RcuCallback[] callbacks, int budget, Inflight inflight) {
        this.boot = boot;
        this.pages = pages;
        this.mms = mms;
        this.tables = tables;
        this.readerCpus = readerCpus;
        this.readers = readers;
        this.callbacks = callbacks;
        this.budget = budget;
        this.inflight = inflight;
    }

    /** The same state with another loop guard and in-flight part. */
    Machine with(int budget, Inflight inflight) {
        return new Machine(boot, pages, mms, tables, readerCpus, readers, callbacks, budget, inflight);
    }

    static final Page[] NO_PAGES = {};
    static final Mm[] NO_MMS = {};
    static final Table[] NO_TABLES = {};
    static final int[] NO_CPU_NUMBERS = {};
    static final Reader[] NO_READERS = {};
    static final RcuCallback[] NO_CALLBACKS = {};

    /** The index of mm {@code id}, or {@code -1 - (where it would go)}. */
    int mmIndex(int id) {
        int k = 0;
        while (k < mms.length && mms[k].id() < id) {
            k++;
        }
        return k < mms.length && mms[k].id() == id ? k : -1 - k;
    }

    /** The index of {@code cpu} among the readers, or {@code -1 - (where it would go)}. */
    int readerIndex(int cpu) {
        int k = 0;
        while (k < readerCpus.length && readerCpus[k] < cpu) {
            k++;
        }
        return k < readerCpus.length && readerCpus[k] == cpu ? k : -1 - k;
    }


    static final TreeSet<Integer> NO_CPUS = CpuSets.NONE;

    /** The CPUs inside a read-side section now (of either kind). */
    SortedSet<Integer> readersInside() {
        return readersInside(null);
    }

    /** The CPUs inside a read-side section of kind {@code section} now, or of any kind if it is null. */
    SortedSet<Integer> readersInside(ReadSection section) {
        return CpuSets.inside(readerCpus, readers, section);
    }

    /** The machine with these arrays of its state; one step of the loop guard. */
    Machine with(Page[] pages, Mm[] mms, Table[] tables, int[] readerCpus, Reader[] readers,
                         RcuCallback[] callbacks, Event event) {
        if (budget <= 0) {
            throw new Machine.StrategyLoopException();
        }
        Inflight i = boot.tracing() && event != null ? new Inflight(inflight.log().prepend(event), inflight.tlb())
                : inflight;
        return new Machine(boot, pages, mms, tables, readerCpus, readers, callbacks, budget - 1, i);
    }

    /** The same state with {@code event} logged (while tracing); one step of the loop guard. */
    Machine logged(Event event) {
        return with(pages, mms, tables, readerCpus, readers, callbacks, event);
    }

    Machine withPage(Page p, String event) {
        return withPage(p, event == null ? null : new Event(event, p.pfn()));
    }

    /** The page {@code p} put at its pfn (allocated, or changed). */
    Machine withPage(Page p, Event event) {
        return with(put(p), mms, tables, readerCpus, readers, callbacks, event);
    }

    /** Page {@code pfn} returned to the allocator. */
    Machine withoutPage(int pfn, Event event) {
        return with(CopyOnWrite.without(pages, pfn), mms, tables, readerCpus, readers, callbacks, event);
    }

    Machine withMm(Mm mm, String event) {
        Event e = event == null ? null : new Event(event, -1);
        return with(pages, put(mm), tables, readerCpus, readers, callbacks, e);
    }

    /** {@code cb} queued, and {@code p} (its page with the head queued, or null for a batch) put. */
    Machine withQueued(Page p, RcuCallback cb, Event event) {
        RcuCallback[] cbs = Arrays.copyOf(callbacks, callbacks.length + 1);
        cbs[callbacks.length] = cb;
        return with(p == null ? pages : put(p), mms, tables, readerCpus, readers, cbs, event);
    }

    /** The {@code i}-th queued callback taken off the queue, and {@code p} (its page, or null) put. */
    Machine withTaken(int i, Page p, Event event) {
        RcuCallback[] cbs = callbacks.length == 1 ? NO_CALLBACKS : CopyOnWrite.removed(callbacks, i);
        return with(p == null ? pages : put(p), mms, tables, readerCpus, readers, cbs, event);
    }

    /** Table {@code t} handed out ({@code t.id()} is the next t-number) in page {@code p}, its mm marked used. */
    Machine withAttached(Page p, Table t, Event event) {
        Table[] ts = Arrays.copyOf(tables, tables.length + 1);
        ts[tables.length] = t;
        return with(put(p), mmIndex(t.mm()) < 0 ? put(Mm.fresh(t.mm())) : mms, ts, readerCpus, readers, callbacks,
                event);
    }

    /** Table {@code t} replaced (by t-number). */
    Machine withTable(Table t, Event event) {
        return with(pages, mms, CopyOnWrite.replaced(tables, t.id(), t), readerCpus, readers, callbacks, event);
    }

    /** {@code cpu} inside section {@code r} (entered, or looked a table up). */
    Machine withReader(int cpu, Reader r, Event event) {
        int k = readerIndex(cpu);
        if (k >= 0) {
            return with(pages, mms, tables, readerCpus, CopyOnWrite.replaced(readers, k, r), callbacks, event);
        }
        return with(pages, mms, tables, CopyOnWrite.inserted(readerCpus, -1 - k, cpu),
                CopyOnWrite.inserted(readers, -1 - k, r), callbacks, event);
    }

    /**
     * {@code cpu} out of its section, with the tables and callbacks its leaving changed (each
     * null when unchanged: the same arrays are kept).
     */
    Machine withLeft(int cpu, Table[] changedTables, RcuCallback[] changedCallbacks) {
        int k = readerIndex(cpu);
        int[] cpus = k < 0 ? readerCpus : readers.length == 1 ? NO_CPU_NUMBERS : CopyOnWrite.removed(readerCpus, k);
        Reader[] rs = k < 0 ? readers : readers.length == 1 ? NO_READERS : CopyOnWrite.removed(readers, k);
        return with(pages, mms, changedTables == null ? tables : changedTables, cpus, rs,
                changedCallbacks == null ? callbacks : changedCallbacks, null);
    }

    /** Copies of the tables and the queue, for {@link #withLeft}. */
    Table[] tablesCopy() {
        return tables.clone();
    }

    RcuCallback[] callbacksCopy() {
        return callbacks.clone();
    }

    private Page[] put(Page p) {
        return CopyOnWrite.put(pages, p);
    }

    private Mm[] put(Mm mm) {
        int k = mmIndex(mm.id());
        return k < 0 ? CopyOnWrite.inserted(mms, -1 - k, mm) : CopyOnWrite.replaced(mms, k, mm);
    }

    /** The same machine with {@code steps} more of its loop guard used. */
    Machine charged(int steps) {
        if (budget <= steps) {
            throw new Machine.StrategyLoopException();
        }
        return with(budget - steps, inflight);
    }
}
