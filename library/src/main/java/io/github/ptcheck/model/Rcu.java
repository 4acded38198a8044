package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.RcuHead;
import io.vavr.control.Either;

/**
 * Queuing RCU callbacks: {@code call_rcu()} on a page's one {@code rcu_head}, which shares its
 * words with {@code lru}, and {@code tlb_remove_table()}, whose batch has an rcu_head of its own.
 */
final class Rcu {

    private Rcu() {
    }

    /** {@link Machine#callRcu}; {@code table} is the table the callback frees, or -1 for the page. */
    static Either<Violation, Machine> callRcu(Machine m, int pfn, String func, int table) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "rcu_head", call(pfn, func));
        }
        if (p.words() instanceof Words.RcuHeadQueued queued) {
            return m.fail(Invariant.RCU_HEAD_REUSE, pfn, "rcu_head", p.words().describe(),
                    "queued again, func=" + func, call(pfn, func) + " while that rcu_head is still queued for "
                            + queued.func() + ": one rcu_head per page, two call_rcu");
        }
        if (p.words() instanceof Words.LruLinked) {
            return m.fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), Words.rcuHead(func).describe(),
                    call(pfn, func) + " writes rcu_head over lru while the page is on a list (they share the"
                            + " same words)");
        }
        Page queued = p.withWords(Words.rcuHead(func));
        RcuCallback cb = new RcuCallback(new RcuHead.OfPage(pfn), func, table, m.readersInside());
        return Machine.ok(m.withQueued(queued, cb, m.tracing() ? new Event(call(pfn, func) + waits(cb), pfn) : null));
    }

    private static String call(int pfn, String func) {
        return "call_rcu(page " + pfn + " rcu_head, " + func + ")";
    }

    /** The callback of the {@code call_rcu} fallback: frees the one table after the grace period. */
    static final String TLB_REMOVE_TABLE_ONE_RCU = "__tlb_remove_table_one_rcu";

    /**
     * {@link Machine#tlbRemoveTable}: the table joins the mmu_gather batch; or, when the batch
     * page cannot be allocated, {@code tlb_remove_table_one()} as the machine's mm code has it.
     */
    static Either<Violation, Machine> tlbRemoveTable(Machine m, int table) {
        if (!m.tlbContext().batchFails()) {
            return batch(m, table);
        }
        String why = m.tracing() ? "tlb_remove_table(t" + table + "): no batch page (__get_free_page(GFP_NOWAIT)"
                + " failed), tlb_remove_table_one: " + m.config().tlbRemoveTableOne().code() : null;
        if (m.config().tlbRemoveTableOne() == MmConfig.Fallback.IPI_THEN_FREE) {
            return Machine.ok(m.withTlbContext(m.tlbContext().waiting(table)).note(why));
        }
        // __tlb_remove_table_one(): ptdesc = table; call_rcu(&ptdesc->pt_rcu_head, ...): the rcu_head of
        // the page the table lives in, which every table of that page shares.
        return callRcu(m.note(why), m.table(table).pfn(), TLB_REMOVE_TABLE_ONE_RCU, table);
    }

    private static Either<Violation, Machine> batch(Machine m, int table) {
        RcuCallback cb = new RcuCallback(new RcuHead.OfBatch(table), "tlb_remove_table_rcu", table,
                m.readersInside());
        return Machine.ok(m.withQueued(null, cb,
                m.tracing() ? new Event("tlb_remove_table(t" + table + ")" + waits(cb), m.table(table).pfn()) : null));
    }

    static String waits(RcuCallback cb) {
        return cb.waitFor().isEmpty() ? "" : ", waits for cpu" + cb.waitFor().mkString(",cpu");
    }

    /** {@link Machine#takeCallback}. */
    static Machine.Taken takeCallback(Machine m, int k) {
        int seen = -1;
        for (int i = 0; i < m.callbackCount(); i++) {
            RcuCallback cb = m.callback(i);
            if (cb.eligible() && ++seen == k) {
                Page freed = null;
                int pfn = -1;
                if (cb.head() instanceof RcuHead.OfPage h) {
                    pfn = h.pfn();
                    Page p = m.pageOrNull(pfn);
                    if (p != null && p.words() instanceof Words.RcuHeadQueued) {
                        freed = p.withWords(Words.UNUSED);
                    }
                }
                return new Machine.Taken(m.withTaken(i, freed,
                        m.tracing() ? new Event("rcu: " + cb.func() + "(" + cb.head() + ")", pfn) : null), cb);
            }
        }
        throw new IllegalArgumentException("no eligible callback " + k);
    }
}
