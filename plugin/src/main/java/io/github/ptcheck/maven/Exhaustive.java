package io.github.ptcheck.maven;

import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;

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
     * One line per cell: {@code generic-v6.6@x86_64: clean to depth 5 of 5 (...)}, or the
     * invariant and length of the shortest counterexample, or where a budget stopped it.
     */
    static String line(ExploreReport e) {
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
        }
        sb.append("; ").append(e.statesVisited()).append(" states, ").append(e.transitions()).append(" transitions");
        if (e.cutByStateBudget()) {
            sb.append("; stopped by the state budget of ").append(e.stateBudget()).append(e.stateBudgetFromHeap()
                    ? ", sized from the " + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap at "
                    + Explorer.BYTES_PER_STATE + " bytes a state (give Maven more heap, e.g. MAVEN_OPTS=-Xmx2g, to"
                    + " explore further; ptcheck.stateBudget can only lower it)" : " (ptcheck.stateBudget)");
        }
        if (e.cutByTimeBudget()) {
            sb.append("; stopped by the time budget (ptcheck.timeBudget)");
        }
        return sb.toString();
    }
}
