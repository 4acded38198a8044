package io.github.ptcheck.op;

import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.Set;

import java.util.Objects;

/**
 * How large a world the generators and the explorer may build: CPUs that read, mms that
 * allocate, tables allocated in one run, and which kinds of operation are offered.
 *
 * @param cpus      CPUs that may enter read-side sections (cpu0 ..)
 * @param mms       mms that may allocate (mm0 ..)
 * @param maxTables tables allocated in one run at the most (t0 .. t(maxTables-1))
 * @param kinds     the operation kinds offered
 */
public record Bounds(int cpus, int mms, int maxTables, Set<OpKind> kinds) {

    public static final Bounds DEFAULT = new Bounds(2, 2, 40, LinkedHashSet.of(OpKind.values()));

    /**
     * The most CPUs: every step offers each CPU's reader operations, and a lookup per CPU and
     * table, so each CPU makes every step slower and the state space wider; the RCU bugs
     * ptcheck finds need two.
     */
    public static final int MAX_CPUS = 64;
    /** The most mms: every step offers an alloc and an exit per mm; the bugs need one or two. */
    public static final int MAX_MMS = 64;
    /**
     * The most tables in one run: every step offers a free of each live table and a lookup of
     * it per CPU inside a read-side section, so a step costs up to {@code MAX_CPUS * MAX_TABLES}.
     */
    public static final int MAX_TABLES = 1_000;

    public Bounds {
        Objects.requireNonNull(kinds, "kinds");
        requireRange("cpus", cpus, 0, MAX_CPUS, "CPUs that may read; each adds reader operations to every step");
        requireRange("mms", mms, 1, MAX_MMS, "mms that allocate; each adds an alloc and an exit to every step");
        requireRange("maxTables", maxTables, 1, MAX_TABLES,
                "tables in one run; each adds a free and a lookup per reading CPU to every step");
        if (!kinds.contains(OpKind.ALLOC)) {
            throw new IllegalArgumentException("kinds must include alloc: without it no table exists to free");
        }
    }

    /**
     * Checks a parameter against its documented range (docs/reliability.md).
     *
     * @param why what each unit of it costs, said when the value is above the range
     * @throws IllegalArgumentException naming the parameter, its range and the value, if
     *                                  {@code value} is outside {@code [min, max]}
     */
    public static void requireRange(String name, long value, long min, long max, String why) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value
                    + (value > max ? " (" + why + ")" : ""));
        }
    }

    public Bounds withCpus(int n) {
        return new Bounds(n, mms, maxTables, kinds);
    }

    public Bounds withMms(int n) {
        return new Bounds(cpus, n, maxTables, kinds);
    }

    public Bounds withMaxTables(int n) {
        return new Bounds(cpus, mms, n, kinds);
    }

    /**
     * These bounds without the kinds a kernel with {@code config} on {@code preset} never offers
     * (PT_RECLAIM's operations where it is off, {@code freeDeferred} where there is no
     * {@code pte_free_defer()}), so that a try's weights go to operations that can run.
     */
    public Bounds offeredBy(io.github.ptcheck.arch.Preset preset, io.github.ptcheck.model.MmConfig config) {
        Set<OpKind> k = config.ptReclaim() ? kinds : kinds.remove(OpKind.RECLAIM).remove(OpKind.RECLAIM_ONE);
        k = preset.hasPteFreeDefer() ? k : k.remove(OpKind.FREE_DEFERRED);
        return k.equals(kinds) ? this : withKinds(k);
    }

    public Bounds withKinds(Set<OpKind> k) {
        return new Bounds(cpus, mms, maxTables, k);
    }

    /** {@code 2 CPUs, 2 mms, 40 tables}, {@code 1 CPU, 1 mm, 1 table}: for the headers of a run. */
    public String words() {
        return cpus + (cpus == 1 ? " CPU, " : " CPUs, ") + mms + (mms == 1 ? " mm, " : " mms, ") + maxTables
                + (maxTables == 1 ? " table" : " tables");
    }
}
