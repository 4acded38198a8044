package io.github.ptcheck.maven;

import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.op.Bounds;

import java.util.List;
import java.util.Objects;

/**
 * What {@code ptcheck:check} was asked to do: its parameters as plain values, before they are
 * checked. {@link Plan#of} turns them into cells, a {@link CheckConfig} and expectations, or
 * says which one is wrong.
 *
 * @param cells              the {@code cells} entries (empty: the default cells, see {@link Plan})
 * @param strategyClasses    the user's strategy classes, by binary name
 * @param presets            the presets defined in the POM
 * @param expectedViolations cell patterns whose violation is expected
 * @param seed               the seed
 * @param tries              tries per cell
 * @param maxLength          operations per sequence at the most
 * @param cpus               CPUs that may read
 * @param mms                mms that may allocate
 * @param maxTables          tables per run at the most
 * @param shrinkTimeLimit    seconds the shrinker may take per finding
 * @param timeBudget         seconds of trying (and of exploring) per cell, or null for no budget
 * @param depth              exhaustive exploration to this many operations per cell; 0 for none
 * @param stateBudget        distinct states an exploration may visit per cell, or null for the
 *                           heap's ({@code Explorer.heapStateBudget()})
 * @param callTimeout        seconds one strategy call may take
 * @param interleavings      whether operations also run overlapped on two CPUs
 * @param preemptions        the preemption bound, or null for the default
 *                           ({@value CheckConfig#DEFAULT_PREEMPTIONS}); given above 0, it turns
 *                           interleavings on, 0 turns them off
 */
