package io.github.ptcheck.check;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.SortedSet;

import java.util.Arrays;

/**
 * Counts what the tries of a check reach, step by step, from the machine before and after each
 * step (no tracing needed). Mutable; one per check.
 */
final class CoverageRecorder {

    private static final OpKind[] KINDS = OpKind.values();
    private static final Metric[] METRICS = Metric.values();

    private final long[] executed = new long[KINDS.length];
    private final long[] metrics = new long[METRICS.length];

    /** Per try: the sequence step at which each CPU entered its read-side section, or 0. */
    private int[] lockedAt = new int[0];

    void beginTry(int cpus) {
        if (lockedAt.length != cpus) {
            lockedAt = new int[cpus];
        }
        Arrays.fill(lockedAt, 0);
    }

    /** A step of the generated sequence (1-based {@code stepNo}). */
    void step(Op op, Machine before, Applied a, int stepNo) {
        if (a.wasSkipped()) {
            add(Metric.SKIPPED, 1);
            return;
        }
        OpKind kind = OpKind.of(op);
        // The operation that broke an invariant ran too: a cell that failed on a freeDeferred
        // has executed one. Only the state metrics need the machine after it.
        executed[kind.ordinal()]++;
        if (a.violated()) {
            return;
        }
        Machine after = a.machine();
        pages(op, before, after);
        max(Metric.MAX_CALLBACKS_QUEUED, after.callbackCount());
        max(Metric.MAX_READERS_INSIDE, after.readerCount());
        switch (kind) {
            case READ_LOCK:
            case IRQ_OFF:
                lock(op.cpu(), stepNo);
                break;
            case READ_UNLOCK:
            case IRQ_ON:
                unlock(op.cpu(), stepNo);
                break;
            case FREE_DEFERRED:
            case FREE_TLB:
            case FREE_TLB_ONE:
            case RECLAIM:
            case RECLAIM_ONE:
                deferral(Op.tableOf(op), before);
                inFlight(after, after.table(Op.tableOf(op)).pfn());
                break;
            case FREE_TLB_SIBLINGS:
                inFlight(after, after.table(Op.tableOf(op)).pfn());
                break;
            case EXIT_MM:
                if (before.callbackCount() != 0 || before.anyReaderInside()) {
                    add(Metric.EXITS_WITH_GRACE_PENDING, 1);
                }
                if (after.anyReaderInside()) {
                    for (int pfn = after.nextAllocatedPfn(0); pfn >= 0; pfn = after.nextAllocatedPfn(pfn + 1)) {
                        inFlight(after, pfn);
                    }
                }
                break;
            case RUN_CALLBACK:
                int queued = after.callbackCount() - (before.callbackCount() - 1);
                if (queued > 0) {
                    add(Metric.CALLBACKS_QUEUED_BY_CALLBACKS, queued);
                }
                break;
            default:
                break;
        }
    }

    /** The sequence ended after {@code lastStep} operations: readers still inside end their section here. */
    void endSequence(int lastStep) {
        for (int cpu = 0; cpu < lockedAt.length; cpu++) {
            if (lockedAt[cpu] > 0) {
                unlock(cpu, lastStep);
            }
        }
    }

    /** A teardown step. */
    void teardownStep(Machine before, Applied a) {
        if (a.wasSkipped() || a.violated()) {
            return;
        }
        add(Metric.TEARDOWN_OPS, 1);
        int freed = before.pageCount() - a.machine().pageCount();
        if (freed > 0) {
            add(Metric.PAGES_FREED, freed);
        }
    }

    private void pages(Op op, Machine before, Machine after) {
        int delta = after.pageCount() - before.pageCount();
        if (op.kind().allocates()) {
            // pte_alloc_one only allocates: the difference is what it took.
            add(Metric.TABLES_ALLOCATED, after.tableCount() - before.tableCount());
            add(Metric.PAGES_ALLOCATED, delta);
            max(Metric.MAX_PAGES_ALLOCATED, after.pageCount());
            for (int id = before.tableCount(); id < after.tableCount(); id++) {
                Table t = after.table(id);
                if (before.pageAllocated(t.pfn()) && before.page(t.pfn()).fragments().containsKey(t.frag())) {
                    add(Metric.FRAGMENTS_HANDED_OUT_AGAIN, 1);
                }
            }
        } else if (delta < 0) {
            // Every other operation only frees.
            add(Metric.PAGES_FREED, -delta);
        }
    }

    private void lock(int cpu, int stepNo) {
        if (cpu < lockedAt.length) {
            lockedAt[cpu] = stepNo;
        }
    }

    private void unlock(int cpu, int stepNo) {
        if (cpu < lockedAt.length && lockedAt[cpu] > 0) {
            max(Metric.LONGEST_READ_SECTION, stepNo - lockedAt[cpu] + 1);
            lockedAt[cpu] = 0;
        }
    }

    private void deferral(int table, Machine before) {
        if (!before.anyReaderInside()) {
            return;
        }
        add(Metric.DEFERRALS_WITH_READER_INSIDE, 1);
        for (int cpu = before.nextCpuInside(0); cpu >= 0; cpu = before.nextCpuInside(cpu + 1)) {
            if (before.reader(cpu).holds(table)) {
                add(Metric.DEFERRALS_OF_HELD_TABLES, 1);
                return;
            }
        }
    }

    /**
     * Tables of page {@code pfn} detached while a reader that may hold them is still inside. A
     * page's count only grows when one of its own tables is detached, so counting that page
     * then finds the maximum.
     */
    private void inFlight(Machine m, int pfn) {
        if (!m.anyReaderInside() || !m.pageAllocated(pfn)) {
            return;
        }
        int n = 0;
        for (Integer id : m.page(pfn).fragments().values()) {
            Table t = m.table(id);
            if (!t.attached() && !t.waitFor().isEmpty()) {
                n++;
            }
        }
        max(Metric.MAX_TABLES_OF_ONE_PAGE_IN_FLIGHT, n);
    }

    private void add(Metric m, long n) {
        metrics[m.ordinal()] += n;
    }

    private void max(Metric m, long v) {
        metrics[m.ordinal()] = Math.max(metrics[m.ordinal()], v);
    }

    Coverage coverage() {
        LinkedHashMap<String, Long> counts = LinkedHashMap.empty();
        for (OpKind k : KINDS) {
            counts = counts.put(Coverage.executedKey(k), executed[k.ordinal()]);
        }
        for (Metric m : METRICS) {
            counts = counts.put(m.key(), metrics[m.ordinal()]);
        }
        return new Coverage(counts);
    }
}
