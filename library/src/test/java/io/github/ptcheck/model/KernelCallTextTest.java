package io.github.ptcheck.model;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.rcu.Reach;
import io.github.ptcheck.rcu.ReadSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text of each primitive's {@link KernelCall}: what the scheduler names when a replayed
 * routine makes another call than it made the first time. Each row calls the {@link Machine}
 * method a strategy calls, on a machine scheduled by a recorder that keeps the call and goes no
 * further, so the row pins the whole way from the method's parameters to the text. The numbers
 * differ on purpose (page 1, mm4, table t2, cpu3, fragment 5, value 16, callback 6), so a
 * pattern that names the wrong argument ({@code %1$s} for {@code %2$s}) fails as well as a
 * reworded one; every {@link Primitive} constant must have a row.
 */
class KernelCallTextTest {

    /** Thrown by the recorder once it has the call: the body is never run. */
    private static final class Recorded extends RuntimeException {
        final KernelCall call;

        Recorded(KernelCall call) {
            super(null, null, false, false);
            this.call = call;
        }
    }

    /** A CPU that records the first scheduling point its routine reaches. */
    private static final class Recorder implements Scheduling {
        @Override
        public int cpu() {
            return 3;
        }

        @Override
        public <T> T step(KernelCall call, java.util.function.Function<Machine, T> body) {
            throw new Recorded(call);
        }

        @Override
        public void note(Event event) {
        }

        @Override
        public boolean inStep() {
            return false; // no body runs: the call is all a row needs
        }

        @Override
        public TlbContext tlb() {
            return TlbContext.BATCH;
        }

        @Override
        public void tlb(TlbContext context) {
            throw new UnsupportedOperationException("no row changes the mmu_gather context");
        }
    }

    private static KernelCall callOf(Consumer<Machine> call) {
        Machine m = Machine.boot(Presets.POWERPC64_HASH_64K, MmConfig.V6_6).scheduledBy(new Recorder());
        return assertThrows(Recorded.class, () -> call.accept(m)).call;
    }