record CheckRequest(List<String> cells, List<String> strategyClasses, List<PresetParameter> presets,
                    List<String> expectedViolations, long seed, int tries, int maxLength, int cpus, int mms,
                    int maxTables, int shrinkTimeLimit, Integer timeBudget, int depth, Long stateBudget,
                    int callTimeout, boolean interleavings, Integer preemptions) {

    /** The defaults of the mojo's parameters: the library's. */
    static final long DEFAULT_SEED = CheckConfig.DEFAULT_SEED;
    static final int DEFAULT_TRIES = CheckConfig.DEFAULT_TRIES;
    static final int DEFAULT_MAX_LENGTH = CheckConfig.DEFAULT_MAX_LENGTH;
    static final int DEFAULT_CPUS = Bounds.DEFAULT.cpus();
    static final int DEFAULT_MMS = Bounds.DEFAULT.mms();
    static final int DEFAULT_MAX_TABLES = Bounds.DEFAULT.maxTables();
    static final int DEFAULT_SHRINK_TIME_LIMIT = CheckConfig.DEFAULT_SHRINK_SECONDS;
    static final int DEFAULT_DEPTH = 0;
    static final int DEFAULT_CALL_TIMEOUT = CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS;

    CheckRequest {
        cells = entries(cells);
        strategyClasses = entries(strategyClasses);
        presets = presets == null ? List.of() : List.copyOf(presets);
        expectedViolations = entries(expectedViolations);
    }

    /** Every parameter at its default. */
    static CheckRequest defaults() {
        return new CheckRequest(List.of(), List.of(), List.of(), List.of(), DEFAULT_SEED, DEFAULT_TRIES,
                DEFAULT_MAX_LENGTH, DEFAULT_CPUS, DEFAULT_MMS, DEFAULT_MAX_TABLES, DEFAULT_SHRINK_TIME_LIMIT, null,
                DEFAULT_DEPTH, null, DEFAULT_CALL_TIMEOUT, false, null);
    }

    CheckRequest withCells(String... c) {
        return new CheckRequest(List.of(c), strategyClasses, presets, expectedViolations, seed, tries, maxLength,
                cpus, mms, maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget,
                callTimeout, interleavings, preemptions);
    }

    CheckRequest withStrategyClasses(String... c) {
        return new CheckRequest(cells, List.of(c), presets, expectedViolations, seed, tries, maxLength, cpus, mms,
                maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget,
                callTimeout, interleavings, preemptions);
    }

    CheckRequest withPresets(PresetParameter... p) {
        return new CheckRequest(cells, strategyClasses, List.of(p), expectedViolations, seed, tries, maxLength, cpus,
                mms, maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget,
                callTimeout, interleavings, preemptions);
    }

    CheckRequest withExpectedViolations(String... e) {
        return new CheckRequest(cells, strategyClasses, presets, List.of(e), seed, tries, maxLength, cpus, mms,
                maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget,
                callTimeout, interleavings, preemptions);
    }

    CheckRequest withNumbers(long seed, int tries, int maxLength, int cpus, int mms, int maxTables,
                             int shrinkTimeLimit, Integer timeBudget) {
        return new CheckRequest(cells, strategyClasses, presets, expectedViolations, seed, tries, maxLength, cpus,
                mms, maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget,
                callTimeout, interleavings, preemptions);
    }

    CheckRequest withExhaustive(int depth, long stateBudget) {
        return new CheckRequest(cells, strategyClasses, presets, expectedViolations, seed, tries, maxLength, cpus,
                mms, maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget,
                callTimeout, interleavings, preemptions);
    }

    CheckRequest withInterleavings(boolean on, Integer bound) {
        return new CheckRequest(cells, strategyClasses, presets, expectedViolations, seed, tries, maxLength, cpus, mms,
                maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget, callTimeout, on, bound);
    }

    /**
     * The preemptions the run uses, 0 for none: the bound given, else the default when
     * {@code interleavings} is on.
     *
     * @throws IllegalArgumentException for a bound outside 0 to 2, or 0 with interleavings on
     */
    int effectivePreemptions() {
        if (preemptions == null) {
            return interleavings ? CheckConfig.DEFAULT_PREEMPTIONS : 0;
        }
        if (preemptions < 0 || preemptions > 2) {
            throw new IllegalArgumentException("<preemptions> (-Dptcheck.preemptions) must be 0 (no interleavings), 1"
                    + " or 2, was " + preemptions + " (two operations overlap at most; CHESS finds most races within 2)");
        }
        if (interleavings && preemptions == 0) {
            throw new IllegalArgumentException("<interleavings> is true but <preemptions> is 0, which runs nothing"
                    + " interleaved; set <preemptions> to 1 or 2, or <interleavings> to false");
        }
        return preemptions;
    }

    CheckRequest withCallTimeout(int seconds) {
        return new CheckRequest(cells, strategyClasses, presets, expectedViolations, seed, tries, maxLength, cpus,
                mms, maxTables, shrinkTimeLimit, timeBudget, depth, stateBudget, seconds, interleavings, preemptions);
    }

    /**
     * A {@code cells} given (in the POM, or as {@code -Dptcheck.cells}) that names nothing is an
     * error: {@code -Dptcheck.cells=,} once ran every cell, as if the parameter were unset.
     *
     * @param raw          the parameter as Maven gave it, or null if unset
     * @param userProperty {@code -Dptcheck.cells} as given, or null if not given
     * @throws IllegalArgumentException if it was given and has no entry
     */
    static void requireSomeCell(List<String> raw, String userProperty) {
        boolean given = userProperty != null || (raw != null && !raw.isEmpty());
        if (given && entries(raw).isEmpty() && entries(userProperty == null ? null : List.of(userProperty)).isEmpty()) {
            throw new IllegalArgumentException("<cells>" + (userProperty == null ? "" : " (-Dptcheck.cells="
                    + userProperty + ")") + " names no cell; name cells as strategy@preset, strategy, @preset or all,"
                    + " or leave the parameter out for the default cells");
        }
    }

    /**
     * Entries of a list parameter: trimmed, blanks dropped. Maven splits a comma-separated
     * {@code -Dptcheck.cells=a,b} into entries; a POM may also write several in one element, so
     * commas are split here too.
     */
    static List<String> entries(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        return raw.stream().filter(Objects::nonNull).flatMap(s -> java.util.Arrays.stream(s.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
