package io.github.ptcheck.junit;

import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

/** What calling a property over sequences on one sequence gave. */
sealed interface Attempt {

    /** The body returned and the run broke no invariant (or breaking one does not fail the property). */
    record Passed() implements Attempt {
    }

    /** The body aborted the try with an assumption ({@code Assumptions.assumeTrue}): the try does not count. */
    record Aborted() implements Attempt {
    }

    /**
     * The sequence fails the property.
     *
     * @param ops       the sequence
     * @param outcome   its run (traced when the body takes it, or when asked for the report)
     * @param violation the invariant the run broke, when that is the failure; else null
     * @param thrown    what the body threw, when that is the failure; else null
     */
    record Failed(Vector<Op> ops, Outcome outcome, Violation violation, Throwable thrown) implements Attempt {

        /**
         * Whether {@code other} is the same failure, which shrinking keeps: the same invariant
         * broken, or an exception of the same class thrown (after Hypothesis: a shrink that
         * turned an assertion into a NullPointerException would show another bug).
         */
        boolean sameAs(Failed other) {
            if (violation != null) {
                return other.violation != null && other.violation.invariant() == violation.invariant();
            }
            return other.thrown != null && other.thrown.getClass() == thrown.getClass();
        }

        String describe() {
            return violation != null ? "the run broke " + violation.summary() : String.valueOf(thrown);
        }
    }
}
