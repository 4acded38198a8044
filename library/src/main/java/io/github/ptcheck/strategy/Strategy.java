package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/**
 * A page-table freeing scheme: the architecture's {@code pte_alloc_one}, {@code pte_free},
 * {@code pte_free_defer}, mmu_gather free routine and RCU callbacks, written against the kernel
 * primitives of {@link Machine}. Those primitives carry the invariant checks, so a strategy you
 * write is checked exactly as the built-ins are.
 *
 * <p>Every method is a pure function of the machine it is given: return the new machine (or
 * the violation a primitive returned). Do not keep state in the strategy object; state lives
 * in {@link Machine} (page fields, per-mm fields). RCU callbacks are data: queue them with
 * {@link Machine#callRcu(int, String)} under a function name, and {@link #rcuCallback} is
 * called with that name when the callback runs.
 *
 * <p>An example, the generic scheme of {@code mm/pgtable-generic.c} (one table per page):
 * <pre>{@code
 * public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
 *     return m.callRcu(t.pfn(), "pte_free_now");             // call_rcu(&page->rcu_head, pte_free_now)
 * }
 * public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
 *     return m.pagetablePteDtor(pfn)                        // pte_free_now(): pagetable_pte_dtor(ptdesc);
 *             .flatMap(m1 -> m1.freePage(pfn));              //                 pagetable_free(ptdesc);
 * }
 * }</pre>
 */
public interface Strategy {

    /** The name used in reports, configuration and files, e.g. {@code powerpc-pageactive-v6.6}. */
    String name();

    /** The kernel file, version and commit (or patch) it follows. */
    String source();

    /** Whether the kernel uses this scheme on that preset; it may still be run on others. */
    boolean serves(Preset preset);

    /** What {@link #pteAllocOne} returns: the new machine and where the table went. */
    record Allocated(Machine machine, Slot slot) {
    }

    /** {@code pte_alloc_one(mm)}: hand out a table for {@code mm}. */
    Either<Violation, Allocated> pteAllocOne(Machine m, int mm);

    /** {@code pte_free(mm, table)}: free at once; the caller guarantees no reader can see it. */
    Either<Violation, Machine> pteFree(Machine m, Table table);

    /** {@code pte_free_defer(mm, table)}: free after an RCU grace period; readers may hold it. */
    Either<Violation, Machine> pteFreeDefer(Machine m, Table table);

    /**
     * {@code pte_free_tlb()}: hand the table to the mmu_gather, which frees it after a grace
     * period through {@link #tlbRemoveTableFree}. The default is plain
     * {@code tlb_remove_table()}.
     */
    default Either<Violation, Machine> pteFreeTlb(Machine m, Table table) {
        return m.tlbRemoveTable(table.id());
    }

    /** {@code __tlb_remove_table()}: the batch's grace period has passed; free the table. */
    Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table table);

    /** An RCU callback this strategy queued with {@code call_rcu(&page->rcu_head, func)}. */
    Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn);

    /** The architecture's exit hook, run first in {@code exit_mmap()}; none by default. */
    default Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return Either.right(m);
    }

    /**
     * The architecture-independent mm code this scheme runs with: the single-table fallback of
     * {@code tlb_remove_table()} and whether PT_RECLAIM frees tables with their VMA linked. The
     * default is 6.6's (semi-RCU fallback, no PT_RECLAIM).
     */
    default MmConfig mmConfig() {
        return MmConfig.V6_6;
    }

    /**
     * Extra words about a page for the trace, e.g. s390's decoding of the {@code _refcount}
     * byte; empty by default.
     */
    default String describe(Page page) {
        return "";
    }
}
