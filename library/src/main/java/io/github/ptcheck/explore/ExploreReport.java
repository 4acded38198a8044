package io.github.ptcheck.explore;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Coverage;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.op.Bounds;
import io.vavr.collection.Map;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * What an exhaustive exploration of one cell covered, and the shortest counterexample if it
 * found one. Holds no wall-clock time: without a time budget the same input gives an equal
 * report on every machine.
 *
 * @param cell             what was explored
 * @param bounds           CPUs, mms, tables and operation kinds the sequences were built from
 * @param depth            the depth asked for: sequences of up to that many operations
 * @param depthCompleted   every sequence of up to this many operations (within bounds) was run,
 *                         its teardown included, and broke no invariant: each state reached by
 *                         fewer operations was expanded, each state reached by at most this
 *                         many was teardown-checked. With a finding it is the finding's length
 *                         minus one; without one and without a budget cut it is {@code depth}
 * @param closed           no state is new beyond the states visited: longer sequences reach
 *                         nothing unseen, so the result holds for sequences of any length
 *                         (within bounds)
 * @param statesVisited    distinct machine states reached (the boot state included)
 * @param statesPerDepth   how many of them were first reached by 0, 1, 2, ... operations; the
 *                         last entry counts only the states found before the search stopped
 *                         when a finding or a budget stopped it
 * @param transitions      operations applied to explored states (teardown runs not counted)
 * @param stateBudget      the most states it was allowed to visit
 * @param stateBudgetFromHeap whether the heap set that budget ({@link Explorer#heapStateBudget()}:
 *                         none was asked for, or more than the heap holds); then the same
 *                         {@code -Xmx} gives the same report, and more heap explores further
 * @param cutByStateBudget the state budget stopped it before {@code depth}
 * @param cutByTimeBudget  a time budget stopped it before {@code depth}: then, and only then,
 *                         the report depends on the machine it ran on
 * @param heapRanLow       whether the heap guard stopped the search: garbage collections kept leaving
 *                         the heap nearly full ({@code HeapGuard}); then {@code stateBudget} is the
 *                         states visited, and {@code cutByStateBudget} and {@code stateBudgetFromHeap} hold
 * @param finding          the first counterexample found, a shortest one
 *                         ({@link io.github.ptcheck.check.Minimality#SHORTEST}, try index -1)
 * @param sharedStates     in one job of a frontier split ({@link Explorer#withShard}), the states
 *                         within the split depth (of {@code statesPerDepth}, the levels up to it):
 *                         every job of the matrix visits them alike, so a merge counts them once;
 *                         -1 in a search that is not split
 */
public record ExploreReport(Cell cell, Bounds bounds, int depth, int depthCompleted, boolean closed,
                            long statesVisited, Vector<Long> statesPerDepth, long transitions, long stateBudget,
                            boolean stateBudgetFromHeap, boolean cutByStateBudget, boolean cutByTimeBudget, Option<Finding> finding,
                            boolean heapRanLow, long sharedStates) {

    /** A report of a search that is not split between jobs ({@code sharedStates} -1). */
    public ExploreReport(Cell cell, Bounds bounds, int depth, int depthCompleted, boolean closed, long statesVisited,
                         Vector<Long> statesPerDepth, long transitions, long stateBudget, boolean stateBudgetFromHeap,
                         boolean cutByStateBudget, boolean cutByTimeBudget, Option<Finding> finding, boolean heapRanLow) {
        this(cell, bounds, depth, depthCompleted, closed, statesVisited, statesPerDepth, transitions, stateBudget,
                stateBudgetFromHeap, cutByStateBudget, cutByTimeBudget, finding, heapRanLow, -1);
    }

    /** A report of a search the heap guard did not stop ({@code heapRanLow} false). */
    public ExploreReport(Cell cell, Bounds bounds, int depth, int depthCompleted, boolean closed, long statesVisited,
                         Vector<Long> statesPerDepth, long transitions, long stateBudget, boolean stateBudgetFromHeap,
                         boolean cutByStateBudget, boolean cutByTimeBudget, Option<Finding> finding) {
        this(cell, bounds, depth, depthCompleted, closed, statesVisited, statesPerDepth, transitions, stateBudget,
                stateBudgetFromHeap, cutByStateBudget, cutByTimeBudget, finding, false);
    }

    public boolean passed() {
        return finding.isEmpty();
    }

    /** A line for a console, e.g. {@code generic-v6.6@x86_64: clean to depth 6 (12345 states, ...)}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(cell.name()).append(": ");
        if (finding.isDefined()) {
            sb.append("VIOLATION with ").append(finding.get().shrunk().size()).append(" operation(s) (shortest): ")
                    .append(finding.get().violation().summary());
        } else {
            sb.append("clean to depth ").append(depthCompleted).append(" of ").append(depth);
            if (closed) {
                sb.append(", state space closed");
            }
        }
        sb.append(" (").append(statesVisited).append(" states, ").append(transitions).append(" transitions");
        if (cutByStateBudget) {
            sb.append(", stopped by the state budget of ").append(stateBudget);
            if (stateBudgetFromHeap) {
                sb.append(", ").append(heapNote());
            }
        }
        if (cutByTimeBudget) {
            sb.append(", stopped by the time budget");
        }
        return sb.append(')').toString();
    }

    /**
     * Whether the search stopped because garbage collections kept leaving the heap nearly full
     * ({@code heapRanLow}: its states are larger than the budget assumes), the budget reported
     * being what it had visited.
     */
    public boolean loweredByHeap() {
        return heapRanLow;
    }

    /**
     * How a budget the heap set came about and how to raise it, e.g. {@code sized from the
     * 512 MB heap at 1000 bytes a state: give the JVM more heap (-Xmx) to explore further}.
     */
    public String heapNote() {
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        if (loweredByHeap()) {
            return "lowered to the states visited when garbage collections left less than " + HeapGuard.FREE_PERCENT
                    + "% of the " + mb + " MB heap free (these states take more than the " + Explorer.BYTES_PER_STATE
                    + " bytes a state the budget assumes): give the JVM more heap (-Xmx) to explore further";
        }
        return "sized from the " + mb + " MB heap at " + Explorer.BYTES_PER_STATE
                + " bytes a state: give the JVM more heap (-Xmx) to explore further";
    }

    /**
     * The report of a cell's random check with this exploration joined, as the reports render
     * it: its counts as {@code explore.*} entries after the check's coverage, and its
     * counterexample, a shortest one, as the cell's finding (it is never longer than the random
     * check's shrunk one, which it replaces; without one the check's stays). The Maven plugin
     * and the command line write it so; {@link io.github.ptcheck.report.ShardMerge} reads it back.
     */
    public CellReport joinedTo(CellReport check) {
        Map<String, Long> counts = check.coverage().counts()
                .put("explore.depth", (long) depth)
                .put("explore.depthCompleted", (long) depthCompleted)
                .put("explore.closed", closed ? 1L : 0L)
                .put("explore.statesVisited", statesVisited)
                .put("explore.transitions", transitions)
                .put("explore.stateBudget", stateBudget)
                .put("explore.cutByStateBudget", cutByStateBudget ? 1L : 0L)
                .put("explore.cutByTimeBudget", cutByTimeBudget ? 1L : 0L)
                .put("explore.heapRanLow", heapRanLow ? 1L : 0L);
        if (sharedStates >= 0) {
            // Only a job of a frontier split has it: a whole search's report stays as it was.
            counts = counts.put("explore.sharedStates", sharedStates);
        }
        return check.joined(new Coverage(counts), finding);
    }

    /** This exploration alone as a cell report (no random tries, its transitions as the operations executed). */
    public CellReport asCellReport() {
        return joinedTo(new CellReport(cell, 0, 0, 0, transitions, Coverage.EMPTY, Option.none(), cutByTimeBudget));
    }
}
