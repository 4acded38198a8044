package io.github.ptcheck.maven;

import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.sched.ScheduleReport;

/**
 * How an exhaustive exploration joins a cell's random check in the log and the reports. The
 * reports render {@link CellReport}s, so the exploration goes into the cell's report: its
 * counts as {@code explore.*} entries after the random check's coverage, and its counterexample,
 * a shortest one, as the cell's finding (it is never longer than the random check's shrunk one,
 * which it replaces; a finding longer than the depth stays the random check's).
 */
final class Exhaustive {

    private Exhaustive() {
    }

    /** The cell's report with the exploration's counts and, if it found one, its shortest counterexample. */
    static CellReport merge(CellReport r, ExploreReport e) {
        return e.joinedTo(r);
    }

    /**
     * The cell's report with the search over sequences and schedules: its counts as
     * {@code explore.*} entries, and its counterexample, a shortest one with its schedule.
     */
    static CellReport merge(CellReport r, ScheduleReport e) {
        return e.joinedTo(r);
    }

    /**
     * {@code powerpc-unlocked-cursor@powerpc64-hash-64k: DOUBLE_ALLOC in 3 operations (shortest),
     * schedule 2:0 3 2}, or how deep every sequence under every schedule is clean.
     */
    static String line(ScheduleReport e) {
        StringBuilder sb = new StringBuilder(e.cell().name()).append(": ");
        if (e.finding().isDefined()) {
            Finding f = e.finding().get();
            sb.append(f.violation().invariant()).append(" in ").append(f.shrunk().size())
                    .append(f.shrunk().size() == 1 ? " operation" : " operations").append(" (shortest)")
                    .append(f.schedule().sequential() ? ", run whole" : ", schedule " + f.schedule());
        } else {
            sb.append("clean to depth ").append(e.depthCompleted()).append(" of ").append(e.depth());
        }
        sb.append("; ").append(e.states()).append(" states, ").append(e.schedules())
                .append(e.schedules() == 1 ? " schedule" : " schedules");
        if (e.cutByBudget()) {
            sb.append("; stopped by the state budget of ").append(e.stateBudget())
                    .append(" (ptcheck.stateBudget, or more heap: MAVEN_OPTS=").append(Explorer.largerHeap(2)).append(')');
        }
        if (e.cutByTimeBudget()) {
            sb.append("; stopped by the time budget (ptcheck.timeBudget)");
        }
        return sb.toString();
    }

    /**
     * One line per cell: {@code generic-v6.6@x86_64: clean to depth 5 of 5 (...)}, or the
     * invariant and length of the shortest counterexample, or where a budget stopped it.
     */
    static String line(ExploreReport e) {
        return line(e, null);
    }

    /**
     * {@link #line(ExploreReport)} of one job of a frontier split, {@code share} saying which
     * ({@code the frontier at depth 2, 1/4}): a job that finds nothing has searched only its
     * share, which the line must not pass off as the whole cell being clean. Null: the whole search.
     */
    static String line(ExploreReport e, String share) {
        StringBuilder sb = new StringBuilder(e.cell().name()).append(": ");
        if (e.finding().isDefined()) {
            Finding f = e.finding().get();
            sb.append(f.violation().invariant()).append(" in ").append(f.shrunk().size())
                    .append(f.shrunk().size() == 1 ? " operation" : " operations").append(" (shortest)");
        } else {
            sb.append("clean to depth ").append(e.depthCompleted()).append(" of ").append(e.depth());
            if (e.closed()) {
                sb.append(", no new state beyond it");
            }
            if (share != null) {
                sb.append(" (this job's share of ").append(share).append(')');
            }
        }
        sb.append("; ").append(e.statesVisited()).append(" states, ").append(e.transitions()).append(" transitions");
        if (e.cutByStateBudget()) {
            sb.append("; stopped by the state budget of ").append(e.stateBudget()).append(e.loweredByHeap()
                    ? ", lowered to the states visited when garbage collections left the " + (Runtime.getRuntime()
                    .maxMemory() >> 20) + " MB heap nearly full: its states take more than " + Explorer.BYTES_PER_STATE
                    + " bytes each (give Maven more heap, e.g. MAVEN_OPTS=" + Explorer.largerHeap(4) + ", to explore further)"
                    : e.stateBudgetFromHeap() ? ", sized from the " + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap at "
                    + Explorer.BYTES_PER_STATE + " bytes a state (give Maven more heap, e.g. MAVEN_OPTS=" + Explorer.largerHeap(2)
                    + ", to"
                    + " explore further; ptcheck.stateBudget can only lower it)" : " (ptcheck.stateBudget)");
        }
        if (e.cutByTimeBudget()) {
            sb.append("; stopped by the time budget (ptcheck.timeBudget)");
        }
        return sb.toString();
    }
}
