package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.StrategyMethods;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Symmetry over idle CPUs and unused mms ({@link Alphabet#forEachEnabledUpToSymmetry}): a CPU
 * outside every read-side section, and an mm no table was ever allocated for, appear nowhere in
 * the machine's state, so the searches enter a section on the lowest idle CPU only and allocate
 * for the lowest unused mm only. What it offers, what it saves, that it changes no verdict of a
 * built-in, and what it costs a strategy that tells mms apart by number (the switch gives it back).
 */
class IdleCpuAndUnusedMmSymmetryTest {

    private static final Cell X86 = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));

    private static Vector<Op> offered(Machine m, int perClass) {
        return Alphabet.enabledUpToSymmetry(m, Bounds.DEFAULT, perClass);
    }

    @Test
    void atBootOnlyTheFirstCpuAndTheFirstMmAreOffered() {
        Machine boot = X86.executor().boot();
        assertEquals(Vector.of(alloc(0), lock(0), irqOff(0)), offered(boot, 1));
        // Two per class where two operations run overlapped (the interleaving search), all without.
        assertEquals(Vector.of(alloc(0), alloc(1), lock(0), irqOff(0), lock(1), irqOff(1)), offered(boot, 2));
        assertEquals(offered(boot, 2), offered(boot, 0));
    }

    @Test
    void anMmInUseAndACpuInsideAreNoLongerInterchangeable() {
        Executor ex = X86.executor();
        Machine m = ex.boot();
        int step = 1;
        for (Op op : seq(alloc(0), lock(0))) {
            m = ex.apply(m, op, step++).machine();
        }
        Vector<Op> ops = offered(m, 1);
        assertTrue(ops.contains(alloc(1)), ops::toString);
        assertTrue(ops.contains(lock(1)) && ops.contains(irqOff(1)), ops::toString);
        assertTrue(ops.contains(alloc(0)) && ops.contains(lookup(0, 0)) && ops.contains(unlock(0)), ops::toString);
    }

    @Test
    void aboutAThirdOfTheStatesAndTheSameVerdict() {
        ExploreReport on = new Explorer(X86, Bounds.DEFAULT).explore(6);
        ExploreReport off = new Explorer(X86, Bounds.DEFAULT).withSymmetry(false).explore(6);
        assertTrue(on.passed() && off.passed(), on.summary() + " / " + off.summary());
        assertEquals(Vector.of(1L, 3L, 12L, 49L, 260L, 1371L, 7899L), on.statesPerDepth());
        assertEquals(Vector.of(1L, 6L, 24L, 134L, 700L, 3904L, 22476L), off.statesPerDepth());
    }

    /**
     * Every built-in strategy on every preset it serves with at most two tables a page, to depth
     * 5, with and without the reduction: the same verdict, the same invariant, a shortest
     * counterexample of the same length. (On the 64 KiB powerpc presets the switch also turns off
     * the reduction over a page's fragments, without which a search of full pages does not reach
     * depth 4 in minutes; SymmetrySwitchTest covers those.)
     */
    @Test
    void everyBuiltInGetsTheSameVerdictWithAndWithout() {
        int cells = 0;
        for (Strategy s : Strategies.all()) {
            for (Preset p : Presets.all()) {
                if (!StrategyMethods.serves(s, p) || p.tablesPerPage() > 2) {
                    continue;
                }
                Cell cell = new Cell(p, s);
                ExploreReport on = new Explorer(cell, Bounds.DEFAULT).withWorkers(1).explore(5);
                ExploreReport off = new Explorer(cell, Bounds.DEFAULT).withWorkers(1).withSymmetry(false).explore(5);
                assertEquals(verdict(off), verdict(on), cell.name());
                cells++;
            }
        }
        assertEquals(21, cells, "the built-in cells on those presets");
    }

    private static String verdict(ExploreReport r) {
        return r.finding().map(f -> f.violation().invariant() + " in " + f.shrunk().size()).getOrElse("clean to "
                + r.depthCompleted());
    }

    /** generic-v6.6, but mm1's tables come with a page it never frees: a strategy that tells mms apart by number. */
    static final class Mm1Leaks extends ForwardingStrategy {
        Mm1Leaks() {
            super(Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "test-mm1-leaks";
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            if (mm != 1) {
                return super.pteAllocOne(m, mm);
            }
            Machine.PageAlloc lost = m.allocPage();
            return super.pteAllocOne(lost.machine(), mm);
        }
    }

    @Test
    void aStrategyThatTellsMmsApartNeedsTheSwitch() {
        Cell cell = new Cell(Presets.X86_64, new Mm1Leaks());
        Finding with = new Explorer(cell, Bounds.DEFAULT).explore(3).finding().get();
        assertEquals(Invariant.LEAK, with.violation().invariant());
        assertEquals(seq(alloc(0), alloc(1)), with.shrunk(), "mm1 is offered once mm0 is in use");
        Finding without = new Explorer(cell, Bounds.DEFAULT).withSymmetry(false).explore(3).finding().get();
        assertEquals(Invariant.LEAK, without.violation().invariant());
        assertEquals(seq(alloc(1)), without.shrunk());
    }
}
