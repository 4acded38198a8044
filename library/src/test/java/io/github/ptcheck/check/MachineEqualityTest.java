package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.SharedPages;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.POWERPC64_HASH_64K;
import static io.github.ptcheck.arch.Presets.S390X;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Machines are values: equal kernel state means equal and equal hash, whatever path led there
 * and whether it was traced (the trace log and the loop guard are not state). The explorer's
 * visited-state dedup depends on it.
 */
class MachineEqualityTest {

    private static Machine replay(Preset preset, Strategy s, Vector<Op> ops, boolean tracing) {
        Executor ex = new Executor(preset, s);
        Machine m = ex.boot().tracing(tracing);
        int n = 0;
        for (Op op : ops) {
            Applied a = ex.apply(m, op, ++n);
            assertFalse(a.violated(), () -> a.violation().summary());
            m = a.machine();
        }
        return m;
    }

    private static void assertSameState(Machine a, Machine b) {
        assertEquals(a, b);
        assertEquals(b, a);
        assertEquals(a.hashCode(), b.hashCode());
        Set<Machine> set = new HashSet<>();
        set.add(a);
        set.add(b);
        assertEquals(1, set.size(), "dedup sees one state");
    }

    static final Vector<Op> BUSY = seq(alloc(0), alloc(1), alloc(0), lock(0), lookup(0, 1), defer(0), tlb(2),
            lock(1), unlock(0), run(0), free(1));

    @Test
    void theTraceLogIsNotState() {
        for (Preset p : Vector.of(X86_64, POWERPC64_HASH_64K)) {
            Strategy s = p.tablesPerPage() == 1 ? new PagePerTable() : new SharedPages();
            Machine traced = replay(p, s, BUSY, true);
            Machine fast = replay(p, s, BUSY, false);
            assertTrue(traced.log().nonEmpty() && fast.log().isEmpty());
            assertSameState(traced, fast);
            assertSameState(fast, fast.tracing(true).note("a strategy's explanation"));
            assertSameState(fast, fast.beginOperation());
            assertSameState(fast, fast.refreshBudget());
        }
    }

    @Test
    void theSameStateByDifferentPathsIsEqual() {
        Machine boot = Machine.boot(X86_64);
        assertSameState(boot, replay(X86_64, new PagePerTable(), seq(lock(0), lock(1), unlock(0), unlock(1)), true));
        Vector<Op> queue = seq(alloc(0), alloc(0), defer(0), defer(1));
        assertSameState(replay(X86_64, new PagePerTable(), queue.appendAll(seq(run(0), run(0))), false),
                replay(X86_64, new PagePerTable(), queue.appendAll(seq(run(1), run(0))), true));
        assertSameState(replay(POWERPC64_HASH_64K, new SharedPages(), seq(alloc(0), lock(0), unlock(0), alloc(0)), false),
                replay(POWERPC64_HASH_64K, new SharedPages(), seq(lock(3), alloc(0), unlock(3), alloc(0)), false));
    }

    @Test
    void differentStatesDiffer() {
        Strategy s = new PagePerTable();
        Vector<Machine> distinct = Vector.of(
                Machine.boot(X86_64),
                Machine.boot(S390X),
                replay(X86_64, s, seq(alloc(0)), false),
                replay(X86_64, s, seq(alloc(1)), false),
                replay(X86_64, s, seq(alloc(0), lock(0)), false),
                replay(X86_64, s, seq(alloc(0), lock(1)), false),
                replay(X86_64, s, seq(alloc(0), lock(0), lookup(0, 0)), false),
                replay(X86_64, s, seq(alloc(0), defer(0)), false),
                replay(X86_64, s, seq(alloc(0), tlb(0)), false),
                replay(X86_64, s, seq(alloc(0), lock(0), defer(0)), false),
                replay(X86_64, s, seq(alloc(0), exit(0)), false),
                replay(X86_64, s, seq(alloc(0), free(0)), false));
        for (int i = 0; i < distinct.size(); i++) {
            for (int j = 0; j < distinct.size(); j++) {
                if (i != j) {
                    assertNotEquals(distinct.get(i), distinct.get(j), i + " vs " + j);
                }
            }
        }
        assertEquals(distinct.size(), new HashSet<>(distinct.toJavaList()).size());
    }
}
