package io.github.ptcheck.model;

import io.github.ptcheck.rcu.ReadSection;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Sets of CPUs (the {@code waitFor} of tables and callbacks), shared: one immutable set per
 * combination of CPUs 0..7, built once, instead of a new tree per detach or {@code call_rcu}.
 * Most of them are empty.
 */
final class CpuSets {

    private CpuSets() {
    }

    /** The empty set of CPUs (or of tables). */
    static final TreeSet<Integer> NONE = TreeSet.empty();

    private static final AtomicReferenceArray<SortedSet<Integer>> SHARED = new AtomicReferenceArray<>(256);

    /** The set of the CPUs whose bits are set in {@code mask} (CPUs 0..7). */
    static SortedSet<Integer> of(int mask) {
        SortedSet<Integer> cpus = SHARED.get(mask);
        if (cpus == null) {
            TreeSet<Integer> s = NONE;
            for (int cpu = 0; cpu < 8; cpu++) {
                if ((mask & (1 << cpu)) != 0) {
                    s = s.add(cpu);
                }
            }
            cpus = s;
            SHARED.set(mask, cpus);
        }
        return cpus;
    }

    /** The CPUs of {@code cpus} whose section ({@code readers}, same index) is of kind {@code section}, or of any kind if null. */
    static SortedSet<Integer> inside(int[] cpus, Reader[] readers, ReadSection section) {
        int mask = 0;
        for (int k = 0; k < readers.length; k++) {
            if (section != null && readers[k].section() != section) {
                continue;
            }
            if (cpus[k] >= 8) {
                TreeSet<Integer> s = NONE;
                for (int j = 0; j < readers.length; j++) {
                    s = section == null || readers[j].section() == section ? s.add(cpus[j]) : s;
                }
                return s;
            }
            mask |= 1 << cpus[k];
        }
        return of(mask);
    }

    /** {@code cpus} without {@code cpu}: the shared empty set when that was the only one. */
    static SortedSet<Integer> without(SortedSet<Integer> cpus, int cpu) {
        return cpus.size() == 1 && cpus.contains(cpu) ? NONE : cpus.remove(cpu);
    }
}
