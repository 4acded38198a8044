package io.github.ptcheck.model;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.Reach;
import io.github.ptcheck.rcu.ReadSection;
import io.vavr.collection.List;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The trace line each primitive of the machine writes: a counterexample shows these to the user,
 * line for line, and the renderer prints the state of every page an event names by its pfn. Each
 * row runs one call on a traced machine and asserts every line it logged, text and pfn. The
 * numbers differ on purpose (page 1 or 2, table t1, mm1 or mm4, cpu1 and cpu3, fragment 3 or 5),
 * so a line that names the wrong argument fails as well as one dropped or reworded.
 */
class TraceLinesTest {

    /**
     * Pages 0 to 2 allocated, page 2 a page table (its ptlock allocated); t0 in page 0 fragment 0
     * for mm0, t1 in page 2 fragment 3 for mm1; no CPU inside a read-side section.
     */
    private static Machine world(MmConfig config) {
        Machine m = Machine.boot(Presets.POWERPC64_HASH_64K, config);
        for (int i = 0; i < 3; i++) {
            m = m.allocPage().machine();
        }
        return ok(m.pagetablePteCtor(2).flatMap(x -> x.attach(0, new Slot(0, 0)))
                .flatMap(x -> x.attach(1, new Slot(2, 3))));
    }

    private static Machine ok(Either<Violation, Machine> r) {
        if (r.isLeft()) {
            fail("unexpected violation: " + r.getLeft());
        }
        return r.get();
    }

    /** cpu1 inside rcu_read_lock, cpu3 inside local_irq_save. */
    private static Machine walkers(Machine m) {
        return m.enter(1, ReadSection.RCU).enter(3, ReadSection.IRQ_OFF);
    }

    private static Arguments row(String name, Function<Machine, Machine> setup, Function<Machine, Machine> call,
                                 Event... lines) {
        return row(name, MmConfig.V6_6, setup, call, lines);
    }

    private static Arguments row(String name, MmConfig config, Function<Machine, Machine> setup,
                                 Function<Machine, Machine> call, Event... lines) {
        return Arguments.of(name, config, setup, call, List.of(lines));
    }

    private static Event line(String text, int pfn) {
        return new Event(text, pfn);
    }

