package io.github.ptcheck.junit;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test classes that {@link PtcheckPropertyTest} runs through the EngineTestKit, as a user would
 * write them. Many fail on purpose, so each is {@link OnlyInTestKit}; and this file's name does
 * not match Surefire's includes ({@code *Test}, {@code Test*}, {@code *Tests},
 * {@code *TestCase}), nor do nested classes (Surefire excludes {@code *$*}).
 */
final class Samples {

    private Samples() {
    }

    // ------------------------------------------------------------ the invariants are the property

    @OnlyInTestKit
    static class RefcountKeepsTheInvariants {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-refcount-v2", tries = 50)
        void refcount(CellReport report, Strategy strategy, Preset preset, Cell cell) {
            assertTrue(report.passed());
            assertEquals(50, report.triesRun());
            assertEquals("powerpc-refcount-v2", strategy.name());
            assertEquals("powerpc64-hash-64k", preset.name());
            assertEquals(new Cell(preset, strategy), cell);
        }
    }

    @OnlyInTestKit
    static class NaiveOnHash {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-naive-v1", seed = 42)
        void naive() {
            fail("the body runs only after a passing check");
        }
    }

    @OnlyInTestKit
    static class PageActiveBreaksTwo {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-pageactive-v6.6")
        void pageActive() {
            fail("the body runs only after a passing check");
        }
    }

    @OnlyInTestKit
    static class UnlockedCursorInterleaved {
        @PtcheckProperty(preset = "powerpc64-hash-64k",
                strategyClass = io.github.ptcheck.strategy.powerpc.UnlockedCursor.class, interleavings = true,
                preemptions = 1)
        void racesOnTheCursor() {
            fail("the body runs only after a passing check");
        }
    }

    /** The same race, in a property over sequences whose body holds on every run. */
    @OnlyInTestKit
    static class UnlockedCursorInterleavedOverSequences {
        static final List<Integer> TRIES = new ArrayList<>();

        @PtcheckProperty(preset = "powerpc64-hash-64k",
                strategyClass = io.github.ptcheck.strategy.powerpc.UnlockedCursor.class, interleavings = true,
                preemptions = 1)
        void racesOnTheCursor(Sequence s) {
            TRIES.add(s.tryIndex());
        }
    }

