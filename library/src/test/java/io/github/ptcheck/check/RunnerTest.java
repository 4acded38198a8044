package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerTest {

    private static final Runner DEFAULTS = new Runner(CheckConfig.defaults());

    @Test
    void progressIsReportedAfterEachTryWhenDueAndOnceWhenTheCellIsDone() {
        java.util.List<Progress> seen = new java.util.ArrayList<>();
        CellReport r = new Runner(CheckConfig.defaults().withTries(30)).withProgress(seen::add, Duration.ZERO)
                .check(Presets.X86_64, Strategies.named("generic-v6.6"));
        assertEquals(31, seen.size(), "every try is due with a zero interval, then the last report");
        Progress.Tries last = (Progress.Tries) seen.get(30);
        assertTrue(last.done());
        assertEquals(30, last.triesRun());
        assertEquals(r.opsExecuted(), last.operations());
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 30).boxed().toList(), seen.subList(0, 30).stream()
                .map(p -> ((Progress.Tries) p).triesRun()).toList());
        java.util.List<Progress> rare = new java.util.ArrayList<>();
        new Runner(CheckConfig.defaults().withTries(30)).withProgress(rare::add, Duration.ofDays(1))
                .check(Presets.X86_64, Strategies.named("generic-v6.6"));
        assertEquals(1, rare.size(), "only the last report when the interval is long: " + rare);
    }

    /** The operation that broke the invariant ran: coverage counts it. */
    @Test
    void coverageCountsTheOperationThatBrokeTheInvariant() {
        Executor ex = new Executor(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        Machine m = ex.boot();
        CoverageRecorder rec = new CoverageRecorder();
        rec.beginTry(2);
        List<io.github.ptcheck.op.Op> ops = List.of(new io.github.ptcheck.op.Op.Alloc(0),
                new io.github.ptcheck.op.Op.Alloc(0), new io.github.ptcheck.op.Op.FreeDeferred(0),
                new io.github.ptcheck.op.Op.FreeDeferred(1));
        int n = 0;
        for (io.github.ptcheck.op.Op op : ops) {
            Applied a = ex.apply(m, op, ++n);
            rec.step(op, m, a, n);
            if (a.violated()) {
                assertEquals(4, n);
                break;
            }
            m = a.machine();
        }
        assertEquals(2, rec.coverage().executed(OpKind.FREE_DEFERRED), "t0's and t1's, which broke RCU_HEAD_REUSE");
    }

    @Test
    void genericOnX86PassesTheDefaultTries() {
        assertPassesEveryTry(DEFAULTS.check(Presets.X86_64, Strategies.named("generic-v6.6")));
    }

    @Test
    void sparc64OnSparc64PassesTheDefaultTries() {
        assertPassesEveryTry(DEFAULTS.check(Presets.SPARC64, Strategies.named("sparc64-v6.6")));
    }

    private static void assertPassesEveryTry(CellReport r) {
        assertTrue(r.passed(), () -> r.finding().get().violation().summary() + "\n" + r.finding().get().shrunk());
        assertEquals(CheckConfig.DEFAULT_TRIES, r.tries());
        assertEquals(CheckConfig.DEFAULT_TRIES, r.triesRun());
        assertFalse(r.cutByBudget());
        // Every try runs at least its teardown's rcu_barrier-free path: an alloc and an exit.
        assertTrue(r.opsExecuted() > 10L * r.triesRun(), () -> "ops executed: " + r.opsExecuted());
        long sequenceOps = OpKindSum.of(r.coverage());
        assertEquals(r.opsExecuted(), sequenceOps + r.coverage().get(Metric.TEARDOWN_OPS));
        assertEquals(r.coverage().get(Metric.PAGES_ALLOCATED), r.coverage().get(Metric.PAGES_FREED),
                "a passing check frees every page it allocates");
    }

    /** The sum of the executed counts of every kind. */
    private static final class OpKindSum {
        static long of(Coverage c) {
            long n = 0;
            for (OpKind k : OpKind.values()) {
                n += c.executed(k);
            }
            return n;
        }
    }

    @Test
    void theSameSeedGivesEqualReportsAndAnotherSeedAnotherReport() {
        Cell passing = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));
        Runner a = new Runner(CheckConfig.defaults().withSeed(5).withTries(50));
        assertEquals(a.check(passing), a.check(passing));
        assertEquals(a.check(passing), new Runner(CheckConfig.defaults().withSeed(5).withTries(50)).check(passing));
        assertNotEquals(a.check(passing).coverage(),
                new Runner(CheckConfig.defaults().withSeed(6).withTries(50)).check(passing).coverage());

        Cell failing = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        CellReport f1 = a.check(failing);
        CellReport f2 = a.check(failing);
        assertEquals(f1, f2);
        assertEquals(f1.finding().get().original(), f2.finding().get().original());
    }

    @Test
    void coverageNamesAreStableAndInOrder() {
        Coverage c = new Runner(CheckConfig.defaults().withTries(3)).check(Presets.X86_64,
                Strategies.named("generic-v6.6")).coverage();
        List<String> expected = List.of(OpKind.values()).map(Coverage::executedKey)
                .appendAll(List.of(Metric.values()).map(Metric::key));
        assertEquals(expected, c.counts().keySet().toList());
        assertEquals("executed.freeDeferred", Coverage.executedKey(OpKind.FREE_DEFERRED));
        assertEquals(0, c.get(Metric.SKIPPED), "generated operations are never skipped");
    }

    @Test
    void aTimeBudgetCutsTheCheckShortAndSaysSo() {
        CellReport r = new Runner(CheckConfig.defaults().withTries(100_000).withTimeBudget(Duration.ofNanos(1)))
                .check(Presets.X86_64, Strategies.named("generic-v6.6"));
        assertTrue(r.cutByBudget());
        assertEquals(1, r.triesRun(), "the budget is looked at between tries; the first always runs");
        assertEquals(100_000, r.tries());
        assertTrue(r.passed());
    }

    @Test
    void aStrategyThatThrowsIsAFailureOfTheStrategyNotAVerdict() {
        StrategyFailure e = assertThrows(StrategyFailure.class, () -> DEFAULTS.check(Presets.X86_64, new Throwing()));
        assertEquals("throws-on-defer", e.strategy());
        assertTrue(e.getMessage().contains("strategy 'throws-on-defer' threw in pte_free_defer"), e.getMessage());
        assertTrue(e.getMessage().contains("not written yet"), e.getMessage());
    }

    /** generic-v6.6, except that pte_free_defer throws. */
    private static final class Throwing implements Strategy {
        private final Strategy generic = Strategies.named("generic-v6.6");

        public String name() {
            return "throws-on-defer";
        }

        public String source() {
            return "test";
        }

        public boolean serves(io.github.ptcheck.arch.Preset p) {
            return true;
        }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return generic.pteAllocOne(m, mm);
        }

        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            throw new UnsupportedOperationException("not written yet");
        }

        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
            return generic.tlbRemoveTableFree(m, t);
        }


        public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {

            return generic.pteFreeTlb(m, t);

        }

        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return generic.rcuCallback(m, func, pfn);
        }
    }

    @Test
    void badConfigurationIsRejectedWithTheFix() {
        CheckConfig d = CheckConfig.defaults();
        assertMessage(IllegalArgumentException.class, () -> d.withTries(0), "tries must be between 1 and 10000000, was 0");
        assertMessage(IllegalArgumentException.class, () -> d.withTries(-3), "tries must be between 1 and 10000000, was -3");
        assertMessage(IllegalArgumentException.class, () -> d.withMaxLength(0), "maxLength must be between 1 and 10000");
        assertMessage(IllegalArgumentException.class, () -> d.withTimeBudget(Duration.ZERO), "timeBudget must be positive");
        assertMessage(IllegalArgumentException.class, () -> d.withShrinkTimeLimit(Duration.ofSeconds(-1)),
                "shrinkTimeLimit must be >= 0");
        assertMessage(IllegalArgumentException.class, () -> d.withBounds(Bounds.DEFAULT.withCpus(-1)),
                "cpus must be between 0 and 64, was -1");
        assertMessage(IllegalArgumentException.class, () -> d.withBounds(Bounds.DEFAULT.withMms(0)),
                "mms must be between 1 and 64, was 0");
        assertMessage(IllegalArgumentException.class, () -> d.withBounds(Bounds.DEFAULT.withMaxTables(0)),
                "maxTables must be between 1 and 1000, was 0");
        assertMessage(NullPointerException.class, () -> d.withBounds(null), "bounds must not be null");
        assertMessage(NullPointerException.class, () -> d.withTimeBudget(null), "withoutTimeBudget()");
        assertMessage(NullPointerException.class, () -> new Runner(null), "CheckConfig.defaults()");
        assertMessage(NullPointerException.class, () -> DEFAULTS.check(null), "cell must not be null");
        assertMessage(NullPointerException.class, () -> DEFAULTS.check(null, Strategies.named("generic-v6.6")),
                "preset must not be null");
        assertMessage(NullPointerException.class, () -> DEFAULTS.check(Presets.X86_64, null), "strategy must not be null");
        assertEquals(Option.none(), d.withTimeBudget(Duration.ofSeconds(1)).withoutTimeBudget().timeBudget());
    }

    private static <T extends Throwable> void assertMessage(Class<T> type, Executable call, String part) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
