package io.github.ptcheck.arch;

import io.github.ptcheck.TestPresets;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.cex.CounterexampleFile;
import io.github.ptcheck.cex.CounterexampleFormatException;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.gen.Generator;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.alloc;
import static io.github.ptcheck.Ops.defer;
import static io.github.ptcheck.Ops.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sparc32-srmmu has no {@code pte_free_defer()}: it is built only with THP, and arch/sparc/Kconfig
 * selects HAVE_ARCH_TRANSPARENT_HUGEPAGE for SPARC64 only. A strategy of a user's that serves the
 * preset is never offered {@code freeDeferred} (random tries, explorations), and a file or a
 * {@code run} that has one is an error naming the preset. The same geometry with
 * {@code pte_free_defer} ({@link TestPresets#SRMMU_WITH_DEFER}) shows what each check would otherwise do.
 */
class NoPteFreeDeferTest {

    /** A user's strategy for sparc32's shared pages: generic-v6.6's code, which serves neither. */
    static final class Srmmu extends ForwardingStrategy {
        Srmmu() {
            super(Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "srmmu-generic";
        }

        @Override
        public boolean serves(Preset preset) {
            return preset.arch().equals("sparc") && preset.tablesPerPage() > 1;
        }
    }

    private static final Preset SRMMU = Presets.SPARC32_SRMMU;
    private static final Preset WITH_DEFER = TestPresets.SRMMU_WITH_DEFER;

    @Test
    void onlySparc32HasNone() {
        assertFalse(SRMMU.hasPteFreeDefer());
        assertEquals(1, Presets.all().count(p -> !p.hasPteFreeDefer()), "every other built-in has it");
        assertTrue(WITH_DEFER.hasPteFreeDefer(), "a user's preset has it");
    }

    private static boolean offersFreeDeferred(Preset p) {
        Executor ex = new Executor(p, new Srmmu());
        Machine m = ex.apply(ex.boot(), alloc(0), 1).machine();
        return Alphabet.enabled(m, Bounds.DEFAULT).exists(op -> op instanceof Op.FreeDeferred);
    }

    @Test
    void theAlphabetOffersNoFreeDeferred() {
        assertFalse(offersFreeDeferred(SRMMU));
        assertTrue(offersFreeDeferred(WITH_DEFER));
    }

    private static int withFreeDeferred(Preset p) {
        Generator g = Sequences.of(p, new Srmmu());
        return g.samples(0, 50).count(ops -> ops.exists(op -> op instanceof Op.FreeDeferred));
    }

    @Test
    void noRandomTryHasOne() {
        assertEquals(0, withFreeDeferred(SRMMU));
        assertTrue(withFreeDeferred(WITH_DEFER) > 10, "most tries defer a table where it can be done");
        assertEquals(0, Sequences.of(SRMMU, new Srmmu()).walk(0, 0).profile().weight(OpKind.FREE_DEFERRED));
    }

    /** Two tables of a page deferred in one grace period break generic's code on shared pages; on sparc32 nothing does that. */
    @Test
    void anExplorationNeverDefers() {
        ExploreReport without = new Explorer(new Cell(SRMMU, new Srmmu()), Bounds.DEFAULT).explore(4);
        assertTrue(without.passed(), without::summary);
        ExploreReport with = new Explorer(new Cell(WITH_DEFER, new Srmmu()), Bounds.DEFAULT).explore(4);
        assertEquals(Invariant.RCU_HEAD_REUSE, with.finding().get().violation().invariant(), with::summary);
    }

    @Test
    void aFileWithOneIsAnErrorAtItsLine() {
        String text = "preset: sparc32-srmmu\nstrategy: generic-v6.6\nviolation: none\nalloc mm0\nfreeDeferred t0\n";
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "bug.ptcheck", Catalog.builtIn()));
        assertEquals("bug.ptcheck:5:1: freeDeferred cannot run on sparc32-srmmu: it has no pte_free_defer (sparc32"
                + " SRMMU: 64 x 4 B PTEs per table; no THP, so no pte_free_defer); free the table with free or freeTlb,"
                + " or name a preset that has it", e.getMessage());
        CounterexampleFile.parse(text.replace("freeDeferred", "free"), "bug.ptcheck", Catalog.builtIn());
    }

    /** Run from code (a JUnit @Sequence, say), it is skipped, said why, as an operation that cannot run is. */
    @Test
    void theExecutorSkipsOne() {
        Outcome o = new Executor(SRMMU, new Srmmu()).trace(seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertTrue(o.passed());
        assertEquals(2, o.skipped());
        assertTrue(o.steps().get(2).skipped().exists(s -> s.startsWith("sparc32-srmmu has no pte_free_defer")),
                o.steps()::toString);
        assertEquals(Invariant.RCU_HEAD_REUSE, new Executor(WITH_DEFER, new Srmmu()).run(seq(alloc(0), alloc(0),
                defer(0), defer(1))).violation().get().invariant());
    }

    // ------------------------------------------------------------------ a user's preset without pte_free_defer

    /** sparc32-srmmu's geometry defined by a user, as a file or a {@code @PtcheckProperty} does, with {@code pte_free_defer=no}. */
    private static final String USER_LINE = "mine arch=sparc page=4096 table=256 pte_free_defer=no";

    private static Preset userPreset(String line) {
        String text = "preset: " + line + "\nstrategy: generic-v6.6\nviolation: none\nalloc mm0\n";
        return CounterexampleFile.parse(text, "mine.ptcheck", Catalog.builtIn()).counterexample().preset();
    }

    @Test
    void aUserPresetSaysItHasNoneWithPteFreeDeferNo() {
        Preset mine = userPreset(USER_LINE);
        assertEquals(Preset.of("mine", "sparc", 4096, 256, false), mine);
        assertFalse(mine.hasPteFreeDefer());
        assertEquals("user-defined; no pte_free_defer", mine.sourceAndDefer());
        assertTrue(userPreset("mine arch=sparc page=4096 table=256").hasPteFreeDefer(), "the default: it has one");
        assertTrue(userPreset("mine arch=sparc page=4096 table=256 pte_free_defer=yes").hasPteFreeDefer());
        assertFalse(userPreset("mine pte_free_defer=\"NO\" arch=sparc page=4096 table=256").hasPteFreeDefer(),
                "any order, quoted, any case");
    }

    @Test
    void aUserPresetWithoutOneIsNeverOfferedFreeDeferredInTriesOrExplorations() {
        Preset mine = Preset.of("mine", "sparc", 4096, 256, false);
        assertFalse(offersFreeDeferred(mine));
        assertEquals(0, withFreeDeferred(mine));
        Generator wide = Sequences.of(mine, new Srmmu()).cpus(2).mms(2).maxLength(40);
        assertEquals(0, wide.samples(7, 300).count(ops -> ops.exists(op -> op instanceof Op.FreeDeferred)),
                "300 longer tries on two mms and CPUs");
        ExploreReport explored = new Explorer(new Cell(mine, new Srmmu()), Bounds.DEFAULT).explore(4);
        ExploreReport sparc32 = new Explorer(new Cell(SRMMU, new Srmmu()), Bounds.DEFAULT).explore(4);
        assertTrue(explored.passed(), explored::summary);
        assertEquals(sparc32.statesPerDepth(), explored.statesPerDepth(), "the same state space as sparc32-srmmu's");
        // Its twin with pte_free_defer (the same geometry) breaks at depth 4, as above.
        assertFalse(new Explorer(new Cell(WITH_DEFER, new Srmmu()), Bounds.DEFAULT).explore(4).passed());
    }

    @Test
    void aUserPresetWithoutOneRunsNoFreeDeferredFromAFileOrCode() {
        String text = "preset: " + USER_LINE + "\nstrategy: generic-v6.6\nviolation: none\nalloc mm0\nfreeDeferred t0\n";
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "bug.ptcheck", Catalog.builtIn()));
        assertEquals("bug.ptcheck:5:1: freeDeferred cannot run on mine: it has no pte_free_defer (user-defined); free"
                + " the table with free or freeTlb, or name a preset that has it", e.getMessage());
        Outcome o = new Executor(Preset.of("mine", "sparc", 4096, 256, false), new Srmmu())
                .trace(seq(alloc(0), alloc(0), defer(0), defer(1)));
        assertTrue(o.passed());
        assertEquals(2, o.skipped());
    }

    /** The file ptcheck writes for a finding on it defines it in full with the key, and reads back the same preset. */
    @Test
    void itsFileCarriesPteFreeDeferNoAndReadsBackTheSamePreset() {
        Preset mine = Preset.of("mine", "sparc", 4096, 256, false);
        String text = io.github.ptcheck.cex.Counterexample.of(mine, "generic-v6.6", seq(alloc(0), alloc(0))).text();
        assertTrue(text.contains("\npreset: " + USER_LINE + "\n"), text);
        assertEquals(mine, CounterexampleFile.parse(text, "mine.ptcheck", Catalog.builtIn()).counterexample().preset());
        assertEquals(mine, CounterexampleFile.parse(text, "mine.ptcheck", Catalog.builtIn().withPreset(mine))
                .counterexample().preset(), "against a catalog that supplies it");
        String with = io.github.ptcheck.cex.Counterexample.of(WITH_DEFER, "generic-v6.6", seq(alloc(0))).text();
        assertFalse(with.contains("pte_free_defer"), "a preset that has one is written as before");
    }

    @Test
    void aBadValueOrAClashWithTheKnownPresetIsAnError() {
        String bad = "preset: mine arch=sparc page=4096 table=256 pte_free_defer=maybe\nstrategy: generic-v6.6\n"
                + "violation: none\nalloc mm0\n";
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(bad, "mine.ptcheck", Catalog.builtIn()));
        assertEquals("mine.ptcheck:1:60: expected pte_free_defer=yes or pte_free_defer=no, found"
                + " 'pte_free_defer=maybe'; no for a kernel without pte_free_defer() (no CONFIG_TRANSPARENT_HUGEPAGE,"
                + " as sparc32), where no freeDeferred runs; yes, the default, otherwise", e.getMessage());
        String typo = bad.replace("pte_free_defer=maybe", "pte_free_defr=no");
        assertTrue(assertThrows(CounterexampleFormatException.class, () -> CounterexampleFile.parse(typo, "mine.ptcheck",
                Catalog.builtIn())).getMessage().endsWith("found 'pte_free_defr=no'; did you mean 'pte_free_defer='?"));
        String clash = bad.replace("mine", "sparc32-srmmu").replace("maybe", "yes");
        assertTrue(assertThrows(CounterexampleFormatException.class, () -> CounterexampleFile.parse(clash,
                "mine.ptcheck", Catalog.builtIn())).getMessage().contains("preset 'sparc32-srmmu' is already built in as"
                + " arch=sparc page=4096 table=256 pte_free_defer=no; give the preset defined here another name"));
        assertThrows(IllegalArgumentException.class, () -> Preset.pteFreeDefer(""));
    }
}
