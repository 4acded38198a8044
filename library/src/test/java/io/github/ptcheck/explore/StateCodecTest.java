package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer merges states whose codec bytes are equal: that must be exactly machine equality. */
class StateCodecTest {

    /** Without fill and freeTlbSiblings: a page of 16 tables is more states, and no new kind of one. */
    private static final Bounds BOUNDS = Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(4)
            .withKinds(Bounds.DEFAULT.kinds().remove(OpKind.FILL).remove(OpKind.FREE_TLB_SIBLINGS));

    /** Over every state reachable in a few operations: equal bytes if and only if equal machines. */
    private static void assertBytesAreEquality(Cell cell, int depth) {
        Set<Machine> states = new BruteForce(cell.executor(), BOUNDS).enumerate(depth).states();
        StateCodec codec = new StateCodec();
        Map<ByteBuffer, Machine> byBytes = new HashMap<>();
        for (Machine m : states) {
            byte[] bytes = codec.encode(m);
            Machine before = byBytes.put(ByteBuffer.wrap(bytes), m);
            // Distinct machines (the set holds no two equal ones) never share bytes.
            assertEquals(null, before, () -> "two different states share bytes: " + m + " and " + before);
            // Encoding is a function of the state: the same state, the same bytes.
            assertArrayEquals(bytes, codec.encode(m.beginOperation().tracing(true)));
        }
        assertTrue(states.size() > 100, "enough states to mean something: " + states.size());
    }

    @Test
    void bytesAreEqualityOnGenericStates() {
        assertBytesAreEquality(new Cell(Presets.X86_64, Strategies.named("generic-v6.6")), 5);
    }

    @Test
    void bytesAreEqualityOnPowerpcFragmentStates() {
        // Cursors, pt_frag_refcount, several tables per page, queued rcu_heads and readers.
        assertBytesAreEquality(new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1")), 5);
    }

    @Test
    void listsAndTheirOrderAreState() {
        Machine m = Machine.boot(Presets.S390X);
        Machine.PageAlloc a = m.allocPage();
        Machine.PageAlloc b = a.machine().allocPage();
        Machine two = b.machine().initListHead(a.pfn()).get().initListHead(b.pfn()).get();
        StateCodec codec = new StateCodec();
        Machine headFirst = two.listAdd(0, a.pfn()).get().listAdd(0, b.pfn()).get();
        Machine tailFirst = two.listAdd(0, a.pfn()).get().listAddTail(0, b.pfn()).get();
        Machine otherMm = two.listAdd(1, a.pfn()).get().listAdd(1, b.pfn()).get();
        assertFalse(headFirst.equals(tailFirst));
        assertFalse(java.util.Arrays.equals(codec.encode(headFirst), codec.encode(tailFirst)));
        assertFalse(java.util.Arrays.equals(codec.encode(headFirst), codec.encode(otherMm)));
        Machine queued = two.callRcu(a.pfn(), "pte_free_now").get();
        Machine queuedOther = two.callRcu(a.pfn(), "page_table_free_rcu").get();
        assertFalse(java.util.Arrays.equals(codec.encode(queued), codec.encode(queuedOther)));
        Machine again = two.callRcu(a.pfn(), "pte_free_now").get();
        assertArrayEquals(codec.encode(queued), codec.encode(again));
    }
}
