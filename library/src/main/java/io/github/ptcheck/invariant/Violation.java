package io.github.ptcheck.invariant;

import io.github.ptcheck.model.Event;
import io.vavr.collection.List;

import java.util.Objects;

/**
 * One broken invariant: which, at which step, on which page, and the field with its value (or
 * owner) before and after the offending write. A value, never thrown: primitives return
 * {@code Either<Violation, Machine>}.
 *
 * @param invariant the invariant broken
 * @param step      the 1-based step of the sequence (teardown steps continue the count);
 *                  0 while not yet known (a primitive does not know the step)
 * @param pfn       the page involved, or -1
 * @param field     the field involved, in kernel spelling (e.g. {@code rcu_head}, {@code lru})
 * @param before    that field's value or owner before
 * @param after     what the write would have made it
 * @param detail    a sentence a kernel developer can act on
 * @param events    what the kernel did in this operation before the offending call, when the
 *                  run was traced; empty otherwise
 */
public record Violation(Invariant invariant, int step, int pfn, String field, String before, String after,
                        String detail, List<Event> events) {

    public Violation {
        Objects.requireNonNull(invariant, "invariant");
        field = field == null ? "" : field;
        before = before == null ? "" : before;
        after = after == null ? "" : after;
        detail = detail == null ? "" : detail;
        events = events == null ? List.empty() : events;
    }

    public static Violation of(Invariant invariant, int pfn, String field, String before, String after,
                               String detail) {
        return new Violation(invariant, 0, pfn, field, before, after, detail, List.empty());
    }

    /** The same violation with what the kernel did before it in the same operation. */
    public Violation withEvents(List<Event> events) {
        return new Violation(invariant, step, pfn, field, before, after, detail, events);
    }

    /** The same violation, placed at a step of the sequence. */
    public Violation atStep(int step) {
        return new Violation(invariant, step, pfn, field, before, after, detail, events);
    }

    /** A one-line summary, e.g. {@code RCU_HEAD_REUSE at step 4 on page 0: rcu_head ...}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(invariant.name());
        if (step > 0) {
            sb.append(" at step ").append(step);
        }
        if (pfn >= 0) {
            sb.append(" on page ").append(pfn);
        }
        sb.append(": ").append(detail);
        if (!field.isEmpty()) {
            sb.append(" [").append(field).append(": ").append(before).append(" -> ").append(after).append(']');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
