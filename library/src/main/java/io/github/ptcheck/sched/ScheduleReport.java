package io.github.ptcheck.sched;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Coverage;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.op.Bounds;
import io.vavr.collection.Map;
import io.vavr.control.Option;

/**
 * What an exhaustive search over sequences and schedules found: a shortest counterexample (in
 * operations; the schedule with it), or how deep every sequence and every schedule within the
 * preemption bound is clean.
 *
 * @param cell            what was explored
 * @param bounds          CPUs, mms, tables and operation kinds
 * @param depth           the depth asked for, in operations
 * @param preemptionBound preemptions allowed in one run (CHESS's bound)
 * @param depthCompleted  every sequence of up to this many operations, under every schedule
 *                        within the bound, was checked (equal to {@code depth} on a full pass)
 * @param states          distinct (machine, preemptions used) states reached between operations
 * @param schedules       interleaved runs of two operations tried
 * @param finding         the counterexample, if one was found
 * @param cutByBudget     stopped by the state budget before {@code depth}
 * @param cutByTimeBudget stopped by the time budget before {@code depth}
 * @param stateBudget     the distinct states the search could keep
 */
public record ScheduleReport(Cell cell, Bounds bounds, int depth, int preemptionBound, int depthCompleted,
                             long states, long schedules, Option<Finding> finding, boolean cutByBudget,
                             boolean cutByTimeBudget, long stateBudget) {

    public boolean passed() {
        return finding.isEmpty();
    }

    public String summary() {
        String where = cell.name() + ", interleaved (at most " + preemptionBound + " preemption"
                + (preemptionBound == 1 ? "" : "s") + ")";
        if (finding.isDefined()) {
            Finding f = finding.get();
            return where + ": VIOLATION with " + f.shrunk().size() + " operation(s), schedule " + f.schedule()
                    + ": " + f.violation().summary() + " (" + states + " states, " + schedules + " schedules)";
        }
        return where + ": clean to depth " + depthCompleted + " of " + depth + "; " + states + " states, " + schedules
                + " schedules" + (cutByBudget ? "; stopped by the state budget of " + stateBudget : "")
                + (cutByTimeBudget ? "; stopped by the time budget" : "");
    }

    /**
     * The report of a cell's random check with this search joined, as the reports render it: its
     * counts as {@code explore.*} entries after the check's coverage (what tells a search cut by a
     * budget from a lost bug), and its counterexample, a shortest one with its schedule.
     */
    public CellReport joinedTo(CellReport check) {
        Map<String, Long> counts = check.coverage().counts()
                .put("explore.depth", (long) depth)
                .put("explore.depthCompleted", (long) depthCompleted)
                .put("explore.preemptionBound", (long) preemptionBound)
                .put("explore.statesVisited", states)
                .put("explore.schedules", schedules)
                .put("explore.stateBudget", stateBudget)
                .put("explore.cutByStateBudget", cutByBudget ? 1L : 0L)
                .put("explore.cutByTimeBudget", cutByTimeBudget ? 1L : 0L);
        return check.joined(new Coverage(counts), finding);
    }

    /** This search alone as a cell report (no random tries; its schedules as the operations executed). */
    public CellReport asCellReport() {
        return joinedTo(new CellReport(cell, 0, 0, 0, schedules, Coverage.EMPTY, Option.none(),
                cutByBudget || cutByTimeBudget));
    }
}
