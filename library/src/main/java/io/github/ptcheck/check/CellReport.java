package io.github.ptcheck.check;

import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * The result of checking one cell with random sequences. Holds no wall-clock time, so that
 * the same seed gives byte-identical reports.
 *
 * <p>The first try that breaks an invariant is shrunk: that is {@link #finding}, the primary
 * one (the first found, as before there were others, so that the same seed gives the same
 * primary finding). The shrinker runs hundreds of sub-sequences of that try, and some break
 * other invariants: another face of the bug (a walker that looked the table up makes an
 * {@code EARLY_FREE} a {@code USE_AFTER_FREE}), or another bug that a shorter sequence shows.
 * Then the check goes on for a while, as Hypothesis does ({@link Runner#goesOn}: at least 10
 * tries, and while fewer than {@code min(first + 1000, 2 * last)} have run), and a later try may
 * break an invariant not met yet. Each other invariant, met while shrinking or broken by a later
 * try, is shrunk against itself and reported in {@link #otherFindings}, as Hypothesis reports
 * distinct failures.
 *
 * @param cell          what was checked
 * @param seed          the seed; with the same bounds it reproduces this report
 * @param tries         tries asked for
 * @param triesRun      tries run: fewer than {@code tries} when a time budget stopped the check,
 *                      or when, after a violation, {@link Runner#goesOn} stopped it; more than
 *                      the first failing try's number, then
 * @param opsExecuted   operations executed over all tries (teardown included)
 * @param coverage      what the tries reached
 * @param finding       the first violation, shrunk: the primary finding
 * @param cutByBudget   whether a time budget stopped the check before its tries (or, after a
 *                      violation, before the tries it would have run looking for others)
 * @param otherFindings each other invariant broken while shrinking the primary one, by a later
 *                      try, or while shrinking these, once each, in the order first met, each
 *                      shrunk and carrying its own try; empty when there is no finding
 */
public record CellReport(Cell cell, long seed, int tries, int triesRun, long opsExecuted, Coverage coverage,
                         Option<Finding> finding, boolean cutByBudget, Vector<Finding> otherFindings) {

    public CellReport {
        Objects.requireNonNull(finding, "finding (Option.none() for none)");
        Objects.requireNonNull(otherFindings, "otherFindings (Vector.empty() for none)");
        if (finding.isEmpty() && !otherFindings.isEmpty()) {
            throw new IllegalArgumentException("other findings without a primary one: " + otherFindings.size());
        }
    }

    /** A report with no other findings (exhaustive mode's, or a check that met no other invariant). */
    public CellReport(Cell cell, long seed, int tries, int triesRun, long opsExecuted, Coverage coverage,
                      Option<Finding> finding, boolean cutByBudget) {
        this(cell, seed, tries, triesRun, opsExecuted, coverage, finding, cutByBudget, Vector.empty());
    }

    public boolean passed() {
        return finding.isEmpty();
    }

    /**
     * This report with {@code coverage}, and with {@code shortest} (an exhaustive search's
     * counterexample) as the finding where there is one: then this report's findings of other
     * invariants than the shortest one's stay, as other findings, so that joining a search to a
     * check loses none of what the check met. The shortest finding takes this report's seed.
     */
    public CellReport joined(Coverage coverage, Option<Finding> shortest) {
        if (shortest.isEmpty()) {
            return new CellReport(cell, seed, tries, triesRun, opsExecuted, coverage, finding, cutByBudget,
                    otherFindings);
        }
        var invariant = shortest.get().violation().invariant();
        // A search draws no random numbers and records seed 0; its finding belongs to this check, whose seed the
        // counterexample file and the JSON report give (docs/counterexample-format.md: "the seed of the check").
        Finding s = shortest.get();
        Finding ofThisCheck = new Finding(s.violation(), seed, s.tryIndex(), s.original(), s.shrunk(), s.minimality(),
                s.trace());
        return new CellReport(cell, seed, tries, triesRun, opsExecuted, coverage, Option.of(ofThisCheck), cutByBudget,
                findings().filter(f -> f.violation().invariant() != invariant));
    }

    /** Every finding: the primary one first, then the others. */
    public Vector<Finding> findings() {
        return finding.toVector().appendAll(otherFindings);
    }
}
