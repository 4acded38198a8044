package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.SortedSet;
import io.vavr.control.Either;

/**
 * Who may still reach a table, asked before its memory (the page, a fragment of it, or the
 * page's split ptlock) is freed or handed out again: a table that is still attached, or one
 * detached while walkers were inside a read-side section who have not left it since.
 */
final class Grace {

    private Grace() {
    }

    /**
     * The first table of the page, in fragment order, that a walker may still reach, or null.
     *
     * @param ptlockOnly count only walkers that take the ptlock ({@code pte_offset_map_lock()}):
     *                   the question asked before the ptlock alone is freed
     */
    static Table blocker(Machine m, Page p, boolean ptlockOnly) {
        if (p.fragments().size() == 1) {
            // Most pages hold one table: no tree iterator (a stack of nodes) per free.
            return blocks(m, m.table(p.fragments().head()._2), ptlockOnly);
        }
        for (io.vavr.Tuple2<Integer, Integer> frag : p.fragments()) {
            Table t = blocks(m, m.table(frag._2), ptlockOnly);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** {@code t} if a walker may still reach it, else null. */
    private static Table blocks(Machine m, Table t, boolean ptlockOnly) {
        return t.attached() || !CpuSets.none(waiters(m, t, ptlockOnly)) ? t : null;
    }

    /** The CPUs {@code t} waits for; with {@code ptlockOnly}, those whose walkers take the ptlock. */
    private static SortedSet<Integer> waiters(Machine m, Table t, boolean ptlockOnly) {
        if (!ptlockOnly || CpuSets.none(t.waitFor())) {
            return t.waitFor();
        }
        // A CPU leaves every waitFor set when it leaves its section, so the section it is in now
        // is the one it was in at the detach. CPUs 0..7 (every bound the explorer uses) make one
        // of the shared sets, without a tree iterator and a filtered tree per free.
        SortedSet<Integer> waitFor = t.waitFor();
        int first = waitFor.head();
        int last = waitFor.last();
        if (first >= 0 && last < 8) {
            // The ends are in the set: a tree lookup only for the CPUs between them.
            int mask = takesPtlock(m, first) | takesPtlock(m, last);
            for (int cpu = first + 1; cpu < last; cpu++) {
                if (waitFor.contains(cpu)) {
                    mask |= takesPtlock(m, cpu);
                }
            }
            return CpuSets.of(mask);
        }
        return waitFor.filter(cpu -> m.reader(cpu).section().takesPtlock());
    }

    /** {@code 1 << cpu} if the walker {@code cpu} is inside takes the ptlock, else 0. */
    private static int takesPtlock(Machine m, int cpu) {
        return m.reader(cpu).section().takesPtlock() ? 1 << cpu : 0;
    }

    /**
     * The violation of {@code what} on {@link #blocker}'s table: {@code USE_AFTER_FREE} if it is
     * attached or one of the walkers it waits for holds it, {@code EARLY_FREE} if none does.
     */
    static Either<Violation, Machine> violation(Machine m, Table t, String what, boolean ptlockOnly) {
        String freed = ptlockOnly ? what + " frees the split ptlock" : what;
        if (t.attached()) {
            return m.fail(Invariant.USE_AFTER_FREE, t.pfn(), t.name(), "attached to mm" + t.mm(), what,
                    freed + " while " + t.name() + " (fragment " + t.frag() + ") is still attached to mm" + t.mm());
        }
        SortedSet<Integer> waiters = waiters(m, t, ptlockOnly);
        SortedSet<Integer> holders = waiters.filter(cpu -> m.reader(cpu).holds(t.id()));
        if (!holders.isEmpty()) {
            Reader r = m.reader(holders.head());
            return m.fail(Invariant.USE_AFTER_FREE, t.pfn(), t.name(), "held by cpu" + holders.mkString(",cpu"),
                    what, freed + " while cpu" + holders.head() + " still holds " + t.name() + " (" + r.section().walk()
                            + " looked it up before it was detached, still inside " + r.section().enter() + ")");
        }
        int cpu = waiters.head();
        return m.fail(Invariant.EARLY_FREE, t.pfn(), t.name(), "grace period pending (" + inside(m, waiters) + ")",
                what, freed + " before the grace period of " + t.name() + ": cpu" + cpu + " was inside "
                        + m.reader(cpu).section().enter() + " when it was detached and has not left");
    }

    /** E.g. {@code cpu0 inside rcu_read_lock, cpu1 inside local_irq_save}. */
    static String inside(Machine m, SortedSet<Integer> cpus) {
        return cpus.map(cpu -> "cpu" + cpu + " inside " + m.reader(cpu).section().enter()).mkString(", ");
    }
}
