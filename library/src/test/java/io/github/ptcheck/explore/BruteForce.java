package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The oracle the explorer is tested against: every sequence of operations, one by one, with
 * no deduplication and no memo, each judged by a whole {@link Executor#run} from the boot
 * state. Slow, and obviously right.
 */
final class BruteForce {

    private final Executor executor;
    private final Bounds bounds;

    BruteForce(Executor executor, Bounds bounds) {
        this.executor = executor;
        this.bounds = bounds;
    }

    /** What every sequence of up to {@code depth} operations gives. */
    record Result(List<Integer> newStatesPerDepth, int shortestCounterexample, long sequences, Set<Machine> states) {
        long stateCount() {
            return newStatesPerDepth.stream().mapToLong(Integer::longValue).sum();
        }
    }

    /**
     * Runs every sequence of up to {@code depth} operations (fewer when one violates: its
     * extensions are not counterexamples of their own).
     */
    Result enumerate(int depth) {
        List<Set<Machine>> byLength = new ArrayList<>();
        for (int d = 0; d <= depth; d++) {
            byLength.add(new HashSet<>());
        }
        int[] shortest = {Integer.MAX_VALUE};
        long[] count = {0};
        walk(executor.boot(), Vector.empty(), depth, byLength, shortest, count);
        // A state counts at the shortest length that reaches it, as the explorer counts it.
        List<Integer> perDepth = new ArrayList<>();
        Set<Machine> seen = new HashSet<>();
        for (Set<Machine> level : byLength) {
            int fresh = 0;
            for (Machine m : level) {
                if (seen.add(m)) {
                    fresh++;
                }
            }
            if (fresh == 0) {
                break;
            }
            perDepth.add(fresh);
        }
        return new Result(perDepth, shortest[0] == Integer.MAX_VALUE ? -1 : shortest[0], count[0], seen);
    }

    private void walk(Machine m, Vector<Op> ops, int depth, List<Set<Machine>> byLength, int[] shortest,
                      long[] count) {
        count[0]++;
        byLength.get(ops.size()).add(m);
        if (!executor.run(ops).passed()) {
            shortest[0] = Math.min(shortest[0], ops.size());
        }
        if (ops.size() == depth) {
            return;
        }
        for (Op op : Alphabet.enabled(m, bounds)) {
            Vector<Op> longer = ops.append(op);
            Applied a = executor.apply(m, op, longer.size());
            if (a.violated()) {
                count[0]++;
                shortest[0] = Math.min(shortest[0], longer.size());
                continue;
            }
            walk(a.machine(), longer, depth, byLength, shortest, count);
        }
    }
}
