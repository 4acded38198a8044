package io.github.ptcheck.check;

import io.github.ptcheck.op.OpKind;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;

/**
 * What a check reached: counts of each operation executed and of interesting states (most
 * tables of one page in flight, most callbacks queued at once, ...). Names are stable
 * (reports and tests use them) and in a fixed order: {@code executed.<kind>} for each
 * {@link OpKind} in its order, then each {@link Metric} in its order.
 *
 * @param counts name to value, in the order they are reported
 */
public record Coverage(Map<String, Long> counts) {

    public static final Coverage EMPTY = new Coverage(LinkedHashMap.empty());

    public long get(String name) {
        return counts.getOrElse(name, 0L);
    }

    public long get(Metric metric) {
        return get(metric.key());
    }

    /** Sequence operations of that kind that ran, the one that broke an invariant included (teardown not included). */
    public long executed(OpKind kind) {
        return get(executedKey(kind));
    }

    /** {@code executed.<spelling>}, e.g. {@code executed.freeDeferred}. */
    public static String executedKey(OpKind kind) {
        return "executed." + kind.spelling();
    }
}
