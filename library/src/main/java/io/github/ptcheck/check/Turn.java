package io.github.ptcheck.check;

import io.github.ptcheck.model.Event;
import io.vavr.collection.List;

/**
 * One turn of an interleaved run, as its trace shows it: the step (operation) that ran, what the
 * kernel did in that turn, and how the turn ended.
 *
 * @param step   1-based step of the operation that ran
 * @param events what it did, in kernel words
 * @param end    {@code ""} when the operation ended (or goes on in the next turn), else why it
 *               gave way: {@code "preempted"}, or {@code "waits for mm0->context.lock"}
 */
public record Turn(int step, List<Event> events, String end) {
}
