package io.github.ptcheck.check;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.PageFill;
import io.github.ptcheck.rcu.RcuCallback;
import io.vavr.collection.Vector;

/**
 * {@code fill} and {@code freeTlbSiblings} as the executor runs them: one plain operation after
 * another ({@code alloc}, {@code freeTlb}, {@code runCallback}), each applied exactly as it would
 * be on a line of its own ({@link Executor#dispatch}), within one step whose log collects them all
 * and whose {@link Applied#plain} lists them. Each gets the loop guard's full allowance.
 */
final class PageWide {

    private PageWide() {
    }

    static Applied apply(Executor ex, Machine before, Op op, int stepNo) {
        Machine m = before.beginOperation();
        if (op instanceof Op.Fill f) {
            if (f.mm() < 0 || m.mm(f.mm()).exited()) {
                return Applied.skip(before, f.mm() < 0 ? "no mm" + f.mm() : "mm" + f.mm() + " has exited");
            }
            if (!PageFill.hasRoom(m, f.mm())) {
                return Applied.skip(before, "mm" + f.mm() + " has no page to complete (a fill hands out the rest of"
                        + " the page of the mm's newest table: alloc first)");
            }
            return fill(ex, before, m, f.mm(), stepNo);
        }
        int table = op.table();
        String why = Executor.notLive(m, table);
        if (why == null && !PageFill.hasSiblingToFree(m, table)) {
            why = "t" + table + " has no other attached table in page " + m.table(table).pfn()
                    + " that free_pgtables() could free";
        }
        return why != null ? Applied.skip(before, why) : freeTlbSiblings(ex, before, m, table, stepNo);
    }

    /**
     * {@code pte_alloc_one} and the attach, as {@code alloc} does them, until the page the first
     * allocation landed in is full or an allocation goes elsewhere ({@link PageFill#ends}).
     */
    private static Applied fill(Executor ex, Machine before, Machine m, int mm, int stepNo) {
        Run run = new Run(ex, before, m, stepNo);
        int first = -1;
        for (int k = 0; k < m.preset().tablesPerPage(); k++) {
            if (!run.next(new Op.Alloc(mm))) {
                return run.result();
            }
            Table made = run.now.table(run.now.tableCount() - 1);
            first = first < 0 ? made.pfn() : first;
            if (PageFill.ends(run.now, first, made)) {
                break;
            }
        }
        return run.result();
    }

    /**
     * {@code freeTlb} of each other attached table of the page (those an {@code rcu_read_lock()}
     * walker holds through their VMA stay), then, for each RCU callback those frees queued that no
     * walker holds back, {@code runCallback} of it: the grace period passes, and the tables are
     * gone.
     */
    private static Applied freeTlbSiblings(Executor ex, Machine before, Machine m, int table, int stepNo) {
        Run run = new Run(ex, before, m, stepNo);
        int queued = m.callbackCount();
        for (Table s : PageFill.siblings(m, table)) {
            if (run.now.table(s.id()).attached() && !Alphabet.heldThroughVma(run.now, s.id())
                    && !run.next(new Op.FreeTlb(s.id()))) {
                return run.result();
            }
        }
        // The queue only grew meanwhile (the executor holds strategies to that): the frees' callbacks are its tail.
        RcuCallback[] ours = new RcuCallback[run.now.callbackCount() - queued];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = run.now.callback(queued + i);
        }
        // Running one takes it off the queue and may append others; nothing else moves and no reader
        // comes or goes (the executor holds strategies to that too), so where the next of ours is,
        // and how many eligible callbacks are ahead of it, follow from the last: a radix page queues
        // 255, and counting the whole queue again for each was quadratic. Where the next is not
        // there, it is looked for from the head of the queue.
        Place at = new Place(-1, 0);
        for (RcuCallback cb : ours) {
            if (at.pos < 0 || at.pos >= run.now.callbackCount() || run.now.callback(at.pos) != cb) {
                at = Place.of(run.now, cb);
            }
            if (at.pos >= 0 && !cb.eligible()) {
                at = new Place(at.pos + 1, at.eligibleBefore);
            } else if (at.pos >= 0 && !run.next(new Op.RunCallback(at.eligibleBefore))) {
                return run.result();
            }
            // Once run, it is off the queue: the next of ours has moved up into its place.
        }
        return run.result();
    }

    /**
     * Where a callback is in the queue, and how many eligible callbacks are ahead of it (its index
     * among the eligible ones, if it is one); {@code pos} -1 where it is not queued.
     */
    private record Place(int pos, int eligibleBefore) {

        /** Where {@code cb} is in {@code m}'s queue. */
        static Place of(Machine m, RcuCallback cb) {
            int k = 0;
            for (int i = 0; i < m.callbackCount(); i++) {
                RcuCallback c = m.callback(i);
                if (c == cb) {
                    return new Place(i, k);
                }
                k += c.eligible() ? 1 : 0;
            }
            return new Place(-1, 0);
        }
    }

    /** The plain operations of one page-wide step, applied one after another. */
    private static final class Run {
        private final Executor ex;
        private final Machine before;
        private final int stepNo;
        private Machine now;
        /** The plain operations run so far (an array list: a radix fill runs 255). */
        private final java.util.ArrayList<Op> plain = new java.util.ArrayList<>();
        private Applied broke;

        Run(Executor ex, Machine before, Machine begun, int stepNo) {
            this.ex = ex;
            this.before = before;
            this.now = begun;
            this.stepNo = stepNo;
        }

        /** Applies {@code op}; false once it broke an invariant. */
        boolean next(Op op) {
            Applied a = ex.dispatch(now, plain.isEmpty() ? now : now.refreshBudget(), op, stepNo);
            if (a.wasSkipped()) {
                return true;
            }
            plain.add(op);
            if (a.violated()) {
                broke = new Applied(before, a.violation(), null, Vector.ofAll(plain));
                return false;
            }
            now = a.machine();
            return true;
        }

        Applied result() {
            return broke != null ? broke : new Applied(now, null, null, Vector.ofAll(plain));
        }
    }
}
