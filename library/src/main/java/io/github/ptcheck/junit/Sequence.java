package io.github.ptcheck.junit;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;

import java.util.Objects;

/**
 * The sequence a {@link PtcheckProperty} body is called with, and where it came from. While a
 * failure is shrunk the body is called with smaller sequences that no try generated; those
 * keep the seed and try of the sequence they were cut from.
 *
 * @param cell     the preset and strategy it runs on
 * @param seed     the seed of the check
 * @param tryIndex the try (0-based) that generated it, or that it was shrunk from
 * @param ops      the operations; as in a counterexample file, tables are named by the order
 *                 of their {@code alloc}, and an operation whose precondition does not hold
 *                 when it comes is skipped
 */
public record Sequence(Cell cell, long seed, int tryIndex, Vector<Op> ops) {

    public Sequence {
        Objects.requireNonNull(cell, "cell must not be null");
        Objects.requireNonNull(ops, "ops must not be null");
    }

    public Preset preset() {
        return cell.preset();
    }

    public Strategy strategy() {
        return cell.strategy();
    }

    public int size() {
        return ops.size();
    }

    /** Runs it on the model, with the teardown and the leak check; untraced (fast). */
    public Outcome run() {
        return cell.executor().run(ops);
    }

    /** Runs it on the model, recording every step and the machine after it. */
    public Outcome trace() {
        return cell.executor().trace(ops);
    }

    /** The operations as a counterexample file spells them, separated by commas. */
    @Override
    public String toString() {
        return ops.mkString(", ");
    }
}