    static Stream<Arguments> primitives() {
        Function<Machine, Machine> none = m -> m;
        return Stream.of(
                row("alloc_page", none, m -> m.allocPage().machine(), line("alloc_page() = page 3", 3)),
                row("__free_page", none, m -> ok(m.freePage(1)), line("__free_page(page 1)", 1)),
                row("__free_page of a page someone else holds", m -> ok(m.atomicSetRefcount(1, 3)),
                        m -> ok(m.freePage(1)), line("__free_page(page 1): put_page_testzero() leaves _refcount"
                                + " 0x00000002, not freed: nothing holds the page any more, it leaks", 1)),
                row("pagetable_pte_ctor", none, m -> ok(m.pagetablePteCtor(1)),
                        line("pagetable_pte_ctor(page 1)", 1)),
                row("pagetable_pte_dtor", m -> ok(m.pagetablePteCtor(1)), m -> ok(m.pagetablePteDtor(1)),
                        line("pagetable_pte_dtor(page 1)", 1)),
                row("pagetable_pte_ctor with the mm, since 6.16", none, m -> ok(m.pagetablePteCtor(4, 1)),
                        line("pagetable_pte_ctor(mm4, page 1)", 1)),
                row("pagetable_dtor, since 6.14", m -> ok(m.pagetablePteCtor(1)), m -> ok(m.pagetableDtor(1)),
                        line("pagetable_dtor(page 1)", 1)),
                // Up to 6.5, and the 2023 pte_free_defer() patches against 6.4.
                row("pgtable_pte_page_ctor, up to 6.5", none, m -> ok(m.pgtablePtePageCtor(1)),
                        line("pgtable_pte_page_ctor(page 1)", 1)),
                row("pgtable_pte_page_dtor, up to 6.5", m -> ok(m.pgtablePtePageCtor(1)),
                        m -> ok(m.pgtablePtePageDtor(1)), line("pgtable_pte_page_dtor(page 1)", 1)),
                row("SetPageActive", none, m -> ok(m.setPageActive(1)), line("SetPageActive(page 1)", 1)),
                row("ClearPageActive", m -> ok(m.setPageActive(1)), m -> ok(m.clearPageActive(1)),
                        line("ClearPageActive(page 1)", 1)),
                row("atomic_set pt_frag_refcount", none, m -> ok(m.atomicSetPtFragRefcount(1, 16)),
                        line("atomic_set(pt_frag_refcount, 16) [page 1]", 1)),
                row("atomic_set pt_frag_refcount, a large value in hex", none,
                        m -> ok(m.atomicSetPtFragRefcount(1, 0x1000)),
                        line("atomic_set(pt_frag_refcount, 0x1000) [page 1]", 1)),
                row("atomic_add pt_frag_refcount", m -> ok(m.atomicSetPtFragRefcount(1, 16)),
                        m -> ok(m.atomicAddPtFragRefcount(1, 3)),
                        line("atomic_add(3, pt_frag_refcount): 16 -> 19 [page 1]", 1)),
                row("atomic_sub pt_frag_refcount", m -> ok(m.atomicSetPtFragRefcount(1, 16)),
                        m -> ok(m.atomicAddPtFragRefcount(1, -1)),
                        line("atomic_sub(1, pt_frag_refcount): 16 -> 15 [page 1]", 1)),
                row("pt_mm", none, m -> ok(m.setPtMm(1, 4)), line("pt_mm = mm4 [page 1]", 1)),
                row("atomic_xor_bits", m -> ok(m.atomicXorBits(1, 0x01 << 24)), m -> ok(m.atomicXorBits(1, 0x11 << 24)),
                        line("atomic_xor_bits(_refcount, 0x11<<24): byte 0x01 -> 0x10 [page 1]", 1)),
                row("atomic_xor_bits touching bits below the upper byte", none, m -> ok(m.atomicXorBits(1, 0x01000002)),
                        line("atomic_xor_bits(_refcount, 0x1000002): byte 0x00 -> 0x01 [page 1]", 1)),
                row("atomic_set _refcount", none, m -> ok(m.atomicSetRefcount(1, 0x03000001)),
                        line("atomic_set(_refcount, 0x03000001): byte 0x00 -> 0x03 [page 1]", 1)),
                row("INIT_LIST_HEAD", none, m -> ok(m.initListHead(1)), line("INIT_LIST_HEAD(page 1 lru)", 1)),
                row("list_add", m -> ok(m.initListHead(1)), m -> ok(m.listAdd(4, 1)),
                        line("list_add(page 1 lru, mm4 pgtable_list)", 1)),
                row("list_add_tail", m -> ok(m.initListHead(1)), m -> ok(m.listAddTail(4, 1)),
                        line("list_add_tail(page 1 lru, mm4 pgtable_list)", 1)),
                row("list_del_init", m -> ok(m.initListHead(1).flatMap(x -> x.listAdd(4, 1))),
                        m -> ok(m.listDelInit(1)), line("list_del_init(page 1 lru)", 1)),
                row("list_del", m -> ok(m.initListHead(1).flatMap(x -> x.listAdd(4, 1))),
                        m -> ok(m.listDel(1)), line("list_del(page 1 lru)", 1)),
                row("pte_frag set", none, m -> m.pteFragSet(4, 1, 5),
                        line("mm4->context.pte_frag = page 1 fragment 5", -1)),
                row("pte_frag clear", m -> m.pteFragSet(4, 1, 5), m -> m.pteFragClear(4),
                        line("mm4->context.pte_frag = NULL", -1)),
                row("call_rcu", none, m -> ok(m.callRcu(1, "pte_free_now")),
                        line("call_rcu(page 1 rcu_head, pte_free_now)", 1)),
                row("call_rcu with walkers inside", TraceLinesTest::walkers, m -> ok(m.callRcu(1, "pte_free_now")),
                        line("call_rcu(page 1 rcu_head, pte_free_now), waits for cpu1,cpu3", 1)),
                row("tlb_remove_table", none, m -> ok(m.tlbRemoveTable(1)), line("tlb_remove_table(t1)", 2)),
                row("tlb_remove_table with walkers inside", TraceLinesTest::walkers, m -> ok(m.tlbRemoveTable(1)),
                        line("tlb_remove_table(t1), waits for cpu1,cpu3", 2)),
                row("tlb_remove_table without a batch page, semi RCU", none,
                        m -> ok(m.withTlbContext(TlbContext.ONE).tlbRemoveTable(1)),
                        line("tlb_remove_table(t1): no batch page (__get_free_page(GFP_NOWAIT) failed),"
                                + " tlb_remove_table_one: tlb_remove_table_sync_one(); __tlb_remove_table()", -1)),
                row("tlb_remove_table without a batch page, PT_RECLAIM", MmConfig.PT_RECLAIM, none,
                        m -> ok(m.withTlbContext(TlbContext.ONE).tlbRemoveTable(1)),
                        line("tlb_remove_table(t1): no batch page (__get_free_page(GFP_NOWAIT) failed),"
                                + " tlb_remove_table_one: call_rcu(&ptdesc->pt_rcu_head, __tlb_remove_table_one_rcu)", -1),
                        line("call_rcu(page 2 rcu_head, __tlb_remove_table_one_rcu)", 2)),
                row("an RCU callback on a page's rcu_head runs", m -> ok(m.callRcu(1, "pte_free_now")),
                        m -> m.takeCallback(0).machine(), line("rcu: pte_free_now(page 1 rcu_head)", 1)),
                row("an RCU callback on a batch runs", m -> ok(m.tlbRemoveTable(1)),
                        m -> m.takeCallback(0).machine(), line("rcu: tlb_remove_table_rcu(mmu_table_batch rcu (t1))", -1)),
                row("spin_lock", none, m -> ok(m.spinLock(Locks.pageTableLock(4))),
                        line("spin_lock(mm4->page_table_lock)", -1)),
                row("spin_unlock", m -> ok(m.spinLock(Locks.pageTableLock(4))),
                        m -> ok(m.spinUnlock(Locks.pageTableLock(4))), line("spin_unlock(mm4->page_table_lock)", -1)),
                row("spin_lock_bh", none, m -> ok(m.spinLockBh(Locks.ptl(2))), line("spin_lock_bh(page 2 ptl)", -1)),
                row("spin_unlock_bh", m -> ok(m.spinLockBh(Locks.ptl(2))), m -> ok(m.spinUnlockBh(Locks.ptl(2))),
                        line("spin_unlock_bh(page 2 ptl)", -1)),
                row("pmd_populate", none, m -> ok(m.attach(4, new Slot(1, 5))),
                        line("pmd_populate: t2 = page 1 fragment 5 for mm4", 1)),
                row("pmd_clear", none, m -> m.detach(1), line("pmd_clear: t1 detached", 2)),
                row("pmd_clear with walkers inside", TraceLinesTest::walkers, m -> m.detach(1, Reach.ALL),
                        line("pmd_clear: t1 detached, cpu1,cpu3 may still hold it", 2)),
                row("pmd_clear only GUP-fast can reach", TraceLinesTest::walkers, m -> m.detach(1, Reach.GUP_FAST),
                        line("pmd_clear: t1 detached, cpu3 may still hold it", 2)),
                row("pte_offset_map_lock", m -> m.enter(1, ReadSection.RCU), m -> ok(m.lookup(1, 1)),
                        line("pte_offset_map_lock on cpu1: t1", 2)),
                row("gup_fast", m -> m.enter(3, ReadSection.IRQ_OFF), m -> ok(m.lookup(3, 1)),
                        line("gup_fast on cpu3: t1", 2)),
                row("tlb_remove_table_sync_one", TraceLinesTest::walkers, Machine::tlbRemoveTableSyncOne,
                        line("tlb_remove_table_sync_one(): IPI to every CPU", -1),
                        line("  cpu3 finishes gup_fast and takes the IPI at local_irq_restore (it drops what it held)", -1)),
                row("exit_mmap begins", m -> walkers(m).detach(1), m -> m.exitMmBegin(1),
                        line("exit_mmap: no thread of mm1 is left to run gup_fast, so cpu3 (interrupts off) cannot hold t1",
                                2)),
                row("a strategy's note", none, m -> m.note("the page has a free half"),
                        line("the page has a free half", -1)),
                row("a strategy's note, built only while tracing", none, m -> m.note(() -> "fragment " + 5 + " is next"),
                        line("fragment 5 is next", -1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primitives")
    void eachPrimitiveWritesItsLine(String name, MmConfig config, Function<Machine, Machine> setup,
                                    Function<Machine, Machine> call, List<Event> lines) {
        Machine traced = setup.apply(world(config)).tracing(true);
        assertEquals(lines, call.apply(traced).log());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primitives")
    void anUntracedRunLogsNothing(String name, MmConfig config, Function<Machine, Machine> setup,
                                  Function<Machine, Machine> call, List<Event> lines) {
        assertEquals(List.empty(), call.apply(setup.apply(world(config))).log());
    }

    /** A violation carries the lines of its operation that came before it: the trace ends at the bad call. */
    @Test
    void aViolationCarriesTheLinesBeforeIt() {
        Violation v = world(MmConfig.V6_6).tracing(true).setPageActive(1)
                .flatMap(m -> m.freePage(1)).getLeft();
        assertEquals(Invariant.BAD_PAGE_STATE, v.invariant());
        assertEquals(List.of(line("SetPageActive(page 1)", 1)), v.events());
    }
}
