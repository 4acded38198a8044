package io.github.ptcheck.junit;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.cex.ReplayResult;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.sched.Pct;
import io.github.ptcheck.report.TryNumber;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.github.ptcheck.Ops.alloc;
import static io.github.ptcheck.Ops.defer;
import static io.github.ptcheck.Ops.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs the {@link Samples} through the Jupiter engine, as Surefire or an IDE would, and checks
 * what a user sees: which tests pass and fail, the failure messages, the counterexample files.
 */
class PtcheckPropertyTest {

    private static final String NAIVE_SHRUNK = "    alloc mm0\n    alloc mm0\n    freeDeferred t0\n    freeDeferred t1\n";

    @TempDir
    Path dir;

    // ------------------------------------------------------------ the invariants are the property

    @Test
    void aCorrectStrategyPassesAndItsBodyGetsTheReport() {
        EngineExecutionResults r = run(Samples.RefcountKeepsTheInvariants.class);
        r.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertEquals(List.of("powerpc-refcount-v2 on powerpc64-hash-64k, 50 tries, seed 0"), testNames(r));
        List<String> entries = r.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("ptcheck"))
                .collect(Collectors.toList());
        assertEquals(1, entries.size(), entries::toString);
        assertTrue(entries.get(0).startsWith("powerpc-refcount-v2@powerpc64-hash-64k passed 50 tries"), entries::toString);
    }

    @Test
    void theNaivePatchFailsWithTheShrunkSequenceTheSeedTheFileAndHowToReproduce() throws IOException {
        Path file = Path.of(Property.DEFAULT_DIR, "io.github.ptcheck.junit.Samples.NaiveOnHash.naive.ptcheck")
                .toAbsolutePath().normalize();
        Files.deleteIfExists(file);
        EngineExecutionResults r = run(Samples.NaiveOnHash.class);
        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable t = failureOf(r);
        assertInstanceOf(AssertionFailedError.class, t);
        String msg = t.getMessage();

        // The Runner with the same configuration says what the message must say.
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        Finding f = new Runner(CheckConfig.defaults().withSeed(42)).check(cell).finding().get();
        assertTrue(msg.startsWith("powerpc-naive-v1 on powerpc64-hash-64k broke RCU_HEAD_REUSE at step 4"), msg);
        assertTrue(msg.contains("found by the " + TryNumber.ordinal(f.tryIndex()) + " of seed 42 (seed = 42 in @PtcheckProperty) with "
                + f.original().size() + " operations, shrunk to 4 (1-minimal):\n" + NAIVE_SHRUNK), msg);
        assertTrue(msg.contains("counterexample file: " + file + "\n"), msg);
        assertTrue(msg.contains("mvn test -Dtest='Samples$NaiveOnHash#naive' -Dptcheck.seed=42\n"), msg);
        assertTrue(msg.contains("io.github.ptcheck.cex.Replay.builtIn().replay(java.nio.file.Path.of(\"" + file + "\"))"), msg);
        assertTrue(msg.contains("ptcheck trace: powerpc-naive-v1 on powerpc64-hash-64k"), msg);
        assertTrue(msg.contains(">>  4  freeDeferred t1"), msg);

        assertTrue(Files.exists(file));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("violation: RCU_HEAD_REUSE step=4 page=0\nseed: 42\ntry: " + f.tryIndex() + "\n"), text);
        ReplayResult replay = Replay.builtIn().replay(file);
        assertTrue(replay.reproduced(), replay.explanation());
        assertEquals(Invariant.RCU_HEAD_REUSE, replay.outcome().violation().get().invariant());
        assertEquals(seq(alloc(0), alloc(0), defer(0), defer(1)), replay.counterexample().ops());
    }

    @Test
    void theMessageNamesEachInvariantTheCheckBroke() {
        String msg = failureOf(run(Samples.PageActiveBreaksTwo.class)).getMessage();
        // The Runner goes on after try 8's BAD_PAGE_STATE, and try 12 breaks another invariant.
        assertTrue(msg.startsWith("powerpc-pageactive-v6.6 on powerpc64-hash-64k broke BAD_PAGE_STATE at step 3"), msg);
        assertTrue(msg.contains("  found by the 9th try of seed 0"), msg);
        assertTrue(msg.contains("  also broken (1 other invariant, each shrunk on its own):\n  EARLY_FREE at step 4 on"
                + " page 0: "), msg);
        assertTrue(msg.contains("  found by the 13th try of seed 0 (the default seed) with 15 operations, shrunk to 4"
                + " (1-minimal):\n    alloc mm0\n    readLock cpu0\n    freeDeferred t0\n    exitMm mm0\n"), msg);
        // The file and the reproduce line are the first finding's.
        assertTrue(msg.indexOf("also broken") < msg.indexOf("To reproduce:"), msg);
        assertTrue(msg.contains("so the 9th try fails again"), msg);
    }

    @Test
    void aUsersStrategyClassIsCreatedAndChecked() throws IOException {
        run(Samples.MyStrategyByClass.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        EngineExecutionResults r = run(Samples.MyNaiveByClass.class);
        String msg = failureOf(r).getMessage();
        assertTrue(msg.startsWith("my-naive on powerpc64-hash-64k broke RCU_HEAD_REUSE at step 4"), msg);
        assertTrue(msg.contains(NAIVE_SHRUNK), msg);
        // Replaying a file that names a user's strategy needs it in the catalog; the message says how.
        assertTrue(msg.contains("new io.github.ptcheck.cex.Replay(io.github.ptcheck.cex.Catalog.builtIn().withStrategy("
                + "new io.github.ptcheck.junit.Renamed.MyNaive())).replay("), msg);
        Path file = dir.resolve("io.github.ptcheck.junit.Samples.MyNaiveByClass.mine.ptcheck");
        ReplayResult replay = new Replay(io.github.ptcheck.cex.Catalog.builtIn().withStrategy(new Renamed.MyNaive()))
                .replay(file);
        assertTrue(replay.reproduced(), replay.explanation());
        // Package-private, so neither --strategy-class nor the plugin could load it: placeholders, but the Maven
        // line still says that the goal must be told the class.
        assertTrue(Files.readString(file).contains("\n#   mvn test-compile io.github.ptcheck:ptcheck-maven-plugin:"
                + io.github.ptcheck.Version.current() + ":replay -Dptcheck.file=<this file>"
                + " -Dptcheck.strategyClasses=<its class>   (in the project that holds the strategy)\n"));
    }

    /**
     * The file of a user's class that the command line and the plugin could load names it in both replay
     * commands, whether the invariants or a body over the sequences failed.
     */
    @Test
    void aLoadableUserStrategyIsNamedInBothReplayCommandsOfItsFile() throws IOException {
        for (Class<?> sample : List.of(Samples.LoadableNaiveByClass.class, Samples.LoadableNaiveOverSequences.class)) {
            failureOf(run(sample));
            String text = Files.readString(dir.resolve("io.github.ptcheck.junit.Samples." + sample.getSimpleName()
                    + ".mine.ptcheck"));
            assertTrue(text.contains("\n#   ptcheck replay --strategy-path <its classes> --strategy-class"
                    + " io.github.ptcheck.junit.Renamed$LoadableNaive <this file>\n"), sample + ": " + text);
            assertTrue(text.contains("\n#   mvn test-compile io.github.ptcheck:ptcheck-maven-plugin:"
                    + io.github.ptcheck.Version.current() + ":replay -Dptcheck.file=<this file>"
                    + " -Dptcheck.strategyClasses=io.github.ptcheck.junit.Renamed$LoadableNaive   (in the project that"
                    + " holds the strategy)\n"), sample + ": " + text);
        }
    }

    @Test
    void withoutNamesTheParametersClassIsTheStrategyOnEveryPresetItServes() {
        EngineExecutionResults r = run(Samples.MyStrategyByParameter.class);
        r.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertEquals(List.of("my-refcount on powerpc64-hash-64k, 20 tries, seed 0",
                "my-refcount on powerpc64-radix-64k, 20 tries, seed 0",
                "my-refcount on powerpc64-4k, 20 tries, seed 0"), testNames(r));
    }

    @Test
    void severalPresetsAreSeveralTestsWithAFileEach() {
        EngineExecutionResults r = run(Samples.TwoPresets.class);
        r.testEvents().assertStatistics(s -> s.started(2).failed(2));
        assertEquals(List.of("powerpc-naive-v1 on powerpc64-hash-64k, 200 tries, seed 0",
                "powerpc-naive-v1 on powerpc64-radix-64k, 200 tries, seed 0"), testNames(r));
        for (String preset : List.of("powerpc64-hash-64k", "powerpc64-radix-64k")) {
            Path file = dir.resolve("io.github.ptcheck.junit.Samples.TwoPresets.naive." + preset + ".ptcheck");
            assertTrue(Files.exists(file), file::toString);
            ReplayResult replay = Replay.builtIn().replay(readUnchecked(file));
            assertEquals(preset, replay.cell().preset().name());
            assertTrue(replay.reproduced(), replay.explanation());
        }
    }

    /**
     * An inherited property runs in each test class that inherits it: the reproduce command and the file name that
     * class (Surefire runs no test of the abstract class that declares it), so the two do not write one file.
     */
    @Test
    void anInheritedPropertyIsReproducedAndFiledUnderItsTestClass() {
        for (Class<?> sample : List.of(Samples.InheritsIt.class, Samples.InheritsItToo.class)) {
            String msg = failureOf(run(sample)).getMessage();
            String name = "Samples$" + sample.getSimpleName();
            assertTrue(msg.contains("  mvn test -Dtest='" + name + "#naive' -Dptcheck.seed=0\n"), msg);
            Path file = dir.resolve("io.github.ptcheck.junit.Samples." + sample.getSimpleName() + ".naive.ptcheck");
            assertTrue(msg.contains("counterexample file: " + file + "\n"), msg);
            assertTrue(Files.exists(file), file::toString);
        }
    }

    @Test
    void aPresetMayBeDefinedInFullAsInAFile() throws IOException {
        String msg = failureOf(run(Samples.PresetDefinedInFull.class)).getMessage();
        assertTrue(msg.startsWith("powerpc-naive-v1 on board7 broke RCU_HEAD_REUSE"), msg);
        String text = Files.readString(dir.resolve("io.github.ptcheck.junit.Samples.PresetDefinedInFull.naive.ptcheck"));
        assertTrue(text.contains("preset: board7 arch=powerpc page=65536 table=8192\n"), text);
    }

    /** A preset defined with pte_free_defer=no gets no freeDeferred in any try, and so passes where board7 fails. */
    @Test
    void aPresetDefinedInFullMaySayItHasNoPteFreeDefer() {
        run(Samples.PresetWithoutPteFreeDefer.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    // ------------------------------------------------------------ the body is the property

    @Test
    void aFalsePropertyOfTheUsersFailsWithASequenceMinimalForIt() throws IOException {
        EngineExecutionResults r = run(Samples.NeverThreeDeferred.class);
        Throwable t = failureOf(r);
        String msg = t.getMessage();
        assertTrue(msg.startsWith("property failed for powerpc-refcount-v2 on powerpc64-hash-64k:"
                + " org.opentest4j.AssertionFailedError: a page holds 3 tables deferred at once"), msg);
        String shrunk = "    alloc mm0\n    alloc mm0\n    alloc mm0\n    freeDeferred t0\n    freeDeferred t1\n"
                + "    freeDeferred t2\n";
        assertTrue(msg.contains("shrunk to 6 (1-minimal):\n" + shrunk), msg);
        // The cause is the body's own assertion on the shrunk sequence: the stack trace points at it.
        assertInstanceOf(AssertionFailedError.class, t.getCause());
        assertTrue(t.getCause().getMessage().startsWith("a page holds 3 tables deferred at once"), t::toString);

        // Minimal for the property: without any one of its operations the property holds.
        Vector<Op> ops = seq(alloc(0), alloc(0), alloc(0), defer(0), defer(1), defer(2));
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-refcount-v2"));
        assertEquals(3, Samples.mostDeferredOnOnePage(cell.executor().trace(ops)));
        for (int i = 0; i < ops.size(); i++) {
            assertTrue(Samples.mostDeferredOnOnePage(cell.executor().trace(ops.removeAt(i))) < 3);
        }

        // The file records what the model says of the sequence (it passes) and why the test failed.
        Path file = dir.resolve("io.github.ptcheck.junit.Samples.NeverThreeDeferred.neverThreeDeferredOnOnePage.ptcheck");
        String text = Files.readString(file);
        assertTrue(text.contains("# property Samples$NeverThreeDeferred#neverThreeDeferredOnOnePage failed on this"
                + " sequence: org.opentest4j.AssertionFailedError: a page holds 3 tables deferred at once"), text);
        assertEquals(ops, Counterexample.parse(text, file.toString()).ops());
        ReplayResult replay = Replay.builtIn().replay(file);
        assertTrue(replay.reproduced() && replay.outcome().passed(), replay.explanation());
        assertTrue(msg.contains("replay the file (the model's run of the sequence; the property's body runs again"
                + " with the seed):"), msg);
    }

    @Test
    void theBodyGetsTheGeneratorsSequencesTryByTry() {
        Samples.RecordsItsSequences.SEEN.clear();
        run(Samples.RecordsItsSequences.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Vector<Vector<Op>> expected = Sequences.of("s390x", "s390-pageactive-v6.6").bounds(Bounds.DEFAULT)
                .maxLength(12).samples(5, 4);
        assertEquals(expected.toJavaList(), Samples.RecordsItsSequences.SEEN.stream().map(Sequence::ops)
                .collect(Collectors.toList()));
        for (int i = 0; i < 4; i++) {
            Sequence s = Samples.RecordsItsSequences.SEEN.get(i);
            assertEquals(5, s.seed());
            assertEquals(i, s.tryIndex());
            assertEquals("s390-pageactive-v6.6@s390x", s.cell().name());
        }
    }

    @Test
    void aBrokenInvariantFailsATryUnlessTheBodyIsToJudgeIt() {
        Samples.NaiveJudgedByItsBody.violations = 0;
        run(Samples.NaiveJudgedByItsBody.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertTrue(Samples.NaiveJudgedByItsBody.violations > 0, "the body saw the broken runs");

        String msg = failureOf(run(Samples.NaiveOverSequences.class)).getMessage();
        assertTrue(msg.startsWith("powerpc-naive-v1 on powerpc64-hash-64k broke RCU_HEAD_REUSE at step 4"), msg);
        assertTrue(msg.contains("shrunk to 4 (1-minimal):\n" + NAIVE_SHRUNK), msg);
        ReplayResult replay = Replay.builtIn().replay(readUnchecked(
                dir.resolve("io.github.ptcheck.junit.Samples.NaiveOverSequences.anyRunWillDo.ptcheck")));
        assertTrue(replay.reproduced(), replay.explanation());
    }

    @Test
    void aBodyThatDoesNotFailAgainIsReportedAsItFailedWithAWarning() {
        Samples.FailsOnce.calls = 0;
        String msg = failureOf(run(Samples.FailsOnce.class)).getMessage();
        assertTrue(msg.startsWith("property failed for generic-v6.6 on x86_64: org.opentest4j.AssertionFailedError:"
                + " only the first time\n  found by the 1st try of seed 0"), msg);
        assertTrue(msg.contains("(partially shrunk)"), msg);
        assertTrue(msg.contains("WARNING: the shrunk sequence did not fail when run once more"), msg);
        Vector<Op> try0 = Sequences.of(Presets.X86_64, Strategies.named("generic-v6.6")).sample(0, 0);
        assertTrue(msg.contains(try0.map(op -> "    " + op + "\n").mkString()), "the sequence as generated:\n" + msg);
    }

    @Test
    void whenAnAssumptionDiscardsEveryTryTheTestIsAbortedNotPassed() {
        EngineExecutionResults r = run(Samples.EveryTryAborted.class);
        r.testEvents().assertStatistics(s -> s.started(1).aborted(1).succeeded(0));
        Throwable t = r.testEvents().aborted().list().get(0).getRequiredPayload(TestExecutionResult.class)
                .getThrowable().get();
        assertTrue(t.getMessage().contains("aborted every one of the 5 tries"), t.getMessage());
    }

    // ------------------------------------------------------------ the seed

    @Test
    void theSystemPropertyOverridesTheAnnotationsSeed() {
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        var of7 = new Runner(CheckConfig.defaults().withSeed(7)).check(cell).finding().get();
        var of42 = new Runner(CheckConfig.defaults().withSeed(42)).check(cell).finding().get();
        assertNotEquals(of7.original(), of42.original(), "the seeds must tell apart for this test to mean anything");
        int tryOf7 = of7.tryIndex();
        String before = System.getProperty(Property.SEED_KEY);
        System.setProperty(Property.SEED_KEY, "7");
        try {
            // As Surefire launches (JUnit reads system properties), and with a launcher that does
            // not (the EngineTestKit's default): the same seed either way.
            for (boolean implicit : new boolean[] {true, false}) {
                EngineExecutionResults r = EngineTestKit.engine("junit-jupiter")
                        .configurationParameter(OnlyInTestKit.KEY, "true")
                        .configurationParameter(Property.DIR_KEY, dir.toString())
                        .enableImplicitConfigurationParameters(implicit)
                        .selectors(selectClass(Samples.NaiveOnHash.class)).execute();
                assertEquals(List.of("powerpc-naive-v1 on powerpc64-hash-64k, 200 tries, seed 7"), testNames(r));
                String msg = failureOf(r).getMessage();
                assertTrue(msg.contains("found by the " + TryNumber.ordinal(tryOf7) + " of seed 7 (ptcheck.seed=7, which overrides the"
                        + " annotation's seed = 42)"), msg);
                assertTrue(msg.contains("-Dptcheck.seed=7\n"), msg);
            }
            // An annotation without a seed: nothing of it is overridden.
            EngineExecutionResults noSeed = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(OnlyInTestKit.KEY, "true")
                    .configurationParameter(Property.DIR_KEY, dir.toString())
                    .selectors(selectClass(Samples.PageActiveBreaksTwo.class)).execute();
            String msg = failureOf(noSeed).getMessage();
            assertTrue(msg.contains(" of seed 7 (ptcheck.seed=7) with "), msg);
            assertFalse(msg.contains("overrides"), msg);
        } finally {
            if (before == null) {
                System.clearProperty(Property.SEED_KEY);
            } else {
                System.setProperty(Property.SEED_KEY, before);
            }
        }
        assertEquals(List.of("powerpc-naive-v1 on powerpc64-hash-64k, 200 tries, seed 42"),
                testNames(run(Samples.NaiveOnHash.class)), "without it, the annotation's seed");
    }

    @Test
    void aConfigurationParameterSetsTheSeedToo() {
        EngineExecutionResults r = run(Samples.RecordsItsSequences.class, Property.SEED_KEY, "-3");
        assertEquals(List.of("s390-pageactive-v6.6 on s390x, 4 tries, seed -3"), testNames(r));
        // The reproduce command of a failure with the annotation's seed overrides nothing.
        String msg = failureOf(run(Samples.NaiveOnHash.class, Property.SEED_KEY, "42")).getMessage();
        assertTrue(msg.contains(" of seed 42 (ptcheck.seed=42, as in @PtcheckProperty) with "), msg);
    }

    @Test
    void aMalformedSeedIsAConfigurationError() {
        Throwable t = containerFailureOf(run(Samples.NaiveOnHash.class, Property.SEED_KEY, "0x2a"));
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertEquals("@PtcheckProperty on Samples$NaiveOnHash#naive: ptcheck.seed is '0x2a', which is not a 64-bit"
                + " integer; set it like -Dptcheck.seed=42 (it may be negative), or unset it to use the annotation's"
                + " seed", t.getMessage());
    }

    // ------------------------------------------------------------ bad input

    @Test
    void unknownNamesSayWhatIsKnown() {
        Throwable t = containerFailureOf(run(Samples.UnknownPreset.class));
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertTrue(t.getMessage().startsWith("@PtcheckProperty on Samples$UnknownPreset#m: unknown preset"
                + " \"powerpc64-hash-46k\" (did you mean \"powerpc64-hash-64k\"?); the built-ins are x86_64, "),
                t.getMessage());
        // The definition it suggests is the annotation's syntax, as PresetDefinedInFull has it (no "preset:", a file's).
        assertTrue(t.getMessage().endsWith(" define it in full: preset = \"powerpc64-hash-46k arch=powerpc page=65536"
                + " table=4096\" (sizes in bytes)"), t.getMessage());

        t = containerFailureOf(run(Samples.UnknownStrategy.class));
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertTrue(t.getMessage().startsWith("@PtcheckProperty on Samples$UnknownStrategy#m: unknown strategy"
                + " \"generic-v6.5\" (did you mean \"generic-v6.6\"?); the built-ins are generic-v6.6, "), t.getMessage());
        assertTrue(t.getMessage().endsWith("use strategyClass = YourStrategy.class instead of strategy = \"...\""),
                t.getMessage());
    }

    @Test
    void theStrategyAndPresetsMustBeNamedOnceAndTheBoundsMakeSense() {
        assertConfigError(Samples.BothStrategyAndClass.class, "it names both strategy = \"generic-v6.6\" and"
                + " strategyClass = MyRefcount.class; give one");
        assertConfigError(Samples.NoStrategy.class, "it names no strategy; name one with strategy = \"...\"");
        assertConfigError(Samples.NoNoArgConstructor.class, "strategyClass io.github.ptcheck.junit.Renamed$NeedsArgument"
                + " has no no-argument constructor, so ptcheck cannot create it; add a public NeedsArgument()"
                + " constructor");
        assertConfigError(Samples.AbstractStrategyClass.class, "strategyClass io.github.ptcheck.junit.Renamed is"
                + " abstract; give a concrete class that implements Strategy");
        assertConfigError(Samples.PresetAndPresets.class, "it names both preset = \"x86_64\" and presets = {...};"
                + " give one");
        assertConfigError(Samples.PresetTwice.class, "preset x86_64 is listed twice in presets; list each once");
        assertConfigError(Samples.NoTries.class, "tries must be between 1 and 10000000, was 0; fix that attribute of"
                + " @PtcheckProperty");
        assertConfigError(Samples.PreemptionsWithoutInterleavings.class, "preemptions = 1 has no effect without"
                + " interleavings = true; add interleavings = true, or leave preemptions out; fix that attribute of"
                + " @PtcheckProperty");
        assertConfigError(Samples.NoMms.class, "mms must be between 1 and 64, was 0; fix that attribute of"
                + " @PtcheckProperty");
        assertConfigError(Samples.FailOnViolationWithoutSequence.class, "failOnViolation = false only applies to a"
                + " property over sequences");
    }

    @Test
    void aParameterPtcheckCannotGiveFailsNamingTheFix() {
        assertParameterError(Samples.VectorOfIntegers.class, "@PtcheckProperty on Samples$VectorOfIntegers#m:"
                + " parameter [io.vavr.collection.Vector<java.lang.Integer> arg0]: a Vector parameter must be"
                + " Vector<Op> (the try's operations)");
        assertParameterError(Samples.ListOfOps.class, "@PtcheckProperty on Samples$ListOfOps#m: parameter"
                + " [java.util.List<io.github.ptcheck.op.Op> arg0]: take the operations as io.vavr.collection.Vector<Op>"
                + " or Sequence");
        assertParameterError(Samples.JavaUtilVector.class, "@PtcheckProperty on Samples$JavaUtilVector#m: parameter"
                + " [java.util.Vector<io.github.ptcheck.op.Op> arg0]: that is java.util.Vector; take the operations as"
                + " io.vavr.collection.Vector<Op> (import io.vavr.collection.Vector) or as Sequence");
        assertParameterError(Samples.StringParameter.class, "@PtcheckProperty on Samples$StringParameter#m: No"
                + " ParameterResolver registered for parameter [java.lang.String arg1]");
        assertParameterError(Samples.StringParameter.class, "ptcheck gives Sequence, Vector<Op>"
                + " (io.vavr.collection.Vector) or Outcome");
        assertParameterError(Samples.ReportWithSequence.class, "parameter [CellReport arg1] is given only when the"
                + " invariants are the property");
        assertParameterError(Samples.WrongStrategyType.class, "cannot take the property's strategy powerpc-refcount-v2"
                + " (a io.github.ptcheck.strategy.powerpc.PowerpcRefcount); declare it as Strategy or as that class");
    }

    @Test
    void aStrategyThatThrowsFailsTheTestWithTheTryAndTheCause() throws Exception {
        int first = firstTryThatDefers();
        for (String method : List.of("invariants", "sequences")) {
            EngineExecutionResults r = runMethod(Samples.ThrowingStrategy.class, method);
            Throwable t = failureOf(r);
            String msg = t.getMessage();
            assertTrue(msg.startsWith("strategy 'throws-on-defer' threw in pte_free_defer at step "), msg);
            assertTrue(msg.contains("This is an error of the strategy, not a verdict on its scheme"), msg);
            // The operations as run, the freeDeferred it threw in last (in both styles, as the Runner says them).
            assertTrue(msg.contains("while checking the " + TryNumber.ordinal(first) + " of seed 0 (the default"
                    + " seed), on these operations as run (the teardown follows them):\n"), msg);
            assertTrue(msg.matches("(?s).*\n    freeDeferred t\\d+\nTo reproduce:\n.*"), msg);
            assertTrue(msg.contains("mvn test -Dtest='Samples$ThrowingStrategy#" + method + "' -Dptcheck.seed=0"), msg);
            assertInstanceOf(IllegalStateException.class, t.getCause());
            assertEquals("pte_free_defer is not written yet", t.getCause().getMessage());
        }
    }

    /**
     * A strategy that throws only under a PCT schedule: the test fails with what the Runner found
     * (its try, the operations as run, the schedule), and runs no try again to look for it, which
     * a run of each try whole never finds.
     */
    @Test
    void aStrategyFailureUnderAScheduleIsReportedAsTheRunnerFoundItWithItsSchedule() {
        Renamed.CountsAllocs.takeAllocs(Renamed.ThrowsWhileAnotherHoldsTheLock.class);
        Throwable t = failureOf(runMethod(Samples.ThrowingUnderASchedule.class, "invariants"));
        long calls = Renamed.CountsAllocs.takeAllocs(Renamed.ThrowsWhileAnotherHoldsTheLock.class);
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new Runner(CheckConfig.defaults()
                .withPreemptions(2)).check(new Cell(Presets.POWERPC64_HASH_64K,
                new Renamed.ThrowsWhileAnotherHoldsTheLock())));
        assertTrue(f.schedule().isDefined() && f.sequence().isDefined() && f.tryIndex() >= 0, f::getMessage);
        assertReportsTheRunnersFailure(t, f, "Samples$ThrowingUnderASchedule#invariants");
        assertTrue(t.getMessage().contains("\n  overlapped on two CPUs under the schedule "
                + Schedule.parse(f.schedule().get()).explained() + "\n"), t.getMessage());
        assertEquals(Renamed.CountsAllocs.takeAllocs(Renamed.ThrowsWhileAnotherHoldsTheLock.class), calls,
                "the extension calls pte_alloc_one as often as the Runner alone: it runs no try a second time");
        // A property over sequences, whose tries pass run whole, reports it the same: its interleavings are the Runner's.
        assertReportsTheRunnersFailure(failureOf(runMethod(Samples.ThrowingUnderASchedule.class, "sequences")), f,
                "Samples$ThrowingUnderASchedule#sequences");
    }

    /**
     * A strategy that throws only while the Runner shrinks a violation (on the traced run of the
     * shrunk sequence, here): the test names the try being shrunk and the operations it threw on,
     * as the Runner found them, and runs no try again.
     */
    @Test
    void aStrategyFailureWhileShrinkingIsReportedWithTheTryAndTheOperationsItFailedOn() {
        Renamed.CountsAllocs.takeAllocs(Renamed.ThrowsWhenTraced.class);
        Throwable t = failureOf(runMethod(Samples.ThrowingWhileShrinking.class, "invariants"));
        long calls = Renamed.CountsAllocs.takeAllocs(Renamed.ThrowsWhenTraced.class);
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new Runner(CheckConfig.defaults())
                .check(new Cell(Presets.POWERPC64_HASH_64K, new Renamed.ThrowsWhenTraced())));
        assertEquals("alloc mm0; alloc mm0; freeDeferred t0", f.sequence().getOrNull(), "the shrunk sequence, up to"
                + " the throw");
        assertReportsTheRunnersFailure(t, f, "Samples$ThrowingWhileShrinking#invariants");
        assertFalse(t.getMessage().contains("overlapped"), t.getMessage());
        assertEquals(Renamed.CountsAllocs.takeAllocs(Renamed.ThrowsWhenTraced.class), calls,
                "the extension calls pte_alloc_one as often as the Runner alone: it runs no try a second time");
    }

    /**
     * The same with the body as the property: the strategy throws in the shrinker's traced run of
     * the shrunk try, and the test names the try being shrunk and the operations it threw on, as
     * the Runner does.
     */
    @Test
    void aStrategyFailureWhileShrinkingTheBodysTryIsReportedWithTheTryAndTheOperationsItFailedOn() {
        Throwable t = failureOf(runMethod(Samples.ThrowingWhileShrinking.class, "sequences"));
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new Runner(CheckConfig.defaults())
                .check(new Cell(Presets.POWERPC64_HASH_64K, new Renamed.ThrowsWhenTraced())));
        assertReportsTheRunnersFailure(t, f, "Samples$ThrowingWhileShrinking#sequences");
        assertTrue(t.getMessage().contains("\n    alloc mm0\n    alloc mm0\n    freeDeferred t0\nTo reproduce:"),
                t.getMessage());
    }

    /**
     * The same when the strategy throws, or loops, in the traced run of the try as it first
     * failed, which the report shows when the shrunk try's traced run fails otherwise: the
     * operations it failed on, up to the one it failed in.
     */
    @Test
    void aStrategyFailureWhileTheBodysFirstFailureIsTracedIsReportedWithTheOperationsItFailedOn() {
        for (String method : List.of("sequences", "spinning")) {
            Renamed.ThrowsWhenTracedAgain.traced = 0;
            String msg;
            try {
                msg = failureOf(runMethod(Samples.ThrowingWhenTheFirstFailureIsTraced.class, method)).getMessage();
            } finally {
                Renamed.SpinsOnDefer.release();
            }
            assertTrue(msg.startsWith(method.equals("sequences") ? "strategy 'throws-when-traced-again' threw"
                    : "strategy 'spins-when-traced-again' did not return within 1 s"), msg);
            assertTrue(msg.contains(" in pte_free_defer at step 12 (freeDeferred t22)"), msg);
            assertTrue(msg.contains("while checking the 2nd try of seed 0 (the default seed), on these operations"
                    + " as run"), msg);
            assertTrue(msg.contains("\n    freeDeferred t22\nTo reproduce:"), msg);
        }
    }

    /**
     * The failure message of {@code test} says what the Runner's {@code f} says: its message, the
     * try and the seed, the operations as run, and the reproduce line naming that try; with the
     * strategy's exception as the cause.
     */
    private static void assertReportsTheRunnersFailure(Throwable t, StrategyFailure f, String test) {
        String msg = t.getMessage();
        String ordinal = TryNumber.ordinal(f.tryIndex());
        assertTrue(msg.startsWith(f.getMessage() + "\n"), "expected:\n" + f.getMessage() + "\nwas:\n" + msg);
        assertTrue(msg.contains("\n  while checking the " + ordinal + " of seed 0 (the default seed), on these"
                + " operations as run (the teardown follows them):\n    " + f.sequence().get().replace("; ", "\n    ") + "\n"), msg);
        assertTrue(msg.contains("To reproduce:\n  mvn test -Dtest='" + test + "' -Dptcheck.seed=0\n"), msg);
        assertTrue(msg.contains("the same seed generates the same tries, so the " + ordinal + " fails again)"), msg);
        assertInstanceOf(IllegalStateException.class, t.getCause());
        assertEquals(f.getCause().getMessage(), t.getCause().getMessage());
    }

    /** The first try of seed 0 on x86_64 whose generation reaches pte_free_defer. */
    private static int firstTryThatDefers() {
        io.github.ptcheck.gen.Generator gen = Sequences.of(Presets.X86_64, new Renamed.ThrowsOnDefer());
        int first = 0;
        for (boolean thrown = false; !thrown; ) {
            try {
                gen.sample(0, first);
                first++;
                assertTrue(first < CheckConfig.DEFAULT_TRIES, "no try reaches pte_free_defer");
            } catch (StrategyFailure expected) {
                thrown = true;
            }
        }
        return first;
    }

    @Test
    void aStrategyCallThatNeverReturnsFailsTheTestAfterTheCallTimeout() {
        int first = firstTryThatDefers();
        try {
            for (String method : List.of("invariants", "sequences")) {
                String msg = failureOf(runMethod(Samples.HangingStrategy.class, method)).getMessage();
                // The watcher gave up on the call in that try, and says so in both styles; the call is not made again.
                assertTrue(msg.contains("\n  while checking the " + TryNumber.ordinal(first) + " of seed 0 (the"
                        + " default seed), on these operations as run (the teardown follows them):\n"), msg);
                assertTrue(msg.startsWith("strategy 'spins-on-defer' did not return within 1 s (the call timeout;"
                        + " ptcheck gave up on it and left its thread running until the JVM exits) in pte_free_defer at"
                        + " step "), msg);
                assertTrue(msg.contains(". If it is only slow, raise callTimeout in @PtcheckProperty (now 1 s).\n"), msg);
                assertTrue(msg.contains("This is an error of the strategy, not a verdict on its scheme"), msg);
                Renamed.SpinsOnDefer.release();
            }
        } finally {
            Renamed.SpinsOnDefer.release();
        }
        assertConfigError(Samples.NoCallTimeout.class, "callTimeout must be positive, was 0 s (the default is 10 s);"
                + " fix that attribute of @PtcheckProperty");
    }

    /**
     * The body is the property, and the strategy loops in a call on a try past the first (while
     * that try is generated): the test fails after one call timeout (the try is not run again to
     * find where), naming the try, its operations as run up to the call (as the invariants style
     * does) and the reproduce line that fails on that try.
     */
    @Test
    void aStrategyCallThatNeverReturnsInTheBodysTriesNamesItsTryAndOperations() {
        int first = firstTryThatDefers();
        assertTrue(first > 0, "the strategy must loop on a try past the first, not the " + TryNumber.ordinal(first));
        // The operations of that try up to the pte_free_defer that loops: those a strategy that throws there meets.
        io.github.ptcheck.gen.Walk walk = Sequences.of(Presets.X86_64, new Renamed.ThrowsOnDefer()).walk(0, first);
        StrategyFailure thrown = assertThrows(StrategyFailure.class, () -> {
            while (!walk.done()) {
                walk.step();
            }
        });
        String ops = Vector.of(thrown.during(first, walk.ops(), true).sequence().get().split("; "))
                .map(op -> "    " + op + "\n").mkString();
        assertTrue(ops.matches("(?s).*\n    freeDeferred t\\d+\n"), ops);
        Renamed.SpinsOnDefer.SPINS.set(0);
        long start = System.nanoTime();
        String msg;
        try {
            msg = failureOf(runMethod(Samples.HangingStrategy.class, "sequences")).getMessage();
        } finally {
            Renamed.SpinsOnDefer.release();
        }
        long millis = (System.nanoTime() - start) / 1_000_000L;
        assertTrue(msg.startsWith("strategy 'spins-on-defer' did not return within 1 s (the call timeout; ptcheck gave"
                + " up on it and left its thread running until the JVM exits) in pte_free_defer at step "
                + (walk.ops().size() + 1) + " "), msg);
        assertTrue(msg.contains("\n  while checking the " + TryNumber.ordinal(first) + " of seed 0 (the default seed),"
                + " on these operations as run (the teardown follows them):\n" + ops + "To reproduce:\n"), msg);
        assertTrue(msg.contains("mvn test -Dtest='Samples$HangingStrategy#sequences' -Dptcheck.seed=0\n"), msg);
        assertTrue(msg.contains("the same seed generates the same tries, so the " + TryNumber.ordinal(first)
                + " fails again)"), msg);
        // One call timeout (1 s), not a second one spent running the tries again to look for the try.
        assertTrue(millis >= 1000, "took " + millis + " ms");
        assertEquals(1, Renamed.SpinsOnDefer.SPINS.get(), "calls that spun");
    }

    /**
     * The body is the property and the strategy loops while its failing try is shrunk: in the
     * shrinker's run of the try itself, or of a smaller sequence. The test fails naming the try
     * being shrunk and the operations the shrinker ran.
     */
    @Test
    void aStrategyCallThatNeverReturnsWhileShrinkingTheBodysTryNamesTheTry() {
        int first = firstTryThatDefers();
        for (String method : List.of("tryItself", "candidate")) {
            Samples.HangingWhileShrinking.failedOn = 0;
            String msg;
            try {
                msg = failureOf(runMethod(Samples.HangingWhileShrinking.class, method)).getMessage();
            } finally {
                Renamed.SpinsOnDeferWhenArmed.armed = false;
                Renamed.SpinsOnDefer.release();
            }
            assertTrue(msg.startsWith("strategy 'spins-when-armed' did not return within 1 s (the call timeout;"), msg);
            assertTrue(msg.contains("\n  while checking the " + TryNumber.ordinal(first) + " of seed 0 (the default"
                    + " seed), on these operations as run (the teardown follows them):\n"), msg);
            assertTrue(msg.matches("(?s).*\n    freeDeferred t\\d+\nTo reproduce:\n.*"), msg);
            assertTrue(msg.contains(", so the " + TryNumber.ordinal(first) + " fails again)"), msg);
        }
    }

    /** The user's code that runs before any try (creating the strategy, serves()) is watched as a routine is. */
    @Test
    void aStrategyClassThatLoopsOrThrowsBeforeTheTriesFailsTheTestNamingTheFix() {
        try {
            assertConfigError(Samples.LoopingConstructor.class, "strategy 'io.github.ptcheck.junit.Renamed$SpinsIn"
                    + "Constructor' did not return within 1 s (the call timeout; ptcheck gave up on it and left its"
                    + " thread running until the JVM exits) in constructor. Fix the strategy: its constructor must"
                    + " finish promptly, never throw or loop");
            assertConfigError(Samples.LoopingConstructor.class, "If it is only slow, raise callTimeout in"
                    + " @PtcheckProperty (now 1 s).");
            Renamed.SpinsOnDefer.release();
            assertConfigError(Samples.LoopingServes.class, "strategy 'spins-in-serves' did not return within 1 s (the"
                    + " call timeout; ptcheck gave up on it and left its thread running until the JVM exits) in"
                    + " serves(x86_64). Fix the strategy: serves() must return its answer promptly");
        } finally {
            Renamed.SpinsOnDefer.release();
        }
        Throwable t = containerFailureOf(run(Samples.ThrowingStaticInitializer.class));
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertEquals("@PtcheckProperty on Samples$ThrowingStaticInitializer#m: strategyClass"
                + " io.github.ptcheck.junit.Renamed$ThrowsInStaticInitializer cannot be loaded: its static initializer"
                + " threw java.lang.NumberFormatException: For input string: \"sixteen\"; fix the static fields and"
                + " blocks of the class", t.getMessage());
        // Once a class failed to initialize, the JVM says only NoClassDefFoundError: still not a bare stack trace.
        t = containerFailureOf(run(Samples.ThrowingStaticInitializer.class));
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertTrue(t.getMessage().contains("Renamed$ThrowsInStaticInitializer cannot be loaded"
                + " (java.lang.NoClassDefFoundError: "), t.getMessage());
    }

    /**
     * JUnit would run a property that is also a @Test, @RepeatedTest or @ParameterizedTest as a plain method too
     * (its empty body passing); every run of it fails instead, saying which annotation to remove.
     */
    @Test
    void aPropertyThatIsAlsoAnotherKindOfTestFailsEveryWayItRuns() {
        Map<Class<?>, String> samples = Map.of(Samples.RepeatedToo.class, "@RepeatedTest", Samples.TestToo.class,
                "@Test", Samples.ParameterizedToo.class, "@ParameterizedTest");
        for (Class<?> sample : samples.keySet()) {
            String annotation = samples.get(sample);
            // JUnit warns of a @Test that is also a test template, as this sample is on purpose: its
            // warning goes here rather than into every build's log, and must name the sample.
            java.util.List<String> warned = new java.util.ArrayList<>();
            EngineExecutionResults r = withJUnitDiscoveryWarnings(warned, () -> run(sample));
            if (sample == Samples.TestToo.class) {
                assertTrue(warned.stream().anyMatch(w -> w.contains("Samples$TestToo")), warned::toString);
            }
            assertEquals(0, r.testEvents().succeeded().count(), sample::getSimpleName);
            List<Throwable> failures = java.util.stream.Stream.concat(r.testEvents().failed().stream(),
                    r.containerEvents().failed().stream())
                    .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                    .collect(Collectors.toList());
            assertFalse(failures.isEmpty(), sample::getSimpleName);
            for (Throwable t : failures) {
                assertInstanceOf(ExtensionConfigurationException.class, t, sample::getSimpleName);
                assertTrue(t.getMessage().startsWith("@PtcheckProperty on Samples$" + sample.getSimpleName() + "#m:"
                        + " the method is also annotated with " + annotation + ", so JUnit would run it that way too,"
                        + " as a plain method: its body alone, with no try and no invariant checked. Remove "
                        + annotation + ": @PtcheckProperty is a test on its own"), t.getMessage());
            }
        }
    }

    /** docs/junit.md shows the two failures as they are: how each was found and what it shrank to. */
    @Test
    void theFailuresInTheDocsAreTheRealOnes() throws IOException {
        String doc = Files.readString(Path.of("../docs/junit.md"));
        for (Class<?> sample : List.of(Samples.NaiveOnHash.class, Samples.NeverThreeDeferred.class)) {
            String msg = failureOf(run(sample)).getMessage();
            int from = msg.indexOf("  found by the ");
            String found = msg.substring(from, msg.indexOf("  counterexample file: ", from));
            assertTrue(doc.contains("\n" + found), "docs/junit.md must show, for " + sample.getSimpleName() + ":\n"
                    + found);
            String again = msg.substring(msg.indexOf("the same seed generates the same tries"), msg.indexOf(")\n",
                    msg.indexOf("the same seed generates")));
            assertTrue(doc.contains(again), "docs/junit.md must say: " + again);
        }
    }

    // ------------------------------------------------------------ helpers

    /** {@code run}, with what JUnit's launcher logs of the issues it met in discovery added to {@code warned}. */
    private static <T> T withJUnitDiscoveryWarnings(java.util.List<String> warned, java.util.function.Supplier<T> run) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(
                "org.junit.platform.launcher.core.DiscoveryIssueNotifier");
        java.util.logging.Handler keep = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warned.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parents = log.getUseParentHandlers();
        log.addHandler(keep);
        log.setUseParentHandlers(false);
        try {
            return run.get();
        } finally {
            log.removeHandler(keep);
            log.setUseParentHandlers(parents);
        }
    }

    private EngineExecutionResults run(Class<?> sample, String... keyValues) {
        return execute(sample, null, keyValues);
    }

    private EngineExecutionResults runMethod(Class<?> sample, String method) {
        return execute(sample, method);
    }

    private EngineExecutionResults execute(Class<?> sample, String method, String... keyValues) {
        EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true");
        if (sample != Samples.NaiveOnHash.class) {
            b = b.configurationParameter(Property.DIR_KEY, dir.toString());
        }
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            b = b.configurationParameter(keyValues[i], keyValues[i + 1]);
        }
        if (method == null) {
            b = b.selectors(selectClass(sample));
        } else {
            Method m = List.of(sample.getDeclaredMethods()).stream().filter(x -> x.getName().equals(method))
                    .findFirst().orElseThrow();
            b = b.selectors(selectMethod(sample, m));
        }
        return b.execute();
    }

    @Test
    void preemptionsRunTheTriesInterleavedAndTheFailureShowsTheSchedule() {
        String msg = failureOf(run(Samples.UnlockedCursorInterleaved.class)).getMessage();
        assertTrue(msg.contains("DOUBLE_ALLOC"), msg);
        assertTrue(msg.contains("schedule: "), msg);
        assertTrue(msg.contains("interleaved: schedule "), "how it was found names the schedule: " + msg);
        assertTrue(msg.contains("CPU A") && msg.contains("CPU B"), msg);
    }

    /**
     * A property over sequences with interleavings: the body sees the sequential runs, and the interleaved runs of
     * the same tries are judged by the invariants, as the invariants-as-property style judges them.
     */
    @Test
    void interleavingsOfAPropertyOverSequencesAreJudgedByTheInvariants() {
        Samples.UnlockedCursorInterleavedOverSequences.TRIES.clear();
        String msg = failureOf(run(Samples.UnlockedCursorInterleavedOverSequences.class)).getMessage();
        String invariants = failureOf(run(Samples.UnlockedCursorInterleaved.class)).getMessage();
        // The same finding as the invariants' own check: the same tries, the same schedules.
        String found = invariants.substring(0, invariants.indexOf("  counterexample file: "));
        assertTrue(msg.startsWith(found), "expected:\n" + found + "\nwas:\n" + msg);
        assertTrue(msg.contains("interleaved: schedule "), msg);
        assertEquals(CheckConfig.DEFAULT_TRIES, Samples.UnlockedCursorInterleavedOverSequences.TRIES.size(),
                "the body ran on every try's sequential run first");

        assertConfigError(Samples.InterleavingsJudgedByTheBody.class, "interleavings = true goes with failOnViolation"
                + " = true");
    }

    /**
     * Interleavings add to a property over sequences the PCT runs of its tries, exactly: the Runner
     * that judges them takes the tries as the body's check ran them, and runs none whole again.
     */
    @Test
    void interleavingsAddOnlyThePctRunsOfTheTriesTheBodySaw() {
        Class<Renamed.CountedRefcount> counted = Renamed.CountedRefcount.class;
        Renamed.CountsAllocs.takeAllocs(counted);
        runMethod(Samples.CountedOverSequences.class, "whole").testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
        long whole = Renamed.CountsAllocs.takeAllocs(counted);
        runMethod(Samples.CountedOverSequences.class, "interleaved").testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
        long interleaved = Renamed.CountsAllocs.takeAllocs(counted);

        // The PCT runs of the same tries, as the Runner makes them.
        Strategy strategy = new Renamed.CountedRefcount();
        Vector<Vector<Op>> tries = Sequences.of(Presets.POWERPC64_HASH_64K, strategy).bounds(Bounds.DEFAULT)
                .maxLength(CheckConfig.DEFAULT_MAX_LENGTH).samples(CheckConfig.DEFAULT_SEED,
                        Samples.CountedOverSequences.TRIES);
        Renamed.CountsAllocs.takeAllocs(counted);
        Pct pct = new Pct(new Executor(Presets.POWERPC64_HASH_64K, strategy), 1);
        for (int i = 0; i < tries.size(); i++) {
            assertTrue(pct.run(tries.get(i), CheckConfig.DEFAULT_SEED, i).passed(), "try " + i);
        }
        long pctRuns = Renamed.CountsAllocs.takeAllocs(counted);
        assertEquals(whole + pctRuns, interleaved, "pte_alloc_one calls: " + whole + " for the tries and the body, "
                + pctRuns + " for their PCT runs");
    }

    /** Under JUnit's parallel execution, properties and presets running at once, each fails as it does alone. */
    @Test
    void inParallelEachPropertyFailsAsItDoesAlone() {
        List<Class<?>> samples = List.of(Samples.TwoPresets.class, Samples.PageActiveBreaksTwo.class,
                Samples.NeverThreeDeferred.class, Samples.MyNaiveByClass.class);
        Map<String, String> alone = new java.util.TreeMap<>();
        for (Class<?> sample : samples) {
            alone.putAll(failures(run(sample)));
        }
        EngineExecutionResults together = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .configurationParameter(Property.DIR_KEY, dir.toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(samples.stream().map(c -> selectClass(c))
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
        assertEquals(5, alone.size(), alone::toString);
        assertEquals(alone, failures(together));
    }

    /** Each failed test's message, by its class and display name. */
    private static Map<String, String> failures(EngineExecutionResults r) {
        return r.testEvents().failed().stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getUniqueId().toString() + " " + e.getTestDescriptor().getDisplayName(),
                e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage()));
    }

    private static List<String> testNames(EngineExecutionResults r) {
        return r.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName())
                .collect(Collectors.toList());
    }

    private static Throwable failureOf(EngineExecutionResults r) {
        List<Event> failed = r.testEvents().failed().list();
        assertEquals(1, failed.size(), () -> "failed tests: " + failed);
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static Throwable containerFailureOf(EngineExecutionResults r) {
        List<Event> failed = r.containerEvents().failed().list();
        assertEquals(1, failed.size(), () -> "failed containers: " + failed);
        assertEquals(0, r.testEvents().started().count(), "no try runs when the annotation is wrong");
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private void assertConfigError(Class<?> sample, String part) {
        Throwable t = containerFailureOf(run(sample));
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertTrue(t.getMessage().startsWith("@PtcheckProperty on Samples$" + sample.getSimpleName() + "#m: "),
                t.getMessage());
        assertTrue(t.getMessage().contains(part), t.getMessage());
    }

    private void assertParameterError(Class<?> sample, String part) {
        Throwable t = failureOf(run(sample));
        assertInstanceOf(ParameterResolutionException.class, t);
        assertTrue(t.getMessage().contains(part), t.getMessage());
        assertFalse(t.getMessage().isEmpty());
    }

    private static io.github.ptcheck.cex.CounterexampleFile readUnchecked(Path file) {
        try {
            return io.github.ptcheck.cex.CounterexampleFile.read(file, io.github.ptcheck.cex.Catalog.builtIn());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
