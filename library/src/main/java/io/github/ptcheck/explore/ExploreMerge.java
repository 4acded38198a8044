package io.github.ptcheck.explore;

import io.github.ptcheck.check.Finding;
import io.github.ptcheck.op.Alphabet;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The reports of the jobs that shared one exploration ({@link Explorer#withShard}), as one.
 *
 * <p>Its verdict and counterexample are those of the whole search: the whole search reports
 * the least of its shortest counterexamples in {@link Alphabet#SEQUENCE_ORDER} (see
 * {@link Explorer}), the path of that counterexample goes through one state at the split depth
 * (a shortest counterexample reaches no state by a detour), and the job owning that state
 * searches a part of the whole that holds it, so it reports it. Every other job reports one no
 * shorter, or an equal one no less. So the least of the jobs' counterexamples is the whole
 * search's, and when none has one, neither has the whole search (every state it visits within
 * the depth is reached through some job's share).
 *
 * <p>The states down to the split depth, which every job visits alike ({@link
 * ExploreReport#sharedStates}), are counted once, level by level as the whole search counts
 * them; the states past it are the jobs' summed, and the transitions are all summed: two jobs'
 * shares may reach the same state past the split, so those exceed the whole search's.
 * {@code depthCompleted} is the least the jobs completed.
 */
public final class ExploreMerge {

    private ExploreMerge() {
    }

    /**
     * The jobs' reports of one cell as one.
     *
     * @throws IllegalArgumentException if there are none, or they are not of one cell, depth and bounds
     */
    public static ExploreReport merge(Seq<ExploreReport> jobs) {
        if (jobs == null || jobs.isEmpty()) {
            throw new IllegalArgumentException("no report to merge: give the report of every job of the matrix");
        }
        ExploreReport first = jobs.head();
        for (ExploreReport r : jobs) {
            if (!r.cell().name().equals(first.cell().name()) || r.depth() != first.depth()
                    || !r.bounds().equals(first.bounds())) {
                throw new IllegalArgumentException("the reports to merge must explore one cell to one depth within one"
                        + " set of bounds; " + first.cell().name() + " to depth " + first.depth() + " and "
                        + r.cell().name() + " to depth " + r.depth() + " do not");
            }
        }
        Option<Finding> finding = jobs.flatMap(ExploreReport::finding)
                .minBy((a, b) -> Alphabet.SEQUENCE_ORDER.compare(a.shrunk(), b.shrunk()));
        int completed = finding.isDefined() ? finding.get().shrunk().size() - 1
                : jobs.map(ExploreReport::depthCompleted).min().get();
        int shared = sharedLevels(first);
        Vector<Long> perDepth = first.statesPerDepth().take(shared);
        for (ExploreReport r : jobs) {
            for (int d = shared; d < r.statesPerDepth().size(); d++) {
                long n = r.statesPerDepth().get(d);
                perDepth = d < perDepth.size() ? perDepth.update(d, perDepth.get(d) + n) : perDepth.append(n);
            }
        }
        long sharedOnce = perDepth.take(shared).sum().longValue();
        long visited = jobs.map(ExploreReport::statesVisited).sum().longValue() - (jobs.size() - 1) * sharedOnce;
        return new ExploreReport(first.cell(), first.bounds(), first.depth(), completed,
                finding.isEmpty() && jobs.forAll(ExploreReport::closed), visited, perDepth,
                jobs.map(ExploreReport::transitions).sum().longValue(), first.stateBudget(),
                jobs.exists(ExploreReport::stateBudgetFromHeap), jobs.exists(ExploreReport::cutByStateBudget),
                jobs.exists(ExploreReport::cutByTimeBudget), finding, jobs.exists(ExploreReport::heapRanLow));
    }

    /**
     * How many levels of {@code job}'s states every job visits alike: those whose states add up
     * to its {@code sharedStates} (levels 0 to the split depth); none for a report that does not
     * say (a search not split, or a report older than the count).
     */
    private static int sharedLevels(ExploreReport job) {
        long sum = 0;
        for (int d = 0; d < job.statesPerDepth().size() && job.sharedStates() > 0; d++) {
            sum += job.statesPerDepth().get(d);
            if (sum == job.sharedStates()) {
                return d + 1;
            }
        }
        return 0;
    }
}
