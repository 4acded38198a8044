package io.github.ptcheck.model;

/**
 * A routine of an interleaved run gives up its CPU at a scheduling point: preempted there by the
 * schedule, or spinning on a lock another CPU holds. Thrown through the strategy's code (which
 * must not catch it) to the scheduler, which resumes the routine later by replaying it. No stack
 * trace: it is control flow, not an error.
 */
public abstract class Yield extends RuntimeException {

    protected Yield(String message) {
        super(message, null, false, false);
    }
}
