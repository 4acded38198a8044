package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.SharedPages;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.POWERPC64_HASH_64K;
import static io.github.ptcheck.TestPresets.SRMMU_WITH_DEFER;
import static io.github.ptcheck.arch.Presets.X86_64;
import static io.github.ptcheck.invariant.Invariant.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every invariant of spec section 6, provoked through a deliberately wrong test strategy: each
 * case names the bug, the sequence that shows it, and the violation the model must report
 * (kind, step, page, field, and the field's owner or value before and after). The correct
 * strategy the bug was made from passes the same sequence, so the violation is the bug's.
 */
class ProvokedViolationsTest {

    /** One wrong strategy, one sequence, the violation it must give. */
    record Case(String title, Strategy bug, Strategy control, Preset preset, Vector<Op> ops,
                Invariant invariant, int step, int pfn, String field, String before, String after) {
        @Override
        public String toString() {
            return invariant + ": " + title;
        }
    }

    private static final Strategy PER_PAGE = new PagePerTable();
    private static final Strategy SHARED = new SharedPages();

    static List<Case> cases() {
        return List.of(
                new Case("two tables of one page deferred in one grace period", new QueuesRcuHeadPerTable(), SHARED,
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), defer(0), defer(1)),
                        RCU_HEAD_REUSE, 4, 0, "rcu_head", "rcu_head (queued, func=pte_free_now)",
                        "queued again, func=pte_free_now"),
                new Case("the grace period passed but the callback has not run", new QueuesRcuHeadPerTable(), SHARED,
                        SRMMU_WITH_DEFER, seq(alloc(0), alloc(0), lock(0), defer(0), unlock(0), defer(1)),
                        RCU_HEAD_REUSE, 6, 0, "rcu_head", "rcu_head (queued, func=pte_free_now)",
                        "queued again, func=pte_free_now"),

                new Case("list_add over the queued rcu_head", new ListAddsWhileQueued(), PER_PAGE,
                        X86_64, seq(alloc(0), defer(0)),
                        UNION_CLOBBER, 2, 0, "rcu_head", "rcu_head (queued, func=pte_free_now)",
                        "lru (on mm0 pgtable_list)"),
                new Case("call_rcu on a page that is on a list", new CallsRcuOnListedPage(), PER_PAGE,
                        X86_64, seq(alloc(0), alloc(0), defer(1)),
                        UNION_CLOBBER, 3, 1, "lru", "lru (on mm0 pgtable_list)",
                        "rcu_head (queued, func=pte_free_now)"),
                new Case("list_del_init on words never initialised as a list", new ListDelsUnusedWords(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        UNION_CLOBBER, 2, 0, "lru", "unused", "lru (empty)"),
                new Case("pt_mm written over pt_frag_refcount", new SetsPtMmOverFragRefcount(), PER_PAGE,
                        X86_64, seq(alloc(1)),
                        UNION_CLOBBER, 1, 0, "pt_frag_refcount", "pt_frag_refcount=1", "pt_mm=mm1"),
                new Case("__free_page of a page still on a list", new FreesListedPage(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        UNION_CLOBBER, 2, 0, "lru", "lru (on mm0 pgtable_list)", "lru (buddy free list)"),

                new Case("a reader holds the table whose page is freed", new FreesPageAtOnceOnDefer(), PER_PAGE,
                        X86_64, seq(alloc(0), lock(0), lookup(0, 0), defer(0)),
                        USE_AFTER_FREE, 4, 0, "t0", "held by cpu0", "pagetable_pte_dtor(page 0)"),
                new Case("a GUP-fast walker holds a table freed at once on the mmu_gather path", new FreesAtOnceOnTlb(),
                        PER_PAGE, X86_64, seq(alloc(0), irqOff(0), lookup(0, 0), tlb(0)),
                        USE_AFTER_FREE, 4, 0, "t0", "held by cpu0", "__free_page(page 0)"),
                new Case("a GUP-fast walker is inside when the mmu_gather path frees at once", new FreesAtOnceOnTlb(),
                        PER_PAGE, X86_64, seq(alloc(0), irqOff(0), tlb(0)),
                        EARLY_FREE, 3, 0, "t0", "grace period pending (cpu0 inside local_irq_save)",
                        "__free_page(page 0)"),
                new Case("pte_offset_map_lock takes a ptlock already freed", new SkipsPtlockInit(), PER_PAGE,
                        X86_64, seq(alloc(0), lock(0), lookup(0, 0)),
                        USE_AFTER_FREE, 3, 0, "ptl", "freed", "spin_lock"),
                new Case("list_del twice: the second follows LIST_POISON", new ListDelsTwice(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        UNION_CLOBBER, 2, 0, "lru", "lru (LIST_POISON, off its list by list_del)", "lru (LIST_POISON)"),
                new Case("lock held when returning", new ReturnsWithLockHeld(), PER_PAGE,
                        X86_64, seq(alloc(0)),
                        LOCKDEP, 1, -1, "mm0->page_table_lock", "held", "pte_alloc_one returned"),
                new Case("bad unlock balance", new UnlocksUnheldLock(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        LOCKDEP, 2, -1, "mm0->page_table_lock", "not held", "spin_unlock(mm0->page_table_lock)"),
                new Case("possible recursive locking", new LocksTwice(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        LOCKDEP, 2, -1, "mm0->context.lock", "held by the CPU", "spin_lock_bh(mm0->context.lock)"),
                new Case("a write to a page already freed", new ClearsActiveAfterFree(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        USE_AFTER_FREE, 2, 0, "flags", "page free", "ClearPageActive(page 0)"),
                new Case("freeing a page that holds an attached table", new FreesWholePageOnFragmentFree(), SHARED,
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), free(0)),
                        USE_AFTER_FREE, 3, 0, "t1", "attached to mm0", "pagetable_pte_dtor(page 0)"),
                new Case("a detached fragment handed out while a reader holds it", new ReusesFreedFragment(), SHARED,
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(0), alloc(0)),
                        USE_AFTER_FREE, 6, 0, "t0", "held by cpu0", "pte_alloc_one handing out page 0 fragment 0"),

                new Case("a reader inside, holding nothing", new FreesPageAtOnceOnDefer(), PER_PAGE,
                        X86_64, seq(alloc(0), lock(0), defer(0)),
                        EARLY_FREE, 3, 0, "t0", "grace period pending (cpu0 inside rcu_read_lock)",
                        "pagetable_pte_dtor(page 0)"),
                new Case("a reader inside, holding another table", new FreesPageAtOnceOnDefer(), PER_PAGE,
                        X86_64, seq(alloc(0), alloc(0), lock(0), lookup(0, 1), defer(0)),
                        EARLY_FREE, 5, 0, "t0", "grace period pending (cpu0 inside rcu_read_lock)",
                        "pagetable_pte_dtor(page 0)"),
                new Case("a detached fragment handed out before its grace period", new ReusesFreedFragment(), SHARED,
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), lock(0), defer(0), alloc(0)),
                        EARLY_FREE, 5, 0, "t0", "grace period pending (cpu0 inside rcu_read_lock)",
                        "pte_alloc_one handing out page 0 fragment 0"),
                new Case("the stuck cursor hands out a deferred fragment", new HandsOutSameFragment(), SHARED,
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), lock(0), defer(1), alloc(0)),
                        EARLY_FREE, 5, 0, "t1", "grace period pending (cpu0 inside rcu_read_lock)",
                        "pte_alloc_one handing out page 0 fragment 1"),

                new Case("__free_page twice", new FreesPageTwice(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        DOUBLE_FREE, 2, 0, "page", "free", "freed again"),
                new Case("the destructor twice", new RunsDestructorTwice(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        DOUBLE_FREE, 2, 0, "page_type", "not PageTable", "dtor again"),

                new Case("pte_fragment_free drops two references", new DropsFragmentTwice(), SHARED,
                        X86_64, seq(alloc(0), free(0)),
                        REFCOUNT_UNDERFLOW, 2, 0, "pt_frag_refcount", "0", "-1"),

                new Case("PG_active left set", new LeavesPageActive(), PER_PAGE,
                        X86_64, seq(alloc(0), defer(0), run(0)),
                        BAD_PAGE_STATE, 3, 0, "flags", "active", "page freed"),
                new Case("the destructor not run", new ForgetsDestructor(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        BAD_PAGE_STATE, 2, 0, "page_type", "PageTable", "page freed"),
                new Case("_refcount bits left", new LeavesRefcountBits(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        LEAK, 4, 0, "page", "page 0: _refcount=0x01000000 flags=- words=unused", "still allocated"),
                new Case("pt_frag_refcount non-zero", new FreesWhenTablesGone(), SHARED,
                        POWERPC64_HASH_64K, seq(alloc(0), free(0)),
                        BAD_PAGE_STATE, 2, 0, "pt_frag_refcount", "15", "page freed"),

                new Case("never freed: leak after exit and rcu_barrier", new NeverFrees(), PER_PAGE,
                        X86_64, seq(alloc(0)),
                        LEAK, 3, 0, "page", "page 0: _refcount=1 flags=table words=unused", "still allocated"),
                new Case("never freed: leak after a reader leaves too", new NeverFrees(), PER_PAGE,
                        X86_64, seq(alloc(0), lock(0)),
                        LEAK, 5, 0, "page", "page 0: _refcount=1 flags=table words=unused", "still allocated"),
                new Case("never freed: leak after a skipped rcu_barrier", new NeverFrees(), PER_PAGE,
                        X86_64, seq(alloc(0), free(0)),
                        LEAK, 4, 0, "page", "page 0: _refcount=1 flags=table words=unused", "still allocated"),

                new Case("a live fragment handed out twice", new HandsOutSameFragment(), SHARED,
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), alloc(0)),
                        DOUBLE_ALLOC, 3, 0, "t1", "in use by mm0", "handed out again"));
    }

    static Stream<Case> caseStream() {
        return cases().toJavaStream();
    }

    @Test
    void everyInvariantIsProvoked() {
        assertEquals(HashSet.of(Invariant.values()), cases().map(Case::invariant).toSet(),
                "each invariant needs a case here");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseStream")
    void theBugGivesItsViolation(Case c) {
        Outcome o = new Executor(c.preset(), c.bug()).run(c.ops());
        assertTrue(o.violation().isDefined(), () -> c.bug().name() + " passed " + c.ops());
        Violation v = o.violation().get();
        assertEquals(c.invariant(), v.invariant(), v::summary);
        assertEquals(c.step(), v.step(), v::summary);
        assertEquals(c.pfn(), v.pfn(), v::summary);
        assertEquals(c.field(), v.field(), v::summary);
        assertEquals(c.before(), v.before(), v::summary);
        assertEquals(c.after(), v.after(), v::summary);
        assertFalse(v.detail().isBlank(), "a violation explains itself");
        assertEquals(c.step() > c.ops().size(), o.failedInTeardown());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseStream")
    void theTraceShowsTheSameViolationAtItsStep(Case c) {
        Executor ex = new Executor(c.preset(), c.bug());
        Violation fast = ex.run(c.ops()).violation().get();
        Outcome traced = ex.trace(c.ops());
        Violation v = traced.violation().get();
        assertEquals(fast, v.withEvents(List.empty()), "tracing does not change the verdict");
        String text = new TextTrace(c.bug()).render(traced);
        assertTrue(text.contains("VIOLATION " + v.summary()), text);
        if (c.invariant() == LEAK) {
            assertEquals(c.step(), traced.steps().last().number(), "a leak is reported at the last teardown step");
            assertTrue(traced.steps().forAll(s -> s.violation().isEmpty()), text);
            assertTrue(text.contains("-- leak check --\n  !! " + v.summary()), text);
        } else {
            Step s = traced.steps().last();
            assertEquals(c.step(), s.number(), "the run stops at the violating step");
            assertEquals(v, s.violation().get());
            assertTrue(text.contains(String.format(">>%3d  %s", c.step(), s.op())), text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseStream")
    void theCorrectStrategyPassesTheSameSequence(Case c) {
        Outcome o = new Executor(c.preset(), c.control()).run(c.ops());
        assertTrue(o.passed(), () -> c.control().name() + ": " + o.violation().get().summary());
    }

    /** The bug needs its trigger: without it the same wrong strategy passes. */
    record Pass(String title, Strategy bug, Preset preset, Vector<Op> ops) {
        @Override
        public String toString() {
            return bug.name() + ": " + title;
        }
    }

    static Stream<Pass> passes() {
        return Stream.of(
                new Pass("the head's callback ran before the second deferral", new QueuesRcuHeadPerTable(),
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), defer(0), run(0), defer(1))),
                new Pass("no reader was inside at the deferral", new FreesPageAtOnceOnDefer(),
                        X86_64, seq(alloc(0), lock(0), unlock(0), defer(0), lock(0))),
                new Pass("fragment reused after its grace period", new ReusesFreedFragment(),
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(0), unlock(0),
                                alloc(0))),
                new Pass("fragment reused with no reader ever inside", new ReusesFreedFragment(),
                        POWERPC64_HASH_64K, seq(alloc(0), alloc(0), defer(0), alloc(0), defer(2), alloc(0))),
                new Pass("one table per page: the stuck cursor is never used", new HandsOutSameFragment(),
                        X86_64, seq(alloc(0), alloc(0), alloc(0))),
                new Pass("nothing allocated, nothing leaked", new NeverFrees(), X86_64, seq(lock(0), unlock(0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passes")
    void withoutItsTriggerTheBugPasses(Pass p) {
        Outcome o = new Executor(p.preset(), p.bug()).run(p.ops());
        assertTrue(o.passed(), () -> o.violation().get().summary());
    }
}
