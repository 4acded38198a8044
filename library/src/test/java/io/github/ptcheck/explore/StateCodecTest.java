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

    /**
     * A successor written against its parent as the reference (its unchanged parts copied) has
     * the bytes of one written from scratch: over every transition out of the states reachable in
     * a few operations, where most successors share some parts with their parent and none all.
     */
    @Test
    void aReferenceChangesNoBytes() {
        for (Cell cell : java.util.List.of(new Cell(Presets.X86_64, Strategies.named("generic-v6.6")),
                new Cell(Presets.S390X, Strategies.named("s390-pageactive-v6.6")),
                new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-refcount-v2")))) {
            io.github.ptcheck.check.Executor ex = cell.executor();
            StateCodec.Names names = new StateCodec.Names();
            StateCodec referenced = new StateCodec(names);
            StateCodec plain = new StateCodec(names);
            int[] shared = new int[Machine.PARTS];
            int transitions = 0;
            for (Machine s : new BruteForce(ex, BOUNDS).enumerate(4).states()) {
                referenced.reference(s);
                for (java.util.Map.Entry<io.github.ptcheck.op.Op, Machine> e : successors(ex, s).entrySet()) {
                    io.github.ptcheck.op.Op op = e.getKey();
                    Machine m = e.getValue();
                    transitions++;
                    for (int part = 0; part < Machine.PARTS; part++) {
                        shared[part] += m.sharesPart(s, part) ? 1 : 0;
                    }
                    assertArrayEquals(plain.encode(m), referenced.encode(m), () -> cell.name() + ": " + op + " from " + s);
                }
            }
            int[] counts = shared;
            int all = transitions;
            // Each part is copied from the reference somewhere, and written afresh somewhere else.
            for (int part = 0; part < Machine.PARTS; part++) {
                int p = part;
                assertTrue(counts[p] > 0 && (p == Machine.PART_LOCKS || counts[p] < all),
                        () -> cell.name() + ": part " + p + " shared in " + counts[p] + " of " + all + " transitions");
            }
        }
    }

    /**
     * The count of a machine's pages is written once they are: 64 and more take two bytes, and
     * the pages after it move up by one, where a reference recorded them too.
     */
    @Test
    void aCountOfSixtyFourPagesOrMoreTakesTwoBytes() {
        Machine m = Machine.boot(Presets.X86_64);
        java.util.List<Machine> grown = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            m = m.allocPage().machine();
            grown.add(m);
        }
        StateCodec.Names names = new StateCodec.Names();
        StateCodec plain = new StateCodec(names);
        StateCodec referenced = new StateCodec(names);
        for (int i = 0; i + 1 < grown.size(); i++) {
            referenced.reference(grown.get(i));
            Machine next = grown.get(i + 1);
            assertArrayEquals(plain.encode(next), referenced.encode(next), "page " + (i + 1));
        }
        byte[] seventy = plain.encode(grown.get(69));
        // 70, zigzag 140, as a varint: 0x8C 0x01.
        assertEquals((byte) 0x8C, seventy[0]);
        assertEquals((byte) 0x01, seventy[1]);
        byte[] sixtyThree = plain.encode(grown.get(62));
        assertEquals((byte) 126, sixtyThree[0]);
        // A page freed after the reference's (whose recorded places are past the moved count).
        referenced.reference(grown.get(69));
        Machine freed = grown.get(69).freePage(66).get();
        assertArrayEquals(plain.encode(freed), referenced.encode(freed));
        Machine fewer = grown.get(63).freePage(2).get();
        referenced.reference(grown.get(63));
        assertArrayEquals(plain.encode(fewer), referenced.encode(fewer));
    }

    /**
     * A machine that holds every part of its state as the reference does is the reference's
     * state, found without writing it; over every transition, only such machines, and their
     * bytes are the reference's.
     */
    @Test
    void aMachineOfTheReferencesPartsIsItsState() {
        Cell cell = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));
        io.github.ptcheck.check.Executor ex = cell.executor();
        StateCodec codec = new StateCodec();
        int same = 0;
        int transitions = 0;
        for (Machine s : new BruteForce(ex, BOUNDS).enumerate(4).states()) {
            codec.reference(s, 41);
            byte[] bytes = new StateCodec(new StateCodec.Names()).encode(s);
            assertEquals(41, codec.sameAsReference(s));
            for (java.util.Map.Entry<io.github.ptcheck.op.Op, Machine> e : successors(ex, s).entrySet()) {
                io.github.ptcheck.op.Op op = e.getKey();
                Machine m = e.getValue();
                for (io.github.ptcheck.op.Op back : ex.teardownOps(m)) {
                    io.github.ptcheck.check.Applied b = ex.apply(m, back, 2);
                    if (b.violated() || b.wasSkipped()) {
                        break;
                    }
                    transitions++;
                    int found = codec.sameAsReference(b.machine());
                    if (found >= 0) {
                        same++;
                        assertEquals(41, found);
                        assertArrayEquals(bytes, new StateCodec(new StateCodec.Names()).encode(b.machine()),
                                () -> op + " then " + back + " from " + s);
                    }
                    m = b.machine();
                }
            }
        }
        assertTrue(same > 0 && same < transitions, same + " of " + transitions);
        codec.reference(Machine.boot(Presets.X86_64));
        assertEquals(-1, codec.sameAsReference(Machine.boot(Presets.X86_64)), "no state given with the reference");
    }

    /** The machines the operations enabled at {@code s} lead to (those that run and break nothing), by operation, in order. */
    private static java.util.Map<io.github.ptcheck.op.Op, Machine> successors(io.github.ptcheck.check.Executor ex, Machine s) {
        java.util.List<io.github.ptcheck.op.Op> ops = new java.util.ArrayList<>();
        io.github.ptcheck.op.Alphabet.forEachEnabledUpToSymmetry(s, BOUNDS, ops::add);
        java.util.Map<io.github.ptcheck.op.Op, Machine> after = new java.util.LinkedHashMap<>();
        for (io.github.ptcheck.op.Op op : ops) {
            io.github.ptcheck.check.Applied a = ex.apply(s, op, 1);
            if (!a.violated() && !a.wasSkipped()) {
                after.put(op, a.machine());
            }
        }
        return after;
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
