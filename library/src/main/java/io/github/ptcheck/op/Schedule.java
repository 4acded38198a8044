package io.github.ptcheck.op;

import io.vavr.collection.Vector;

import java.util.BitSet;
import java.util.Objects;

/**
 * Which CPU steps next, as data: the turns an interleaved run begins with, each an operation of
 * the sequence running some scheduling points (every kernel primitive, and each step of the
 * executor's, is one). After the listed turns, the run goes on in the default order: the
 * earliest started operation that has not ended resumes (to its end), else the next operation
 * starts. So the empty schedule is the sequential run, and {@code 1:2 2} reads "step 1 runs two
 * kernel calls, then step 2 runs whole, then step 1 finishes": one preemption.
 *
 * <p>Operations start in sequence order: a turn that names an operation whose predecessors have
 * not started runs them whole first. Every operation runs on a CPU of its own, so an operation that started and has not ended is
 * one CPU in the middle of a kernel routine.
 */
public record Schedule(Vector<Slice> slices) {

    /**
     * What {@link #parse} says of a turn of the right form whose number an {@code int} does not
     * hold, at the end of its message (a step that large names no operation of any sequence).
     */
    public static final String TOO_LARGE = "the number is too large (at most " + Integer.MAX_VALUE + ")";

    /** No preemption: every operation runs whole, in order. */
    public static final Schedule SEQUENTIAL = new Schedule(Vector.empty());

    public Schedule {
        Objects.requireNonNull(slices, "slices");
    }

    public static Schedule of(Slice... slices) {
        return new Schedule(Vector.of(slices));
    }

    public boolean sequential() {
        return slices.isEmpty();
    }

    /**
     * The preemptions it makes: turns that stop an operation before its end. (A CPU that waits for
     * a lock gives way without a preemption; the run may still record such turns.)
     */
    public int preemptions() {
        return slices.count(s -> !s.toTheEnd());
    }

    /** The same schedule with consecutive turns of one operation merged into one ({@code 3:2 3:1} is {@code 3:3}). */
    public Schedule normalized() {
        Vector<Slice> merged = Vector.empty();
        for (Slice s : slices) {
            Slice last = merged.isEmpty() ? null : merged.last();
            if (last != null && last.op() == s.op() && !last.toTheEnd()) {
                merged = merged.update(merged.size() - 1,
                        new Slice(s.op(), s.toTheEnd() ? Slice.TO_THE_END : last.steps() + s.steps()));
            } else {
                merged = merged.append(s);
            }
        }
        return new Schedule(merged);
    }

    /**
     * The same schedule on the sequence without the operations at the positions in {@code gone}:
     * their turns dropped, the others renumbered so that they name the same operations.
     */
    public Schedule without(BitSet gone) {
        return new Schedule(slices.filter(s -> !gone.get(s.op()))
                .map(s -> new Slice(s.op() - gone.get(0, s.op()).cardinality(), s.steps())));
    }

    /**
     * The same schedule on an edited sequence: each turn names operation {@code to(op)} instead,
     * or goes where that is negative. The shrinker says where each operation went when it
     * replaces or exchanges some ({@link #without} is the case of deletions).
     */
    public Schedule renumbered(java.util.function.IntUnaryOperator to) {
        return new Schedule(slices.filter(s -> to.applyAsInt(s.op()) >= 0)
                .map(s -> new Slice(to.applyAsInt(s.op()), s.steps())));
    }

    /**
     * The schedule in words, for a reader of a report: {@code 2:0 3 2} is "step 2 is preempted
     * before its first kernel call, step 3 runs to its end, step 2 runs to its end".
     */
    public String describe() {
        if (sequential()) {
            return "every step runs whole, in order";
        }
        return slices.map(sl -> "step " + (sl.op() + 1) + (sl.toTheEnd() ? " runs to its end"
                : sl.steps() == 0 ? " is preempted before its first kernel call"
                : " runs " + sl.steps() + (sl.steps() == 1 ? " kernel call" : " kernel calls") + " and is preempted"))
                .mkString(", ") + "; then every step left runs to its end, in order";
    }

    /** {@code 2:0 3 2 (1 preemption: step 2 is preempted before ...)}: the turns, then {@link #describe()}. */
    public String explained() {
        int p = preemptions();
        return this + " (" + p + (p == 1 ? " preemption: " : " preemptions: ") + describe() + ")";
    }

    /** E.g. {@code 1:2 2 1}; empty for the sequential schedule. */
    @Override
    public String toString() {
        return slices.mkString(" ");
    }

    /**
     * Parses {@link #toString()}'s form.
     *
     * @throws IllegalArgumentException naming the turn that is not {@code N} or {@code N:K} with
     *                                  N, K >= 1
     */
    public static Schedule parse(String text) {
        Vector<Slice> out = Vector.empty();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int colon = word.indexOf(':');
            String shown = word.length() > 20 ? word.substring(0, 20) + "..." : word;
            try {
                int op = number(colon < 0 ? word : word.substring(0, colon), shown);
                int steps = colon < 0 ? Slice.TO_THE_END : number(word.substring(colon + 1), shown);
                if (op < 1 || (colon >= 0 && steps < 0)) {
                    throw new NumberFormatException();
                }
                out = out.append(new Slice(op - 1, steps));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("schedule turn '" + shown + "' is not N (step N runs to its end) or"
                        + " N:K (step N runs K kernel calls), N >= 1, K >= 0");
            }
        }
        return new Schedule(out);
    }

    /**
     * The number of a turn; digits an {@code int} does not hold are of the right form, and
     * said to be too large rather than malformed.
     *
     * @throws NumberFormatException if it is not a number
     */
    private static int number(String digits, String shown) {
        if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                && new java.math.BigInteger(digits).compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("schedule turn '" + shown + "': " + TOO_LARGE);
        }
        return Integer.parseInt(digits);
    }
}
