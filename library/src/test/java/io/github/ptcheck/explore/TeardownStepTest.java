package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search takes a state's first teardown step from what the teardown check recorded
 * ({@link StateTable#stepped}) instead of running it again: that must be exactly where the
 * operation goes, and a state the search has not reached must not be taken for one it has.
 */
class TeardownStepTest {

    private static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(4)
            .withKinds(Bounds.DEFAULT.kinds().remove(OpKind.FILL).remove(OpKind.FREE_TLB_SIBLINGS));

    @Test
    void theRecordedStepIsWhereTheFirstTeardownOperationGoes() {
        for (Cell cell : List.of(new Cell(Presets.X86_64, Strategies.named("generic-v6.6")),
                new Cell(Presets.S390X, Strategies.named("s390-pageactive-v6.6")),
                new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-refcount-v2")))) {
            Executor ex = cell.executor();
            StateTable table = new StateTable();
            StateCodec codec = new StateCodec();
            TeardownCheck check = new TeardownCheck(ex, codec, table);
            int states = 0;
            int recorded = 0;
            for (Machine s : new BruteForce(ex, BOUNDS).enumerate(4).states()) {
                byte[] key = codec.encode(s);
                int hash = StateTable.hash(key);
                int i = table.indexOf(key, key.length, hash);
                if (i < 0) {
                    i = table.add(key, key.length, hash, StateTable.ROOT, -1);
                } else {
                    table.visit(i, StateTable.ROOT, -1);
                }
                check.passes(i, s, 0);
                states++;
                int to = table.stepped(i);
                if (to < 0) {
                    continue;
                }
                recorded++;
                Op first = ex.teardownOpArray(s)[0];
                Applied a = ex.apply(s, first, 1);
                assertFalse(a.violated() || a.wasSkipped(), () -> cell.name() + ": " + first + " from " + s);
                assertArrayEquals(table.key(to), codec.encode(a.machine()),
                        () -> cell.name() + ": the step recorded for " + first + " from " + s);
            }
            int all = states;
            int seen = recorded;
            // Most states have a teardown that goes on from where its first step lands.
            assertTrue(seen > all / 2, () -> cell.name() + ": a step recorded for " + seen + " of " + all + " states");
        }
    }

    @Test
    void aStateWhoseTeardownWasNotRunHasNoStep() {
        StateTable table = new StateTable();
        byte[] key = {1, 2, 3};
        int i = table.add(key, key.length, StateTable.hash(key), StateTable.ROOT, -1);
        assertEquals(-1, table.stepped(i));
        table.setStepped(i, i);
        assertEquals(i, table.stepped(i));
    }
}
