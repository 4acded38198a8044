package io.github.ptcheck.sched;

import io.github.ptcheck.model.Yield;

/** The schedule stops a routine before its next scheduling point. */
final class Preempted extends Yield {

    static final Preempted INSTANCE = new Preempted();

    private Preempted() {
        super("preempted by the schedule");
    }
}
