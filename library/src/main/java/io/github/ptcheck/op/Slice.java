package io.github.ptcheck.op;

/**
 * One turn of a schedule: operation {@code op} (0-based position in the sequence) runs
 * {@code steps} scheduling points, or until it ends (or waits for a lock) when {@code steps} is
 * {@link #TO_THE_END}. Written {@code 3:2} (op 3, two steps) or {@code 3}, 1-based as files and
 * traces number steps. {@code 3:0} starts op 3 and stops it before its first kernel call: what
 * its routine reads before that call, it reads at that moment.
 */
public record Slice(int op, int steps) {

    public static final int TO_THE_END = -1;

    public Slice {
        if (op < 0) {
            throw new IllegalArgumentException("op must be >= 0, was " + op);
        }
        if (steps < 0 && steps != TO_THE_END) {
            throw new IllegalArgumentException("steps must be >= 0 (or TO_THE_END), was " + steps);
        }
    }

    public boolean toTheEnd() {
        return steps == TO_THE_END;
    }

    @Override
    public String toString() {
        return (op + 1) + (toTheEnd() ? "" : ":" + steps);
    }
}