    private static Arguments row(Primitive primitive, Consumer<Machine> call, String text) {
        return Arguments.of(primitive, call, text);
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                row(Primitive.ALLOC_PAGE, Machine::allocPage, "alloc_page()"),
                row(Primitive.FREE_PAGE, m -> m.freePage(1), "__free_page(page 1)"),
                row(Primitive.PAGETABLE_PTE_CTOR, m -> m.pagetablePteCtor(1), "pagetable_pte_ctor(page 1)"),
                row(Primitive.PAGETABLE_PTE_DTOR, m -> m.pagetablePteDtor(1), "pagetable_pte_dtor(page 1)"),
                // 6.16's constructor, which takes the mm, and 6.14's destructor of every level.
                row(Primitive.PAGETABLE_PTE_CTOR_MM, m -> m.pagetablePteCtor(4, 1), "pagetable_pte_ctor(mm4, page 1)"),
                row(Primitive.PAGETABLE_DTOR, m -> m.pagetableDtor(1), "pagetable_dtor(page 1)"),
                // The names before 6.6's rename, kept so that strategies written against them compile: the same call.
                row(Primitive.PGTABLE_PTE_PAGE_CTOR, m -> m.pgtablePtePageCtor(1), "pgtable_pte_page_ctor(page 1)"),
                row(Primitive.PGTABLE_PTE_PAGE_DTOR, m -> m.pgtablePtePageDtor(1), "pgtable_pte_page_dtor(page 1)"),
                row(Primitive.SET_PAGE_ACTIVE, m -> m.setPageActive(1), "SetPageActive(page 1)"),
                row(Primitive.CLEAR_PAGE_ACTIVE, m -> m.clearPageActive(1), "ClearPageActive(page 1)"),
                row(Primitive.SET_PT_FRAG_REFCOUNT, m -> m.atomicSetPtFragRefcount(1, 16),
                        "atomic_set(page 1 pt_frag_refcount, 16)"),
                row(Primitive.SET_PT_FRAG_REFCOUNT, m -> m.atomicSetPtFragRefcount(1, 0x1000),
                        "atomic_set(page 1 pt_frag_refcount, 0x1000)"),
                row(Primitive.ADD_PT_FRAG_REFCOUNT, m -> m.atomicAddPtFragRefcount(1, 3),
                        "atomic_add(3, page 1 pt_frag_refcount)"),
                row(Primitive.ADD_PT_FRAG_REFCOUNT, m -> m.atomicAddPtFragRefcount(1, -15),
                        "atomic_sub(15, page 1 pt_frag_refcount)"),
                row(Primitive.SET_PT_MM, m -> m.setPtMm(1, 4), "page 1 pt_mm = mm4"),
                row(Primitive.XOR_BITS, m -> m.atomicXorBits(1, 0x11 << 24), "atomic_xor_bits(page 1 _refcount, 0x11<<24)"),
                row(Primitive.XOR_BITS, m -> m.atomicXorBits(1, 0x01000002),
                        "atomic_xor_bits(page 1 _refcount, 0x1000002)"),
                row(Primitive.SET_REFCOUNT, m -> m.atomicSetRefcount(1, 0x03000001),
                        "atomic_set(page 1 _refcount, 0x03000001)"),
                row(Primitive.INIT_LIST_HEAD, m -> m.initListHead(1), "INIT_LIST_HEAD(page 1 lru)"),
                row(Primitive.LIST_ADD, m -> m.listAdd(4, 1), "list_add(page 1 lru, mm4 pgtable_list)"),
                row(Primitive.LIST_ADD_TAIL, m -> m.listAddTail(4, 1), "list_add_tail(page 1 lru, mm4 pgtable_list)"),
                row(Primitive.LIST_DEL_INIT, m -> m.listDelInit(1), "list_del_init(page 1 lru)"),
                row(Primitive.LIST_DEL, m -> m.listDel(1), "list_del(page 1 lru)"),
                row(Primitive.PTE_FRAG_SET, m -> m.pteFragSet(4, 1, 5), "mm4->context.pte_frag = page 1 fragment 5"),
                row(Primitive.PTE_FRAG_CLEAR, m -> m.pteFragClear(4), "mm4->context.pte_frag = NULL"),
                row(Primitive.CALL_RCU, m -> m.callRcu(1, "pte_free_now"), "call_rcu(page 1 rcu_head, pte_free_now)"),
                row(Primitive.TLB_REMOVE_TABLE, m -> m.tlbRemoveTable(2), "tlb_remove_table(t2)"),
                row(Primitive.TAKE_CALLBACK, m -> m.takeCallback(6), "eligible RCU callback 6 taken to run"),
                row(Primitive.SPIN_LOCK, m -> m.spinLock(Locks.pageTableLock(4)), "spin_lock(mm4->page_table_lock)"),
                row(Primitive.SPIN_UNLOCK, m -> m.spinUnlock(Locks.pageTableLock(4)),
                        "spin_unlock(mm4->page_table_lock)"),
                row(Primitive.SPIN_LOCK_BH, m -> m.spinLockBh(Locks.ptl(1)), "spin_lock_bh(page 1 ptl)"),
                row(Primitive.SPIN_UNLOCK_BH, m -> m.spinUnlockBh(Locks.ptl(1)), "spin_unlock_bh(page 1 ptl)"),
                row(Primitive.READ_ONCE, Machine::readOnce, "READ_ONCE()"),
                row(Primitive.PMD_POPULATE, m -> m.attach(4, new Slot(1, 5)), "pmd_populate(mm4, page 1 fragment 5)"),
                row(Primitive.PMD_CLEAR, m -> m.detach(2, Reach.GUP_FAST), "pmd_clear(t2, walkers GUP_FAST)"),
                row(Primitive.PMD_CLEAR, m -> m.detach(2), "pmd_clear(t2, walkers ALL)"),
                row(Primitive.ENTER, m -> m.enter(3, ReadSection.IRQ_OFF), "local_irq_save() on cpu3"),
                row(Primitive.ENTER, m -> m.rcuReadLock(3), "rcu_read_lock() on cpu3"),
                row(Primitive.LOOKUP, m -> m.lookup(3, 2), "walk of t2 on cpu3"),
                row(Primitive.SYNC_ONE, Machine::tlbRemoveTableSyncOne, "tlb_remove_table_sync_one()"),
                row(Primitive.LEAVE, m -> m.leave(3), "end of the read section on cpu3"),
                row(Primitive.LEAVE, m -> m.rcuReadUnlock(3), "end of the read section on cpu3"),
                row(Primitive.EXIT_MMAP_BEGIN, m -> m.exitMmBegin(4), "exit_mmap(mm4) begins"),
                row(Primitive.EXIT_MMAP_DONE, m -> m.exitMmDone(4), "exit_mmap(mm4) done"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("calls")
    void eachPrimitivesCallReadsAsTheKernelWritesIt(Primitive primitive, Consumer<Machine> call, String text) {
        KernelCall c = callOf(call);
        assertEquals(primitive, c.primitive());
        assertEquals(text, c.toString());
    }

    /** The deprecated constant names before 6.6's rename are the primitives of the pre-6.6 calls. */
    @Test
    @SuppressWarnings("removal")
    void theOldConstantNamesAreThePre66Primitives() {
        assertSame(Primitive.PGTABLE_PTE_PAGE_CTOR, Primitive.PTE_PAGE_CTOR);
        assertSame(Primitive.PGTABLE_PTE_PAGE_DTOR, Primitive.PTE_PAGE_DTOR);
    }

    /** A new primitive without a row fails here, so its call text is pinned from the start. */
    @Test
    void everyPrimitiveHasARow() {
        Set<Primitive> rows = calls().map(a -> (Primitive) a.get()[0]).collect(Collectors.toCollection(
                () -> EnumSet.noneOf(Primitive.class)));
        Set<Primitive> missing = EnumSet.complementOf(EnumSet.copyOf(rows));
        assertTrue(missing.isEmpty(), () -> "primitives without a call-text row: " + missing);
    }
}
