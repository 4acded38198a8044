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

    public Bounds {
        Objects.requireNonNull(kinds, "kinds");
        if (cpus < 0) {
            throw new IllegalArgumentException("cpus must be >= 0, was " + cpus);
        }
        if (mms < 1) {
            throw new IllegalArgumentException("mms must be >= 1, was " + mms);
        }
        if (maxTables < 1) {
            throw new IllegalArgumentException("maxTables must be >= 1, was " + maxTables);
        }
        if (!kinds.contains(OpKind.ALLOC)) {
            throw new IllegalArgumentException("kinds must include alloc: without it no table exists to free");
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
     * These bounds without the kinds a kernel with {@code config} never offers (PT_RECLAIM's
     * operations where it is off), so that a try's weights go to operations that can run.
     */
    public Bounds offeredBy(io.github.ptcheck.model.MmConfig config) {
        return config.ptReclaim() ? this : withKinds(kinds.remove(OpKind.RECLAIM).remove(OpKind.RECLAIM_ONE));
    }

    public Bounds withKinds(Set<OpKind> k) {
        return new Bounds(cpus, mms, maxTables, k);
    }
}
