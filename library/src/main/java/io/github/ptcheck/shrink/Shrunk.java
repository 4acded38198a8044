package io.github.ptcheck.shrink;

import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

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
 */
public record Shrunk(Vector<Op> ops, Outcome trace, Minimality minimality, int attempts, int improvements) {
}
