package io.github.ptcheck.plan;

import io.github.ptcheck.check.CellReport;
import io.vavr.control.Option;

/**
 * How a cell's result compares with what was expected of it. Every front end and renderer
 * says it the same way ({@link #words}) and fails on the same ones ({@link #asExpected}).
 */
public enum Verdict {
    /** Passed, and nothing else was expected. */
    PASSED,
    /** Broke an invariant nobody expected it to. */
    VIOLATION,
    /** Broke an invariant it was expected to break. */
    FAILED_AS_EXPECTED,
    /** Was expected to break an invariant and passed: the checker lost a bug, or the code was fixed. */
    PASSED_EXPECTED_TO_FAIL,
    /** Was expected to break some invariants and broke another (as its first finding or any other). */
    OTHER_VIOLATION;

    /** The verdict of a report, given what is expected of its cell. */
    public static Verdict of(CellReport r, Option<Expected> expected) {
        if (expected.isEmpty()) {
            return r.passed() ? PASSED : VIOLATION;
        }
        if (r.passed()) {
            return PASSED_EXPECTED_TO_FAIL;
        }
        // Every invariant it broke must be one expected: another finding of an invariant nobody
        // expected is a changed verdict, whichever was found first.
        return r.findings().forAll(f -> expected.get().accepts(f.violation().invariant())) ? FAILED_AS_EXPECTED
                : OTHER_VIOLATION;
    }

    /** Whether the result is what was expected: a pass, or an expected violation. */
    public boolean asExpected() {
        return this == PASSED || this == FAILED_AS_EXPECTED;
    }

    /**
     * Whether a job that explored only its share of the cell's states (one job of a CI matrix
     * splitting the frontier) knows this verdict is the whole check's: a violation nobody expected
     * is one whatever the other jobs find; an expected violation not found, or another found, may
     * be settled by a shorter counterexample in another job's share, so the merge decides those.
     */
    public boolean knownFromAShare() {
        return this != PASSED_EXPECTED_TO_FAIL && this != OTHER_VIOLATION;
    }

    /** Whether it changes a known or declared verdict (the build should say so and fail). */
    public boolean changed() {
        return this == PASSED_EXPECTED_TO_FAIL || this == OTHER_VIOLATION;
    }

    /**
     * {@code passed}, {@code FAILED}, {@code failed as expected}, {@code PASSED, expected to fail},
     * {@code FAILED, expected RCU_HEAD_REUSE}.
     */
    public String words(Option<Expected> expected) {
        return switch (this) {
            case PASSED -> "passed";
            case VIOLATION -> "FAILED";
            case FAILED_AS_EXPECTED -> "failed as expected";
            case PASSED_EXPECTED_TO_FAIL -> "PASSED, expected to fail";
            case OTHER_VIOLATION -> "FAILED, expected " + expected.map(Expected::describe).getOrElse("another");
        };
    }
}
