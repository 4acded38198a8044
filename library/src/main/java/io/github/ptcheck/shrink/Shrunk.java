package io.github.ptcheck.shrink;

import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Vector;

import java.util.Objects;

/**
 * What the {@link Shrinker} made of a failing sequence.
 *
 * @param ops          the shrunk sequence
 * @param trace        its traced run (the only traced run of the shrink)
 * @param minimality   {@link Minimality#ONE_MINIMAL} when checked so, {@link Minimality#PARTIAL}
 *                     when the time limit cut the shrink short
 * @param attempts     candidate sequences replayed (the original's first replay included)
 * @param improvements candidates accepted: each smaller than the one before and still breaking
 *                     the same invariant
 * @param alsoBroken   the other invariants candidates broke on the way, in the order first met,
 *                     each with the simplest candidate that broke it: another face of the bug, or
 *                     another bug, each worth a shrink of its own (the runner gives it one)
 */
public record Shrunk(Vector<Op> ops, Outcome trace, Minimality minimality, int attempts, int improvements,
                     Vector<Met> alsoBroken) {

    public Shrunk {
        Objects.requireNonNull(alsoBroken, "alsoBroken (Vector.empty() for none)");
    }

    /** A shrink that met no other invariant. */
    public Shrunk(Vector<Op> ops, Outcome trace, Minimality minimality, int attempts, int improvements) {
        this(ops, trace, minimality, attempts, improvements, Vector.empty());
    }

    /** The same result, having met {@code met} on the way. */
    public Shrunk alsoBreaking(Vector<Met> met) {
        return new Shrunk(ops, trace, minimality, attempts, improvements, met);
    }

    /**
     * A candidate that broke another invariant than the one being shrunk.
     *
     * @param invariant what it broke
     * @param ops       the candidate
     * @param schedule  the schedule it ran under ({@link Schedule#SEQUENTIAL} for a plain run)
     */
    public record Met(Invariant invariant, Vector<Op> ops, Schedule schedule) {
    }
}
