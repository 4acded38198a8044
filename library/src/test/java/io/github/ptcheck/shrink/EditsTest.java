package io.github.ptcheck.shrink;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EditsTest {

    @Test
    void deletingAnAllocRenumbersLaterReferencesAndDropsThoseToTheDeletedTable() {
        Vector<Op> ops = seq(alloc(0), alloc(1), alloc(0), defer(2), lookup(0, 1), free(0), tlb(1));
        assertEquals(seq(alloc(1), alloc(0), defer(1), lookup(0, 0), tlb(0)), Edits.delete(ops, 0, 1));
        // t1 and t2 go, and with them every operation on them.
        assertEquals(seq(alloc(0), free(0)), Edits.delete(ops, 1, 2));
        // No alloc deleted: nothing renumbered.
        assertEquals(seq(alloc(0), alloc(1), alloc(0), lookup(0, 1), free(0), tlb(1)), Edits.delete(ops, 3, 1));
    }

    /** What a schedule needs to follow a deletion: which positions went, the chunk and the operations on its tables. */
    @Test
    void deletedNamesThePositionsADeletionLeavesOutAndCutRenumbersNothing() {
        Vector<Op> ops = seq(alloc(0), alloc(1), alloc(0), defer(2), lookup(0, 1), free(0), tlb(1));
        assertEquals(java.util.BitSet.valueOf(new long[] {0b100001}), Edits.deleted(ops, 0, 1));
        assertEquals(java.util.BitSet.valueOf(new long[] {0b1011110}), Edits.deleted(ops, 1, 2));
        assertEquals(java.util.BitSet.valueOf(new long[] {0b1000}), Edits.deleted(ops, 3, 1));
        assertEquals(seq(alloc(1), alloc(0), defer(2), lookup(0, 1), free(0), tlb(1)), Edits.cut(ops, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Edits.deleted(ops, 6, 2));
    }

    /** The point of renumbering: each remaining operation acts on the same table (same mm, same order of birth). */
    @Test
    void afterARenumberedDeletionReferencesMeanTheSameTables() {
        Executor ex = new Executor(Presets.X86_64, Strategies.named("generic-v6.6"));
        Vector<Op> ops = seq(alloc(0), alloc(1), alloc(1), alloc(0), defer(3), defer(2), free(1));
        Vector<Op> less = Edits.delete(ops, 1, 1); // the alloc of mm1's first table
        // Before: defer t3 frees mm0's second table, defer t2 mm1's second, free t1 mm1's first.
        assertEquals(Vector.of("mm0#1", "mm1#1", "mm1#0"), freed(ex.trace(ops)));
        assertEquals(Vector.of("mm0#1", "mm1#0"), freed(ex.trace(less)));
        assertEquals(seq(alloc(0), alloc(1), alloc(0), defer(2), defer(1)), less);
    }

    /** Each freed table as mm and its index among that mm's tables. */
    private static Vector<String> freed(Outcome o) {
        Vector<Step> own = o.steps().filter(s -> !s.teardown() && !(s.op() instanceof Op.Alloc));
        return own.map(s -> {
            Table t = s.after().table(Op.tableOf(s.op()));
            int nth = s.after().tables().filter(x -> x.mm() == t.mm() && x.id() < t.id()).size();
            return "mm" + t.mm() + "#" + nth;
        });
    }

    @Test
    void swappingTwoAllocsExchangesTheirTablesNames() {
        assertEquals(seq(alloc(0), alloc(1), defer(1), defer(0), free(2)),
                Edits.swap(seq(alloc(1), alloc(0), defer(0), defer(1), free(2)), 0));
        assertEquals(seq(alloc(0), lock(0), defer(0)), Edits.swap(seq(lock(0), alloc(0), defer(0)), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Edits.swap(seq(alloc(0)), 0));
    }

    @Test
    void simplerArgumentsAreEveryLowerValueSmallestFirst() {
        assertEquals(seq(lookup(0, 3), lookup(1, 3), lookup(2, 0), lookup(2, 1), lookup(2, 2)), Edits.simpler(lookup(2, 3)));
        assertEquals(seq(run(0), run(1)), Edits.simpler(run(2)));
        assertEquals(seq(alloc(0)), Edits.simpler(alloc(1)));
        assertEquals(seq(exit(0), exit(1)), Edits.simpler(exit(2)));
        assertEquals(seq(), Edits.simpler(barrier()));
        assertEquals(seq(), Edits.simpler(alloc(0)));
    }

    @Test
    void mappingCpusAndMmsMovesEveryOperationOnThem() {
        assertEquals(seq(lock(0), lookup(0, 0), unlock(0), alloc(1)),
                Edits.mapCpu(seq(lock(1), lookup(1, 0), unlock(1), alloc(1)), 1, 0));
        assertEquals(seq(alloc(0), lock(1), exit(0)), Edits.mapMm(seq(alloc(2), lock(1), exit(2)), 2, 0));
    }

    @Test
    void shorterIsSimplerThenLowerKindsAndArgumentsFirst() {
        assertTrue(Edits.compare(seq(defer(0)), seq(alloc(0), alloc(0))) < 0);
        assertTrue(Edits.compare(seq(alloc(0), defer(0)), seq(alloc(1), defer(0))) < 0);
        assertTrue(Edits.compare(seq(alloc(1), defer(0)), seq(defer(0), alloc(0))) < 0);
        assertTrue(Edits.compare(seq(lookup(0, 5)), seq(lookup(1, 0))) < 0);
        assertEquals(0, Edits.compare(seq(run(1)), seq(run(1))));
    }
}
