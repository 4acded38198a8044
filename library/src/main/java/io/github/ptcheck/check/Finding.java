package io.github.ptcheck.check;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Vector;

/**
 * A violation found, with the sequence as generated and as shrunk, and the traced run of the
 * shrunk one.
 *
 * @param violation  the violation of the shrunk sequence (same invariant as the original's)
 * @param seed       the seed of the check that found it
 * @param tryIndex   the try (0-based) whose sequence broke it; -1 when found by exploration
 * @param original   the sequence as generated
 * @param shrunk     the shrunk sequence
 * @param minimality how far it was shrunk
 * @param trace      the traced run of {@code shrunk}
 */
public record Finding(Violation violation, long seed, int tryIndex, Vector<Op> original, Vector<Op> shrunk,
                      Minimality minimality, Outcome trace) {

    /** The schedule {@code shrunk} breaks the invariant under ({@link Schedule#SEQUENTIAL} for a plain run). */
    public Schedule schedule() {
        return trace.schedule();
    }
}
