package io.github.ptcheck.cex;

import io.github.ptcheck.Version;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest {

    /** The counterexample of the LKML thread (seeds/lkml-pte_free_defer-2023-06-01.txt). */
    private static final String NAIVE = "preset: powerpc64-hash-64k\n"
            + "strategy: powerpc-naive-v1\n"
            + "violation: RCU_HEAD_REUSE step=4 page=0\n"
            + "\n"
            + "alloc mm0\n"
            + "alloc mm0\n"
            + "freeDeferred t0\n"
            + "freeDeferred t1\n";

    private static CounterexampleFile file(String text) {
        return CounterexampleFile.parse(text, "bug.ptcheck", Catalog.builtIn());
    }

    @Test
    void theNaivePowerpcDoubleCallRcuIsReproduced() {
        ReplayResult r = Replay.builtIn().replay(file(NAIVE));
        assertEquals(ReplayResult.Verdict.REPRODUCED, r.verdict());
        assertTrue(r.reproduced());
        Violation v = r.outcome().violation().get();
        assertEquals(Invariant.RCU_HEAD_REUSE, v.invariant());
        assertEquals(4, v.step());
        assertEquals(0, v.pfn());
        assertEquals(4, r.outcome().steps().size(), "traced: one step per operation up to the violation");
        assertTrue(r.skipped().isEmpty());
        assertEquals("powerpc-naive-v1@powerpc64-hash-64k", r.cell().name());
        assertTrue(r.explanation().startsWith("reproduced on powerpc-naive-v1 on powerpc64-hash-64k:"
                + " RCU_HEAD_REUSE at step 4 on page 0"), r.explanation());
    }

    @Test
    void aSafeStrategyDoesNotReproduceAndTheResultSaysWhy() {
        String text = NAIVE.replace("powerpc64-hash-64k", "x86_64").replace("powerpc-naive-v1", "generic-v6.6")
                .replace("step=4 page=0", "step=4 page=0\nptcheck: 0.0.1");
        ReplayResult r = Replay.builtIn().replay(file(text));
        assertEquals(ReplayResult.Verdict.NOT_REPRODUCED, r.verdict());
        assertTrue(r.outcome().passed());
        assertEquals("not reproduced: the file records RCU_HEAD_REUSE at step 4, but generic-v6.6 on x86_64 passed:"
                + " the strategy is fixed, or the model changed (the file was written by ptcheck 0.0.1; this is"
                + " ptcheck " + Version.current() + ")", r.explanation());
    }

    /**
     * A file ptcheck wrote records the checksum of its preset, strategy and operations: a replay
     * that does not reproduce says whether a person edited them (the likelier cause) or not.
     */
    @Test
    void aReplayThatFailsToReproduceSaysWhetherTheFileWasEdited(@TempDir Path dir) throws IOException {
        Counterexample written = Counterexample.parse(NAIVE, "naive.ptcheck");
        String text = written.text("");
        assertTrue(text.contains("\n# checksum " + WrittenChecksum.of(written) + " "), text);
        Path asWritten = dir.resolve("as-written.ptcheck");
        Files.writeString(asWritten, text.replace("powerpc-naive-v1", "powerpc-refcount-v2"));
        Path edited = dir.resolve("edited.ptcheck");
        Files.writeString(edited, text.replace("freeDeferred t1\n", ""));

        ReplayResult e = Replay.builtIn().replay(edited);
        assertEquals(ReplayResult.Verdict.NOT_REPRODUCED, e.verdict());
        assertTrue(e.explanation().contains("passed: the file was edited since ptcheck wrote it"), e.explanation());
        assertTrue(e.explanation().contains("which is the likelier cause"), e.explanation());

        // The strategy's name was changed too, so the checksum tells that edit as well ...
        ReplayResult renamed = Replay.builtIn().replay(asWritten);
        assertTrue(renamed.explanation().contains("the file was edited"), renamed.explanation());
        // ... and a file as ptcheck wrote it, run against a changed strategy, says so.
        Counterexample refcount = written.withStrategy("powerpc-refcount-v2");
        Path unchanged = dir.resolve("unchanged.ptcheck");
        Files.writeString(unchanged, refcount.text(""));
        ReplayResult u = Replay.builtIn().replay(unchanged);
        assertEquals(ReplayResult.Verdict.NOT_REPRODUCED, u.verdict());
        assertTrue(u.explanation().contains("passed: the file's sequence is as ptcheck wrote it, so the strategy or"
                + " the model changed"), u.explanation());

        // The checksum does not cover the violation: line, so an edit there is named as a cause.
        Path relabelled = dir.resolve("relabelled.ptcheck");
        Files.writeString(relabelled, text.replace("RCU_HEAD_REUSE", "USE_AFTER_FREE"));
        ReplayResult r = Replay.builtIn().replay(relabelled);
        assertEquals(ReplayResult.Verdict.DIFFERENT_VIOLATION, r.verdict(), r.explanation());
        assertTrue(r.explanation().contains("or its violation: line was edited"), r.explanation());
    }

    @Test
    void anotherStepOrInvariantOrAViolationWhereNoneWasRecordedIsDifferent() {
        ReplayResult otherStep = Replay.builtIn().replay(file(NAIVE.replace("step=4", "step=3")));
        assertEquals(ReplayResult.Verdict.DIFFERENT_VIOLATION, otherStep.verdict());
        assertTrue(otherStep.explanation().startsWith("different violation: the file records RCU_HEAD_REUSE at step 3,"
                + " but on powerpc-naive-v1 on powerpc64-hash-64k the replay found RCU_HEAD_REUSE at step 4"),
                otherStep.explanation());
        ReplayResult otherInvariant = Replay.builtIn().replay(file(NAIVE.replace("RCU_HEAD_REUSE", "LEAK")));
        assertEquals(ReplayResult.Verdict.DIFFERENT_VIOLATION, otherInvariant.verdict());
        ReplayResult noneRecorded = Replay.builtIn().replay(file(NAIVE.replace("RCU_HEAD_REUSE step=4 page=0", "none")));
        assertEquals(ReplayResult.Verdict.DIFFERENT_VIOLATION, noneRecorded.verdict());
        assertTrue(noneRecorded.explanation().startsWith("different violation: the file records no violation"),
                noneRecorded.explanation());
    }

    @Test
    void aPassRecordedAsNoneIsReproducedByAPass() {
        ReplayResult r = Replay.builtIn().replay(file("preset: x86_64\nstrategy: generic-v6.6\nviolation: none\n"
                + "alloc mm0\nalloc mm0\nfreeDeferred t0\nfreeDeferred t1\n"));
        assertEquals(ReplayResult.Verdict.REPRODUCED, r.verdict());
        assertEquals("reproduced: generic-v6.6 on x86_64 passed, as recorded", r.explanation());
    }

    @Test
    void aTableNeverAllocatedIsSkippedByReplayAndRejectedByStrictReplay() {
        String text = NAIVE.replace("freeDeferred t1\n", "freeDeferred t3\nfreeDeferred t1\n");
        CounterexampleFile f = file(text);
        assertEquals(1, f.unallocated().size());

        ReplayResult lenient = Replay.builtIn().replay(f);
        assertEquals(1, lenient.skipped().size());
        assertEquals("line 8: freeDeferred t3 skipped (t3 was never allocated)", lenient.skipped().head().toString());
        // The skipped operation still counts as a step: the violation moved from step 4 to step 5.
        assertEquals(5, lenient.outcome().violation().get().step());
        assertEquals(ReplayResult.Verdict.DIFFERENT_VIOLATION, lenient.verdict());
        assertTrue(lenient.explanation().endsWith(". 1 operation was skipped: line 8: freeDeferred t3 skipped"
                + " (t3 was never allocated)"), lenient.explanation());

        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> Replay.builtIn().replayStrict(f));
        assertEquals("bug.ptcheck:8:14: t3 was never allocated: only 2 alloc lines come before it, naming t0 to t1"
                + " (tables are named t0, t1, ... in the order of their alloc)", e.getMessage());
        assertEquals("bug.ptcheck:5:6: t0 was never allocated: no alloc line comes before it (tables are named t0,"
                        + " t1, ... in the order of their alloc)",
                assertThrows(CounterexampleFormatException.class, () -> Replay.builtIn().replayStrict(
                        file(NAIVE.replace("alloc mm0\nalloc mm0\n", "free t0\n")))).getMessage());
    }

    @Test
    void strictReplayAlsoRejectsATableWhoseAllocDidNotRun() {
        // Two alloc lines come before 'free t1', but the second does not run: mm0 has exited.
        CounterexampleFile f = file("preset: x86_64\nstrategy: generic-v6.6\nviolation: none\n"
                + "alloc mm0\nexitMm mm0\nalloc mm0\nfree t1\n");
        assertTrue(f.unallocated().isEmpty());
        assertEquals(2, Replay.builtIn().replay(f).skipped().size());
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> Replay.builtIn().replayStrict(f));
        assertEquals("bug.ptcheck:7:6: t1 was never allocated when this line ran: an alloc before it did not run"
                + " (line 6: alloc mm0 skipped (mm0 has exited))", e.getMessage());
    }

    @Test
    void anUnknownStrategyIsAnErrorAtItsLine() {
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> Replay.builtIn().replay(file(NAIVE.replace("powerpc-naive-v1", "powerpc-naive-v2"))));
        assertEquals(2, e.line());
        assertEquals(11, e.column());
        assertTrue(e.getMessage().startsWith("bug.ptcheck:2:11: unknown strategy 'powerpc-naive-v2'; expected one of: "
                + Strategies.names() + ", or supply yours with Catalog.withStrategy(...)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(did you mean 'powerpc-naive-v1'?)"), e.getMessage());
    }

    /** A front end says how to add a strategy in its own words, not the Java API's. */
    @Test
    void anUnknownStrategySaysHowToAddOneInTheCallersWords() {
        Replay cli = Replay.builtIn().withHowToAddStrategy("load yours with --strategy-path and --strategy-class");
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> cli.replay(file(NAIVE.replace("powerpc-naive-v1", "my-strategy"))));
        assertEquals("bug.ptcheck:2:11: unknown strategy 'my-strategy'; expected one of: " + Strategies.names()
                + ", or load yours with --strategy-path and --strategy-class", e.getMessage());
    }

    /** A user's strategy: the generic scheme, but pte_free_defer frees at once (no grace period). */
    static final class EagerFree implements Strategy {
        private final Strategy generic = Strategies.named("generic-v6.6");

        public String name() {
            return "eager-free";
        }

        public String source() {
            return "a test: pte_free_defer without call_rcu";
        }

        public boolean serves(Preset preset) {
            return preset.tablesPerPage() == 1;
        }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return generic.pteAllocOne(m, mm);
        }

        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return generic.pteFree(m, t);
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

        public String describe(Page page) {
            return "";
        }
    }

    @Test
    void callersSupplyTheirOwnStrategiesAndPresets(@TempDir Path dir) throws IOException {
        Preset mine = Preset.of("mine", "x86", 4096, 4096);
        Catalog catalog = Catalog.builtIn().withStrategy(new EagerFree()).withPreset(mine);
        Path p = dir.resolve("eager.ptcheck");
        Files.writeString(p, "preset: mine\nstrategy: eager-free\nviolation: USE_AFTER_FREE step=4 page=0\n"
                + "alloc mm0\nreadLock cpu0\nlookup cpu0 t0\nfreeDeferred t0\n", StandardCharsets.UTF_8);
        ReplayResult r = new Replay(catalog).replay(p);
        assertEquals(ReplayResult.Verdict.REPRODUCED, r.verdict(), r.explanation());
        assertEquals(mine, r.cell().preset());
        assertEquals(Invariant.USE_AFTER_FREE, r.outcome().violation().get().invariant());

        // Without the catalog the file cannot be read (its preset) or run (its strategy).
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> Replay.builtIn().replay(p));
        assertTrue(e.getMessage().startsWith(p + ":1:9: expected a known preset"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Catalog.builtIn().withStrategy(new EagerFree())
                .withStrategy(new EagerFree()), "two different strategies under one name");
        assertThrows(IllegalArgumentException.class,
                () -> Catalog.builtIn().withPreset(Preset.of("x86_64", "x86", 4096, 2048)));
        assertFalse(Replay.builtIn().replay(file(NAIVE).counterexample().withStrategy("generic-v6.6")
                .withPreset(io.github.ptcheck.arch.Presets.X86_64)).reproduced());
    }
}
