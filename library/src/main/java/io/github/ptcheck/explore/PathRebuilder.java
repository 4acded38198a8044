package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Outcomes;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.util.Arrays;

/**
 * The machine of a visited state that its level did not keep ({@link Explorer}, "Memory"),
 * rebuilt by running its path again: its parents' operations, each the one at the index the
 * table recorded among those {@link Alphabet} offers there. It runs from the deepest state the
 * path shares with the last path it ran: the states of a level come in the order of their
 * parents, so the next state's path shares all of this one's but its last step, as a rule, and a
 * rebuilt state costs one operation. The same state the search reached, since the model and the
 * strategies are functions of the machine; a strategy that is not is told so.
 *
 * <p>One per thread: it keeps the last path's machines. The table is only read.
 */
final class PathRebuilder {

    private final Search search;
    /** The last path run: the state at each depth from the boot state (0) to {@link #end}, and its machine. */
    private int[] states = new int[16];
    private Machine[] machines = new Machine[16];
    /** The operation that led to the state at each depth (none to the boot state's). */
    private Op[] ops = new Op[16];
    private int end = -1;
    /** Scratch: the state to rebuild and its ancestors, it first. */
    private int[] chain = new int[16];

    PathRebuilder(Search search) {
        this.search = search;
    }

    /** The machine of visited state {@code i}. */
    Machine rebuilt(int i) {
        StateTable table = search.table;
        int n = 0;
        for (int s = i; s >= 0; s = table.parent(s)) {
            if (n == chain.length) {
                chain = Arrays.copyOf(chain, n * 2);
            }
            chain[n++] = s;
        }
        int depth = n - 1;
        if (states.length <= depth) {
            states = Arrays.copyOf(states, depth + 16);
            machines = Arrays.copyOf(machines, depth + 16);
            ops = Arrays.copyOf(ops, depth + 16);
        }
        // Two paths that meet at a depth share every state above it: look from the deepest down.
        int shared = Math.min(end, depth);
        while (shared >= 0 && states[shared] != chain[depth - shared]) {
            shared--;
        }
        if (shared < 0) {
            states[0] = chain[depth];
            machines[0] = search.executor.boot();
            shared = 0;
        }
        Machine m = machines[shared];
        for (int d = shared + 1; d <= depth; d++) {
            int s = chain[depth - d];
            Op op = Alphabet.enabledUpToSymmetry(m, search.bounds, search.perClass).get(table.opId(s));
            Applied a = search.executor.apply(m, op, d);
            ops[d] = op;
            if (a.violated() || a.wasSkipped()) {
                end = -1; // half run: start afresh next time
                throw notAgain(d, a);
            }
            m = a.machine();
            states[d] = s;
            machines[d] = m;
        }
        // What the last path had deeper is another branch: let its machines go.
        Arrays.fill(machines, depth + 1, Math.max(depth + 1, end + 1), null);
        end = depth;
        return m;
    }

    /** Operation {@code d} of the path being run ({@link #ops} 1 to d) broke an invariant or was skipped this time. */
    private StrategyFailure notAgain(int d, Applied a) {
        Vector<Op> path = Vector.of(ops).subSequence(1, d + 1);
        return StrategyFailure.nondeterministic(search.executor.name(), Outcomes.sequence(path),
                "passed when the explorer reached it", a.violated() ? a.violation().invariant()
                        + " when run again to rebuild a state" : "skipped when run again (" + a.skipped() + ")");
    }
}