    /** A property over sequences that holds, with interleavings and without: what interleavings add to its work. */
    @OnlyInTestKit
    static class CountedOverSequences {
        static final int TRIES = 20;

        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.CountedRefcount.class, tries = TRIES)
        void whole(Sequence s) {
        }

        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.CountedRefcount.class, tries = TRIES,
                interleavings = true, preemptions = 1)
        void interleaved(Sequence s) {
        }
    }

    @OnlyInTestKit
    static class InterleavingsJudgedByTheBody {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", interleavings = true, failOnViolation = false)
        void m(Outcome run) {
        }
    }

    /** A property that test classes inherit, each to check it on its own. */
    abstract static class InheritedProperty {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-naive-v1")
        void naive() {
        }
    }

    @OnlyInTestKit
    static class InheritsIt extends InheritedProperty {
    }

    @OnlyInTestKit
    static class InheritsItToo extends InheritedProperty {
    }

    @OnlyInTestKit
    static class MyStrategyByClass {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.MyRefcount.class, tries = 30)
        void mine(Strategy s) {
            assertInstanceOf(Renamed.MyRefcount.class, s);
        }
    }

    /** No strategy and no preset named: the parameter's class, on every preset it serves. */
    @OnlyInTestKit
    static class MyStrategyByParameter {
        @PtcheckProperty(tries = 20)
        void mine(Renamed.MyRefcount s, Preset p) {
            assertTrue(s.serves(p));
        }
    }

    @OnlyInTestKit
    static class MyNaiveByClass {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.MyNaive.class)
        void mine() {
        }
    }

    @OnlyInTestKit
    static class LoadableNaiveByClass {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.LoadableNaive.class)
        void mine() {
        }
    }

    /** A body over the sequences: its failure's file is written another way than the invariants'. */
    @OnlyInTestKit
    static class LoadableNaiveOverSequences {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.LoadableNaive.class)
        void mine(Vector<Op> ops) {
        }
    }

    @OnlyInTestKit
    static class TwoPresets {
        @PtcheckProperty(presets = {"powerpc64-hash-64k", "powerpc64-radix-64k"}, strategy = "powerpc-naive-v1")
        void naive() {
        }
    }

    @OnlyInTestKit
    static class PresetDefinedInFull {
        @PtcheckProperty(preset = "board7 arch=powerpc page=65536 table=8192", strategy = "powerpc-naive-v1")
        void naive() {
        }
    }

    /** board7 without pte_free_defer (no THP): no try defers a table, so the naive scheme's RCU_HEAD_REUSE is out of reach. */
    @OnlyInTestKit
    static class PresetWithoutPteFreeDefer {
        @PtcheckProperty(preset = "board7 arch=powerpc page=65536 table=8192 pte_free_defer=no",
                strategy = "powerpc-naive-v1", tries = 300)
        void naive(Outcome run, Preset preset) {
            assertTrue(!preset.hasPteFreeDefer(), preset::sourceAndDefer);
            assertTrue(run.steps().forAll(st -> !(st.op() instanceof Op.FreeDeferred)), () -> run.steps().toString());
        }
    }

    // ------------------------------------------------------------ the body is the property

    /** False for a correct strategy: three deferred tables of one page is routine on powerpc. */
    @OnlyInTestKit
    static class NeverThreeDeferred {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-refcount-v2")
        void neverThreeDeferredOnOnePage(Outcome run) {
            int most = mostDeferredOnOnePage(run);
            assertTrue(most < 3, () -> "a page holds " + most + " tables deferred at once");
        }
    }

    /** The most tables detached by {@code freeDeferred} that one page holds after any step of the run. */
    static int mostDeferredOnOnePage(Outcome run) {
        Set<Integer> deferred = new TreeSet<>();
        int most = 0;
        for (Step st : run.steps()) {
            if (st.op() instanceof Op.FreeDeferred f && !st.wasSkipped() && st.violation().isEmpty()) {
                deferred.add(f.table());
            }
            Machine m = st.after();
            for (Integer pfn : m.pages().keySet()) {
                most = Math.max(most, m.tablesOf(pfn).count(t -> !t.attached() && deferred.contains(t.id())));
            }
        }
        return most;
    }

    @OnlyInTestKit
    static class RecordsItsSequences {
        static final List<Sequence> SEEN = new ArrayList<>();

        @PtcheckProperty(preset = "s390x", strategy = "s390-pageactive-v6.6", seed = 5, tries = 4, maxLength = 12)
        void records(Sequence s, Vector<Op> ops, TestInfo info) {
            assertSame(s.ops(), ops);
            assertTrue(info.getDisplayName().startsWith("s390-pageactive-v6.6 on s390x"), info.getDisplayName());
            SEEN.add(s);
        }
    }

    /** With failOnViolation = false the body judges every run, broken ones too. */
    @OnlyInTestKit
    static class NaiveJudgedByItsBody {
        static int violations;

        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-naive-v1", tries = 50,
                failOnViolation = false)
        void anyRunWillDo(Outcome run) {
            violations += run.violation().isDefined() ? 1 : 0;
        }
    }

    /** The same body with the default failOnViolation: a broken invariant fails the try. */
    @OnlyInTestKit
    static class NaiveOverSequences {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-naive-v1")
        void anyRunWillDo(Vector<Op> ops) {
        }
    }

    /** Fails on its first call only: shrinking cannot make it fail again, and says so. */
    @OnlyInTestKit
    static class FailsOnce {
        static int calls;

        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 3)
        void failsTheFirstTime(Sequence s) {
            if (calls++ == 0) {
                fail("only the first time");
            }
        }
    }

    @OnlyInTestKit
    static class EveryTryAborted {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 5)
        void never(Sequence s) {
            assumeTrue(false, "no sequence is good enough");
        }
    }

    // ------------------------------------------------------------ bad input

    @OnlyInTestKit
    static class UnknownPreset {
        @PtcheckProperty(preset = "powerpc64-hash-46k", strategy = "powerpc-refcount-v2")
        void m() {
        }
    }

    @OnlyInTestKit
    static class UnknownStrategy {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.5")
        void m() {
        }
    }

    @OnlyInTestKit
    static class BothStrategyAndClass {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", strategyClass = Renamed.MyRefcount.class)
        void m() {
        }
    }

    @OnlyInTestKit
    static class NoStrategy {
        @PtcheckProperty(preset = "x86_64")
        void m(Strategy s) {
        }
    }

    @OnlyInTestKit
    static class NoNoArgConstructor {
        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.NeedsArgument.class)
        void m() {
        }
    }

    @OnlyInTestKit
    static class AbstractStrategyClass {
        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.class)
        void m() {
        }
    }

    @OnlyInTestKit
    static class PresetAndPresets {
        @PtcheckProperty(preset = "x86_64", presets = {"arm64-4k"}, strategy = "generic-v6.6")
        void m() {
        }
    }

    @OnlyInTestKit
    static class PresetTwice {
        @PtcheckProperty(presets = {"x86_64", "arm64-4k", "x86_64"}, strategy = "generic-v6.6")
        void m() {
        }
    }

    @OnlyInTestKit
    static class NoMms {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", mms = 0)
        void m() {
        }
    }

    @OnlyInTestKit
    static class PreemptionsWithoutInterleavings {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", preemptions = 1)
        void m() {
        }
    }

    @OnlyInTestKit
    static class NoTries {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 0)
        void m() {
        }
    }

    @OnlyInTestKit
    static class FailOnViolationWithoutSequence {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", failOnViolation = false)
        void m() {
        }
    }

    @OnlyInTestKit
    static class VectorOfIntegers {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 3)
        void m(Vector<Integer> ops) {
        }
    }

    @OnlyInTestKit
    static class ListOfOps {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 3)
        void m(List<Op> ops) {
        }
    }

    @OnlyInTestKit
    static class JavaUtilVector {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 3)
        void m(java.util.Vector<Op> ops) {
        }
    }

    @OnlyInTestKit
    static class StringParameter {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 3)
        void m(Sequence s, String name) {
        }
    }

    @OnlyInTestKit
    static class ReportWithSequence {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 3)
        void m(Sequence s, CellReport report) {
        }
    }

    @OnlyInTestKit
    static class WrongStrategyType {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-refcount-v2", tries = 3)
        void m(Renamed.MyRefcount s) {
        }
    }

    @OnlyInTestKit
    static class ThrowingStrategy {
        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.ThrowsOnDefer.class)
        void invariants() {
        }

        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.ThrowsOnDefer.class)
        void sequences(Sequence s) {
        }
    }

    @OnlyInTestKit
    static class ThrowingUnderASchedule {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.ThrowsWhileAnotherHoldsTheLock.class,
                interleavings = true)
        void invariants() {
        }

        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.ThrowsWhileAnotherHoldsTheLock.class,
                interleavings = true)
        void sequences(Sequence s) {
        }
    }

    @OnlyInTestKit
    static class ThrowingWhenTheFirstFailureIsTraced {
        /** The body style: the shrunk try's traced run breaks another invariant, so the first failure is traced too. */
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.ThrowsWhenTracedAgain.class)
        void sequences(Sequence s) {
        }

        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.SpinsWhenTracedAgain.class,
                callTimeout = 1)
        void spinning(Sequence s) {
        }
    }

    @OnlyInTestKit
    static class ThrowingWhileShrinking {
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.ThrowsWhenTraced.class)
        void invariants() {
        }

        /** The body style: the tries run untraced, so the strategy throws in the shrinker's traced run. */
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategyClass = Renamed.ThrowsWhenTraced.class)
        void sequences(Sequence s) {
        }
    }

    @OnlyInTestKit
    static class HangingStrategy {
        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.SpinsOnDefer.class, callTimeout = 1)
        void invariants() {
        }

        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.SpinsOnDefer.class, callTimeout = 1)
        void sequences(Sequence s) {
        }
    }

    /**
     * The body fails on every sequence with a freeDeferred, and arms the strategy to loop in it: on the first
     * failure ({@code tryItself}: the shrinker's run of the try loops), or on the first smaller sequence
     * ({@code candidate}: the run of a later candidate loops).
     */
    @OnlyInTestKit
    static class HangingWhileShrinking {
        static volatile int failedOn;

        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.SpinsOnDeferWhenArmed.class, callTimeout = 1)
        void tryItself(Sequence s) {
            failOnDefer(s.ops(), true);
        }

        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.SpinsOnDeferWhenArmed.class, callTimeout = 1)
        void candidate(Sequence s) {
            failOnDefer(s.ops(), false);
        }

        private static void failOnDefer(Vector<Op> ops, boolean armAtOnce) {
            if (ops.exists(op -> op.toString().startsWith("freeDeferred"))) {
                if (armAtOnce || (failedOn > 0 && ops.size() < failedOn)) {
                    Renamed.SpinsOnDeferWhenArmed.armed = true;
                }
                failedOn = failedOn > 0 ? failedOn : ops.size();
                fail("a freeDeferred");
            }
        }
    }

    @OnlyInTestKit
    static class LoopingConstructor {
        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.SpinsInConstructor.class, callTimeout = 1)
        void m() {
        }
    }

    @OnlyInTestKit
    static class LoopingServes {
        @PtcheckProperty(strategyClass = Renamed.SpinsInServes.class, callTimeout = 1)
        void m() {
        }
    }

    @OnlyInTestKit
    static class ThrowingStaticInitializer {
        @PtcheckProperty(preset = "x86_64", strategyClass = Renamed.ThrowsInStaticInitializer.class)
        void m() {
        }
    }

    @OnlyInTestKit
    static class RepeatedToo {
        @RepeatedTest(2)
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-naive-v1")
        void m() {
        }
    }

    @OnlyInTestKit
    static class TestToo {
        @Test
        @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-naive-v1")
        void m() {
        }
    }

    @OnlyInTestKit
    static class ParameterizedToo {
        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", tries = 3)
        void m(int i, Sequence s) {
        }
    }

    @OnlyInTestKit
    static class NoCallTimeout {
        @PtcheckProperty(preset = "x86_64", strategy = "generic-v6.6", callTimeout = 0)
        void m() {
        }
    }
}
