package io.github.ptcheck.maven;

import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Progress;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.sched.ScheduleReport;
import io.github.ptcheck.plan.Expectations;
import io.vavr.control.Option;
import org.apache.maven.plugin.logging.Log;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The lines that show a long check is alive: one per finished cell, and for a cell that takes
 * long, one every {@link #EVERY} with the tries done (random mode) or the depth, states and
 * rate (exhaustive mode). They go to INFO; CI logs keep them, so none rewrites a line.
 */
final class ProgressLog {

    /** The least time between two lines about one running cell. */
    static final Duration EVERY = Duration.ofSeconds(10);

    private final Log log;
    private final int cells;

    ProgressLog(Log log, int cells) {
        this.log = log;
        this.cells = cells;
    }

    /** The listener for the runner and the explorer: the periodic lines. */
    Consumer<Progress> listener() {
        return p -> {
            if (p.done()) {
                return;
            }
            if (p instanceof Progress.Tries t) {
                log.info("ptcheck: " + t.cell().name() + ": " + t.triesRun() + " of " + t.tries() + " tries, "
                        + t.operations() + " operations, " + seconds(t.elapsed()));
            } else if (p instanceof Progress.States s) {
                log.info("ptcheck: exploring " + s.cell().name() + ": depth " + (s.depth() + 1) + " of "
                        + s.maxDepth() + ", " + s.states() + " states, " + s.perSecond() + " states/s, "
                        + seconds(s.elapsed()));
            }
        };
    }

    /** {@code explored 2944 states to depth 5 of 5}, for {@link #finished}. */
    static String explored(ExploreReport e) {
        return "explored " + e.statesVisited() + " states to depth " + e.depthCompleted() + " of " + e.depth();
    }

    /** {@code explored 2944 states and 18000 schedules to depth 4 of 4}, for {@link #finished}. */
    static String explored(ScheduleReport e) {
        return "explored " + e.states() + " states and " + e.schedules() + (e.schedules() == 1 ? " schedule"
                : " schedules") + " to depth " + e.depthCompleted()
                + " of " + e.depth();
    }

    /**
     * {@code ptcheck: [3/21] powerpc-naive-v1@powerpc64-hash-64k failed as expected (RCU_HEAD_REUSE
     * at step 4); 10 of 200 tries; 0.1 s}: the tries run, which after a violation go on a while
     * looking for other invariants ({@link io.github.ptcheck.check.Runner#goesOn}), each named
     * after {@code also}.
     */
    void finished(int index, CellReport r, Option<String> explored, Duration time, Expectations expected) {
        StringBuilder sb = new StringBuilder("ptcheck: [").append(index).append('/').append(cells).append("] ")
                .append(r.cell().name()).append(' ').append(expected.words(r));
        r.finding().forEach(f -> sb.append(" (").append(f.violation().invariant()).append(" at step ")
                .append(f.violation().step()).append(r.otherFindings().isEmpty() ? "" : "; also "
                        + r.otherFindings().map(o -> o.violation().invariant().name()).mkString(", ")).append(')'));
        sb.append("; ").append(r.triesRun()).append(" of ").append(r.tries()).append(" tries");
        explored.forEach(e -> sb.append("; ").append(e));
        sb.append("; ").append(seconds(time));
        log.info(sb.toString());
    }

    /** {@code ptcheck: [2/3] my-strategy@x86_64 NOT JUDGED, its strategy failed (...); 0.1 s}, at ERROR. */
    void notJudged(int index, io.github.ptcheck.check.Cell cell, Duration time) {
        log.error("ptcheck: [" + index + "/" + cells + "] " + cell.name() + " NOT JUDGED, its strategy failed (the"
                + " ERROR block after the verdicts says where); " + seconds(time));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
