package io.github.ptcheck.report;

import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.op.Bounds;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bounds and options that shape what a check or an exploration proves, as ptcheck.json
 * records them at the top ({@code "bounds"}, {@link JsonReport#bounds}): the jobs of one CI
 * matrix must share them, or each proves something else and {@link ShardMerge} refuses them.
 * The seed, tries and depth are each cell's; symmetry reduction and the split depth are in the
 * {@code shard} entry. The number of explorer threads is not here: it changes no result.
 *
 * @param cpus        CPUs that may read
 * @param mms         mms that may allocate
 * @param maxTables   tables allocated in one sequence at the most
 * @param maxLength   operations per random sequence at the most, or null when no random check
 *                    runs (the command line's explore)
 * @param preemptions the preemption bound of interleavings, 0 for none
 * @param stateBudget the state budget given, or null when none was (an exploration's is then
 *                    sized from each job's heap) or nothing is explored
 * @param timeBudget  the time budget per cell, or null for none
 */
public record RunBounds(int cpus, int mms, int maxTables, Integer maxLength, int preemptions, Long stateBudget,
                        Duration timeBudget) {

    /**
     * Each key of the {@code "bounds"} entry, in the order it is written, with the options that set
     * it: what a refused merge tells the user to make the same in every job.
     */
    static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", "--cpus (ptcheck.cpus)");
        m.put("mms", "--mms (ptcheck.mms)");
        m.put("maxTables", "--max-tables (ptcheck.maxTables)");
        m.put("maxLength", "--max-length (ptcheck.maxLength)");
        m.put("preemptions", "--interleavings and --preemptions (ptcheck.interleavings, ptcheck.preemptions)");
        m.put("stateBudget", "--state-budget (ptcheck.stateBudget)");
        m.put("timeBudgetMillis", "--time-budget (ptcheck.timeBudget)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A random check's: {@code config}'s bounds, sequence length, preemptions and time budget; no state budget. */
    public static RunBounds of(CheckConfig config) {
        Objects.requireNonNull(config, "config");
        Bounds b = config.bounds();
        return new RunBounds(b.cpus(), b.mms(), b.maxTables(), config.maxLength(), config.preemptions(), null,
                config.timeBudget().getOrNull());
    }

    /** An exploration's without a random check: no sequence length. */
    public static RunBounds explored(Bounds bounds, int preemptions, Long stateBudget, Duration timeBudget) {
        Objects.requireNonNull(bounds, "bounds");
        return new RunBounds(bounds.cpus(), bounds.mms(), bounds.maxTables(), null, preemptions, stateBudget,
                timeBudget);
    }

    /** The same, with the state budget an exploration beside the random check was given (null: the heap's). */
    public RunBounds withStateBudget(Long budget) {
        return new RunBounds(cpus, mms, maxTables, maxLength, preemptions, budget, timeBudget);
    }

    /** As ptcheck.json has them: the keys of {@link #OPTIONS}, the time budget in whole milliseconds. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", cpus);
        m.put("mms", mms);
        m.put("maxTables", maxTables);
        m.put("maxLength", maxLength);
        m.put("preemptions", preemptions);
        m.put("stateBudget", stateBudget);
        m.put("timeBudgetMillis", timeBudget == null ? null : timeBudget.toMillis());
        return m;
    }
}
