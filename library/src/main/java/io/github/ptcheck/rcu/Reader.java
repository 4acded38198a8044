package io.github.ptcheck.rcu;

import io.vavr.collection.TreeSet;

/**
 * A CPU inside a read-side critical section, and the tables it looked up and keeps pointers
 * to until it leaves.
 *
 * @param section how it entered: {@code rcu_read_lock()} or interrupts off (GUP-fast)
 * @param held    t-numbers of the tables it looked up
 */
public record Reader(ReadSection section, TreeSet<Integer> held) {

    private static final TreeSet<Integer> NOTHING = TreeSet.empty();
    private static final Reader RCU = new Reader(ReadSection.RCU, NOTHING);
    private static final Reader IRQ_OFF = new Reader(ReadSection.IRQ_OFF, NOTHING);

    /** A CPU that just entered a section of that kind, holding nothing yet (shared). */
    public static Reader entered(ReadSection section) {
        return section == ReadSection.RCU ? RCU : IRQ_OFF;
    }

    public boolean holds(int table) {
        return !held.isEmpty() && held.contains(table);
    }

    public Reader lookedUp(int table) {
        return new Reader(section, held.add(table));
    }
}
