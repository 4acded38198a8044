package io.github.ptcheck.check;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;

/**
 * What a check reached: counts of each operation executed and of interesting states (most
 * tables of one page in flight, most callbacks queued at once, ...). Names are stable
 * (reports and tests use them) and in a fixed order.
 *
 * @param counts name to value, in the order they are reported
 */
public record Coverage(Map<String, Long> counts) {

    public static final Coverage EMPTY = new Coverage(LinkedHashMap.empty());

    public long get(String name) {
        return counts.getOrElse(name, 0L);
    }
}
