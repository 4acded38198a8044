package io.github.ptcheck.op;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;

/**
 * What {@code fill mmN} and {@code freeTlbSiblings tN} act on: the fragments of one page.
 *
 * <p>A bug that needs a page's last reference needs every other fragment of the page handed out
 * and freed: 15 allocations and 15 frees on {@code powerpc64-hash-64k}, 255 of each on
 * {@code powerpc64-radix-64k}, out of reach of a search that adds one operation at a time. These
 * two operations are those sequences under one name each, and nothing more: a fill is the
 * {@code alloc}s it ran, a {@code freeTlbSiblings} the {@code freeTlb}s and {@code runCallback}s
 * it ran (the executor runs them so, and {@code check.PlainOps} writes them out), step for step
 * the same machine. The searches offer a fill of an mm that has a page to complete
 * ({@link #hasRoom}) wherever they offer an {@code alloc} and a page holds more than two tables
 * ({@link #offered}).
 *
 * <p><b>When a fill stops.</b> It needs to know nothing of the strategy: the machine records, for
 * each allocated page, the fragments handed out since the page was allocated
 * ({@link Page#fragments()}). A fill allocates until the page its first allocation landed in has had
 * every fragment handed out, or an allocation lands in another page (the strategy will not give
 * out more of the first), and never more than the page's tables. On powerpc that is exactly the
 * rest of the page the mm's {@code pte_frag} cursor points into (or a whole fresh page); on s390
 * the other half; with one table per page a single allocation.
 */
public final class PageFill {

    private PageFill() {
    }

    /** Whether every fragment of page {@code pfn} has been handed out since it was allocated (or it is free). */
    public static boolean full(Machine m, int pfn) {
        Page p = m.pageOrNull(pfn);
        return p == null || p.fragments().size() >= m.preset().tablesPerPage();
    }

    /**
     * Whether a fill that began in page {@code firstPfn} ends after the allocation that made
     * {@code newest}: the page is full, or the allocation went to another page.
     */
    public static boolean ends(Machine after, int firstPfn, Table newest) {
        return newest.pfn() != firstPfn || full(after, firstPfn);
    }

    /**
     * Whether {@code fill mm} has a page to complete: the page of the mm's newest table is still
     * allocated and has a fragment never handed out. A fill runs only then (the executor skips it
     * otherwise), so that it always means "the rest of this page": a fresh page is an
     * {@code alloc} and a fill, and a bug that needs two tables of a page is still shown with two
     * {@code alloc}s, which come first in the searches' order.
     */
    public static boolean hasRoom(Machine m, int mm) {
        for (int i = m.tableCount() - 1; i >= 0; i--) {
            Table t = m.table(i);
            if (t.mm() == mm) {
                return !full(m, t.pfn());
            }
        }
        return false;
    }

    /**
     * The attached tables of {@code table}'s page and mm other than {@code table}, in the order of
     * their names: what {@code freeTlbSiblings} frees (those an {@code rcu_read_lock()} walker
     * holds through their VMA it leaves, as {@code freeTlb} does).
     */
    public static Vector<Table> siblings(Machine m, int table) {
        Table t = m.table(table);
        return Vector.ofAll(m.tablesOf(t.pfn())).filter(s -> s.id() != table && s.attached() && s.mm() == t.mm()
                && s.pfn() == t.pfn()).sortBy(Table::id);
    }

    /**
     * Whether the searches offer {@code fill} and {@code freeTlbSiblings} on this machine's preset:
     * where a page holds more than two tables. With two, a fill after an {@code alloc} is one
     * {@code alloc} and a {@code freeTlbSiblings} one {@code freeTlb}, so they would add names and
     * no sequence; with one there is nothing to fill. (They run on any preset.)
     */
    public static boolean offered(Machine m) {
        return m.preset().tablesPerPage() > 2;
    }

    /**
     * Whether {@code freeTlbSiblings table} would free anything: {@link #siblings} has one that
     * no walker holds through its VMA. Asked of every live table of every state the searches
     * expand, so it reads the page's fragments in place (a radix page has 256).
     */
    public static boolean hasSiblingToFree(Machine m, int table) {
        Table t = m.table(table);
        Page p = m.pageOrNull(t.pfn());
        if (p == null) {
            return false;
        }
        for (Tuple2<Integer, Integer> f : p.fragments()) {
            Table s = m.table(f._2);
            if (s.id() != table && s.attached() && s.mm() == t.mm() && s.pfn() == t.pfn()
                    && !Alphabet.heldThroughVma(m, s.id())) {
                return true;
            }
        }
        return false;
    }
}
