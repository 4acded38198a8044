package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random mode goes on after its first failing try, as Hypothesis does to report distinct bugs
 * (issue 11, "the shrinker"), and so reports an invariant that only a later try breaks: one the
 * shrink of the first failing try could not meet, its sequence lacking what the bug needs.
 */
class LaterFindingsTest {

    /**
     * Two independent bugs on generic-v6.6 for x86_64: {@code pte_free_defer()} with a reader
     * inside sets {@code PG_active} and never clears it ({@code BAD_PAGE_STATE} when the page is
     * freed), and {@code pte_free()} while three other tables of the mm are attached frees the
     * page twice ({@code DOUBLE_FREE}).
     */
    static final class TwoBugs extends ForwardingStrategy {
        TwoBugs() {
            super(Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "test-two-bugs";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            if (m.anyReaderInside()) {
                return m.setPageActive(t.pfn()).flatMap(m1 -> super.pteFreeDefer(m1, t));
            }
            return super.pteFreeDefer(m, t);
        }

        @Override
        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return freesThePageAmongThree(m, t, super::pteFree);
        }
    }

    /**
     * {@code pteFree}, but when three other tables of the table's mm are attached (the executor
     * detached the table itself before {@code pte_free}) it also frees the table's page.
     */
    static Either<Violation, Machine> freesThePageAmongThree(Machine m, Table t,
                                                             BiFunction<Machine, Table, Either<Violation, Machine>> pteFree) {
        int attached = 0;
        for (int id = 0; id < m.tableCount(); id++) {
            Table other = m.table(id);
            attached += other.mm() == t.mm() && other.attached() ? 1 : 0;
        }
        if (attached >= 3) {
            return pteFree.apply(m, t).flatMap(m1 -> m1.freePage(t.pfn()));
        }
        return pteFree.apply(m, t);
    }

    /** The check ran {@code tries} tries and reported one finding: {@code invariant}, shrunk to {@code shrunk}. */
    static void assertOnlyFinding(CellReport r, int tries, Invariant invariant, Vector<Op> shrunk) {
        assertEquals(tries, r.triesRun());
        assertEquals(invariant, r.finding().get().violation().invariant());
        assertEquals(shrunk, r.finding().get().shrunk());
        assertTrue(r.otherFindings().isEmpty(), r.otherFindings()::toString);
    }

    private static CellReport check(int tries) {
        return new Runner(CheckConfig.defaults().withSeed(5).withTries(tries)).check(Presets.X86_64, new TwoBugs());
    }

    @Test
    void anInvariantOnlyALaterTryBreaksIsReportedShrunk() {
        CellReport r = check(CheckConfig.DEFAULT_TRIES);
        Finding first = r.finding().getOrElseThrow(() -> new AssertionError("passed"));
        // Try 1 (0-based) locks, then defers: PG_active stays and the teardown frees the page with it.
        assertEquals(Invariant.BAD_PAGE_STATE, first.violation().invariant());
        assertEquals(1, first.tryIndex());
        assertEquals(20, first.original().size());
        assertEquals(seq(alloc(0), lock(0), defer(0)), first.shrunk());
        assertEquals(6, first.violation().step(), "in the teardown");
        // Try 8 frees a table while three others of its mm stand: a bug try 1's 20 operations never reach.
        assertEquals(1, r.otherFindings().size(), r.otherFindings()::toString);
        Finding later = r.otherFindings().get(0);
        assertEquals(Invariant.DOUBLE_FREE, later.violation().invariant());
        assertEquals(8, later.tryIndex());
        assertEquals(9, later.original().size());
        assertEquals(seq(alloc(0), alloc(0), alloc(0), alloc(0), free(0)), later.shrunk());
        assertEquals(5, later.violation().step());
        assertEquals(Minimality.ONE_MINIMAL, later.minimality());
        // First failing try 2 (1-based), last new one 9: it ran while fewer than min(2 + 1000, 2 * 9) had run.
        assertEquals(18, r.triesRun());
        assertFalse(r.cutByBudget());
        // The same seed gives the same findings.
        assertEquals(r.findings(), check(CheckConfig.DEFAULT_TRIES).findings());
    }

    @Test
    void stoppingAtTheFirstFailingTryReportsOnlyItsInvariant() {
        assertOnlyFinding(check(2), 2, Invariant.BAD_PAGE_STATE, seq(alloc(0), lock(0), defer(0)));
    }

    @Test
    void triesAfterAFailureFollowHypothesissRule() {
        // At least 10 tries in all, whenever the first failure came.
        assertTrue(Runner.goesOn(9, 1, 1));
        assertFalse(Runner.goesOn(10, 1, 1));
        assertFalse(Runner.goesOn(10, 5, 5));
        // Then until twice the last try that found a new invariant...
        assertTrue(Runner.goesOn(17, 2, 9));
        assertFalse(Runner.goesOn(18, 2, 9));
        assertFalse(Runner.goesOn(40, 20, 20));
        assertTrue(Runner.goesOn(39, 20, 20));
        // ...but never 1000 past the first.
        assertTrue(Runner.goesOn(1000, 1, 600));
        assertFalse(Runner.goesOn(1001, 1, 600));
        // With int sums, first + 1000 and 2 * last would wrap here and stop the check.
        int late = Integer.MAX_VALUE - 1;
        assertTrue(Runner.goesOn(late, late, late));
    }

    @Test
    void aCheckCutShortByItsTriesStopsThere() {
        CellReport r = check(17);
        assertEquals(17, r.triesRun());
        assertEquals(2, r.findings().size());
    }
}
