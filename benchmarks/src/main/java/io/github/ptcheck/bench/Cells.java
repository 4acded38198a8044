package io.github.ptcheck.bench;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.strategy.Strategies;

/**
 * The cells the benchmarks measure, by their report names ({@code strategy@preset}), so that a
 * JMH {@code @Param} can name them.
 *
 * <p>The merged strategies of the four presets measured are {@code powerpc-pageactive-v6.6}
 * (both 64 KiB powerpc presets), {@code s390-pageactive-v6.6} and {@code s390-fullpage-v6.7}
 * ({@code s390x}) and {@code generic-v6.6} ({@code x86_64}). {@code powerpc-pageactive-v6.6}
 * fails on the 64 KiB presets (the mm-exit finding of docs/strategies.md), so a random check
 * ends at its first try and an exploration at depth 1: where a benchmark needs a cell that
 * passes, the powerpc presets are measured with {@code powerpc-refcount-v2} (the v2 patch, which
 * passes there) instead, and the README says so.
 */
final class Cells {

    private Cells() {
    }

    /**
     * {@code e} on {@code n} threads ({@code Explorer.withWorkers}); by reflection, so that the
     * same jar measures a library from before the parallel explorer (which explores on one
     * thread, whatever {@code n}) with its classes first on the class path.
     */
    static Explorer workers(Explorer e, int n) {
        try {
            return (Explorer) Explorer.class.getMethod("withWorkers", int.class).invoke(e, n);
        } catch (NoSuchMethodException before) {
            return e;
        } catch (ReflectiveOperationException other) {
            throw new IllegalStateException(other);
        }
    }

    /** The threads to explore on, from {@code -Dworkers=N} (default 1: the single-core figures). */
    static int workers() {
        return Integer.getInteger("workers", 1);
    }

    /** {@code strategy@preset} as a cell; a clear error for a misspelt name. */
    static Cell named(String name) {
        int at = name.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("a cell is named strategy@preset, e.g. generic-v6.6@x86_64; was '"
                    + name + "'");
        }
        return new Cell(Presets.named(name.substring(at + 1)), Strategies.named(name.substring(0, at)));
    }
}
