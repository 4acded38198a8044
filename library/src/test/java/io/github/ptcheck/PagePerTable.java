package io.github.ptcheck;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;

/**
 * A correct test strategy, written here so that the model's tests do not depend on the
 * built-ins: the generic scheme of {@code mm/pgtable-generic.c}, one page per table (on any
 * preset), {@code pte_free_defer} queueing the page's {@code rcu_head} once.
 *
 * <p>The deliberately wrong strategies of the invariant tests extend it and get one routine
 * wrong; each is named for the bug it has. Unless overridden, the name is the class's simple
 * name.
 */
public class PagePerTable implements Strategy {

    /** The callback this strategy queues: {@code pte_free_now()}. */
    public static final String PTE_FREE_NOW = "pte_free_now";

    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    @Override
    public String source() {
        return "test strategy (ptcheck's own tests)";
    }

    /** A test strategy serves no preset: the kernel does not use it. */
    @Override
    public boolean serves(Preset preset) {
        return false;
    }

    /** {@code __pte_alloc_one()}: a page and its constructor; the table fills fragment 0. */
    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        Machine.PageAlloc a = m.allocPage();
        return a.machine().pagetablePteCtor(a.pfn()).map(m1 -> new Allocated(m1, new Slot(a.pfn(), 0)));
    }

    /** {@code pte_free()}: destructor, then {@code __free_page()}. */
    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        return pteFreeNow(m, t.pfn());
    }

    /** {@code call_rcu(&page->rcu_head, pte_free_now)}. */
    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        return m.callRcu(t.pfn(), PTE_FREE_NOW);
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
        return pteFree(m, t);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        if (!func.equals(PTE_FREE_NOW)) {
            throw new IllegalArgumentException("no RCU callback " + func + " in " + name());
        }
        return pteFreeNow(m, pfn);
    }

    /** {@code pagetable_pte_dtor(ptdesc); pagetable_free(ptdesc);} */
    protected Either<Violation, Machine> pteFreeNow(Machine m, int pfn) {
        return m.pagetablePteDtor(pfn).flatMap(m1 -> m1.freePage(pfn));
    }
}
