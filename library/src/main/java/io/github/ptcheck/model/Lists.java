package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Either;

/**
 * The list primitives on {@code page->lru}, which shares its words with {@code rcu_head}: s390
 * links pages with a free half on {@code mm->context.pgtable_list} through it.
 */
final class Lists {

    private Lists() {
    }

    // The list primitive a write to lru comes from: its text for a trace or a violation.
    private static final int INIT_LIST_HEAD = 0;
    private static final int LIST_ADD = 1;
    private static final int LIST_ADD_TAIL = 2;
    private static final int LIST_DEL_INIT = 3;
    private static final int LIST_DEL = 4;

    static Either<Violation, Machine> initListHead(Machine m, int pfn) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "lru", lruCall(INIT_LIST_HEAD, pfn, -1));
        }
        return writeLru(m, p, Words.LRU_EMPTY, INIT_LIST_HEAD, -1);
    }

    static Either<Violation, Machine> listAdd(Machine m, int mm, int pfn) {
        return listInsert(m, mm, pfn, LIST_ADD);
    }

    static Either<Violation, Machine> listAddTail(Machine m, int mm, int pfn) {
        return listInsert(m, mm, pfn, LIST_ADD_TAIL);
    }

    private static Either<Violation, Machine> listInsert(Machine m, int mmId, int pfn, int call) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "lru", lruCall(call, pfn, mmId));
        }
        if (p.words() instanceof Words.LruLinked linked) {
            return m.fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), "lru (on mm" + mmId
                    + " pgtable_list)", lruCall(call, pfn, mmId) + " while the page is already on mm" + linked.mm()
                    + " pgtable_list (list_add double add)");
        }
        Either<Violation, Machine> r = writeLru(m, p, Words.lru(mmId), call, mmId);
        if (r.isLeft()) {
            return r;
        }
        Machine m1 = r.get();
        Mm mm = m1.mm(mmId);
        return Machine.ok(m1.withMm(mm.withList(call == LIST_ADD ? mm.pgtableList().prepend(pfn)
                : mm.pgtableList().append(pfn)), null));
    }

    static Either<Violation, Machine> listDelInit(Machine m, int pfn) {
        return listRemove(m, pfn, LIST_DEL_INIT, Words.LRU_EMPTY);
    }

    static Either<Violation, Machine> listDel(Machine m, int pfn) {
        return listRemove(m, pfn, LIST_DEL, Words.LRU_POISONED);
    }

    /**
     * {@code list_del_init} or {@code list_del}: both follow the entry's pointers first, so words
     * that were never a list, or that a {@code list_del} already poisoned, are list corruption.
     */
    private static Either<Violation, Machine> listRemove(Machine m, int pfn, int call, Words after) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "lru", lruCall(call, pfn, -1));
        }
        if (p.words() instanceof Words.Unused) {
            return m.fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), call == LIST_DEL
                    ? "lru (LIST_POISON)" : "lru (empty)", lruCall(call, pfn, -1) + " on words that were never initialised as a list (or an"
                            + " rcu_head used them): list_del follows garbage pointers");
        }
        if (p.words() instanceof Words.LruPoisoned) {
            return m.fail(Invariant.UNION_CLOBBER, pfn, "lru", p.words().describe(), call == LIST_DEL
                    ? "lru (LIST_POISON)" : "lru (empty)", lruCall(call, pfn, -1) + " on an entry list_del already took off its list: list corruption"
                            + " (\"list_del corruption, ... ->next is LIST_POISON1\" with CONFIG_DEBUG_LIST, an oops"
                            + " without it)");
        }
        if (p.words() instanceof Words.LruLinked linked) {
            Mm mm = m.mm(linked.mm());
            Either<Violation, Machine> r = writeLru(m, p, after, call, -1);
            return r.isLeft() ? r : Machine.ok(r.get().withMm(mm.withList(mm.pgtableList().remove(pfn)), null));
        }
        return writeLru(m, p, after, call, -1);
    }

    private static String lruCall(int call, int pfn, int mm) {
        switch (call) {
            case INIT_LIST_HEAD:
                // Named by its page like the other list lines: the trace shows several pages.
                return "INIT_LIST_HEAD(page " + pfn + " lru)";
            case LIST_ADD:
                return "list_add(page " + pfn + " lru, mm" + mm + " pgtable_list)";
            case LIST_ADD_TAIL:
                return "list_add_tail(page " + pfn + " lru, mm" + mm + " pgtable_list)";
            case LIST_DEL:
                return "list_del(page " + pfn + " lru)";
            default:
                return "list_del_init(page " + pfn + " lru)";
        }
    }

    private static Either<Violation, Machine> writeLru(Machine m, Page p, Words lru, int call, int mm) {
        if (p.words() instanceof Words.RcuHeadQueued) {
            return m.fail(Invariant.UNION_CLOBBER, p.pfn(), "rcu_head", p.words().describe(), lru.describe(),
                    lruCall(call, p.pfn(), mm) + " writes lru over the queued rcu_head of page " + p.pfn()
                            + " (they share the same words)");
        }
        return Machine.ok(m.withPage(p.withWords(lru), m.tracing() ? lruCall(call, p.pfn(), mm) : null));
    }
}
