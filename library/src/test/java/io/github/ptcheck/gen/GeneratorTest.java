package io.github.ptcheck.gen;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.shrink.Edits;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {

    private static final Strategy GENERIC = Strategies.named("generic-v6.6");
    private static final Strategy NAIVE = Strategies.named("powerpc-naive-v1");

    @Test
    void sameSeedAndTryGiveTheSameSequenceFromFreshGenerators() {
        for (int t = 0; t < 20; t++) {
            Vector<Op> a = Sequences.of(Presets.X86_64, GENERIC).sample(99, t);
            Vector<Op> b = Sequences.of(Presets.X86_64, GENERIC).sample(99, t);
            assertEquals(a, b);
            assertFalse(a.isEmpty());
        }
    }

    @Test
    void differentSeedsAndTriesGiveDifferentSequences() {
        Generator g = Sequences.of(Presets.X86_64, GENERIC);
        Set<Vector<Op>> bySeed = HashSet.empty();
        for (long seed = 0; seed < 20; seed++) {
            bySeed = bySeed.add(g.sample(seed, 0));
        }
        assertEquals(20, bySeed.size(), "20 seeds should give 20 different first sequences");
        assertEquals(20, g.samples(5, 20).distinct().size(), "20 tries of one seed should differ");
    }

    @Test
    void samplesAreTheTriesInOrder() {
        Generator g = Sequences.of(Presets.S390X_PGSTE, GENERIC).maxLength(15);
        Vector<Vector<Op>> all = g.samples(3, 6);
        assertEquals(6, all.size());
        for (int t = 0; t < 6; t++) {
            assertEquals(g.sample(3, t), all.get(t));
        }
    }

    /** Every generated operation was enabled when it came: replayed, none is skipped. */
    @Test
    void generatedOperationsAreNeverSkippedAndStayInBounds() {
        for (Preset p : new Preset[]{Presets.X86_64, Presets.SPARC64, Presets.POWERPC64_4K}) {
            Generator g = Sequences.of(p, GENERIC).cpus(3).mms(2).maxTables(12).maxLength(60);
            Executor ex = new Executor(p, GENERIC);
            for (Vector<Op> ops : g.samples(11, 40)) {
                assertTrue(ops.size() <= 60);
                assertTrue(ops.count(op -> op instanceof Op.Alloc) <= 12, ops::toString);
                assertTrue(ops.forAll(op -> Edits.cpuOf(op) < 3 && Edits.mmOf(op) < 2), ops::toString);
                Outcome o = ex.trace(ops);
                assertTrue(o.passed(), () -> o.violation().get().summary());
                Vector<Step> own = o.steps().filter(s -> !s.teardown());
                assertEquals(ops.size(), own.size());
                assertTrue(own.forAll(s -> !s.wasSkipped()), () -> own.find(Step::wasSkipped).get().toString());
            }
        }
    }

    @Test
    void aSampleEndsAtTheFirstViolationWithTheViolatingOperationLast() {
        Generator g = Sequences.of(Presets.POWERPC64_HASH_64K, NAIVE);
        Executor ex = new Executor(Presets.POWERPC64_HASH_64K, NAIVE);
        int failing = 0;
        for (Vector<Op> ops : g.samples(1, 30)) {
            Outcome o = ex.run(ops);
            if (ops.size() < g.maxLength() && o.violation().isDefined() && !o.failedInTeardown()) {
                assertEquals(ops.size(), o.violation().get().step());
                failing++;
            }
        }
        assertTrue(failing > 0, "powerpc-naive-v1 on a shared page fails within 30 tries");
    }

    @Test
    void kindsAndCpusRestrictWhatIsOffered() {
        Generator g = Sequences.of(Presets.X86_64, GENERIC).kinds(OpKind.ALLOC, OpKind.FREE_DEFERRED);
        for (Vector<Op> ops : g.samples(2, 20)) {
            assertTrue(ops.forAll(op -> op instanceof Op.Alloc || op instanceof Op.FreeDeferred), ops::toString);
        }
        Generator noReaders = Sequences.of(Presets.X86_64, GENERIC).cpus(0);
        for (Vector<Op> ops : noReaders.samples(2, 20)) {
            assertTrue(ops.forAll(op -> Edits.cpuOf(op) < 0), ops::toString);
        }
    }

    @Test
    void eachTryDrawsItsOwnProfileWithSomeKindsSwitchedOff() {
        Generator g = Sequences.of(Presets.X86_64, GENERIC);
        Set<Profile> profiles = HashSet.empty();
        int[] off = new int[OpKind.values().length];
        for (int t = 0; t < 200; t++) {
            Profile p = g.profile(0, t);
            profiles = profiles.add(p);
            assertTrue(p.locality() >= 50 && p.locality() <= 95, p::toString);
            assertTrue(p.weight(OpKind.ALLOC) > 0, p::toString);
            assertTrue(List.of(OpKind.values()).filter(OpKind::frees).map(p::weight).sum().intValue() > 0,
                    p::toString);
            for (OpKind k : OpKind.values()) {
                off[k.ordinal()] += p.weight(k) == 0 ? 1 : 0;
            }
        }
        assertTrue(profiles.size() > 190, "profiles should almost never repeat: " + profiles.size());
        assertEquals(0, off[OpKind.ALLOC.ordinal()]);
        for (OpKind k : new OpKind[]{OpKind.READ_UNLOCK, OpKind.RUN_CALLBACK, OpKind.RCU_BARRIER, OpKind.LOOKUP,
                OpKind.EXIT_MM}) {
            assertTrue(off[k.ordinal()] >= 20 && off[k.ordinal()] < 180, k + " off in " + off[k.ordinal()] + " of 200");
        }
    }

    @Test
    void aKindOutsideTheBoundsGetsNoWeight() {
        Generator g = Sequences.of(Presets.X86_64, GENERIC).kinds(OpKind.ALLOC, OpKind.FREE);
        for (int t = 0; t < 20; t++) {
            assertEquals(0, g.profile(0, t).weight(OpKind.FREE_DEFERRED));
            assertTrue(g.profile(0, t).weight(OpKind.FREE) > 0);
        }
    }

    @Test
    void badBoundsAreRejectedNamingTheParameterAndItsRange() {
        Generator g = Sequences.of(Presets.X86_64, GENERIC);
        assertMessage(() -> g.cpus(-1), "cpus must be >= 0");
        assertMessage(() -> g.mms(0), "mms must be >= 1");
        assertMessage(() -> g.mms(-2), "mms must be >= 1");
        assertMessage(() -> g.maxTables(0), "maxTables must be >= 1");
        assertMessage(() -> g.maxLength(0), "maxLength must be between 1 and 10000, was 0");
        assertMessage(() -> g.maxLength(Integer.MAX_VALUE), "maxLength must be between 1 and 10000, was 2147483647");
        assertMessage(() -> g.maxLength(-5), "was -5");
        assertMessage(() -> g.sample(1, -1), "tryIndex must be >= 0");
        assertMessage(() -> g.samples(1, -1), "count must be >= 0");
        assertMessage(() -> g.kinds(OpKind.FREE), "kinds must include alloc");
        assertMessage(() -> Sequences.of("no-such-preset", "generic-v6.6"), "known presets: x86_64");
        assertMessage(() -> Sequences.of("x86_64", "no-such-strategy"), "known strategies: generic-v6.6");
        NullPointerException e = assertThrows(NullPointerException.class, () -> Sequences.of(null, GENERIC));
        assertTrue(e.getMessage().contains("preset must not be null"), e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Sequences.of(Presets.X86_64, (Strategy) null));
        assertTrue(e.getMessage().contains("strategy must not be null"), e.getMessage());
        e = assertThrows(NullPointerException.class, () -> g.bounds(null));
        assertTrue(e.getMessage().contains("bounds must not be null"), e.getMessage());
    }

    @Test
    void settersReturnNewGeneratorsAndKeepTheOthersBounds() {
        Generator g = Sequences.of(Presets.X86_64, GENERIC);
        Generator h = g.cpus(3).mms(4).maxTables(5).maxLength(6);
        assertEquals(Bounds.DEFAULT, g.bounds());
        assertEquals(Generator.DEFAULT_MAX_LENGTH, g.maxLength());
        assertEquals(3, h.bounds().cpus());
        assertEquals(4, h.bounds().mms());
        assertEquals(5, h.bounds().maxTables());
        assertEquals(6, h.maxLength());
        assertNotEquals(g.toString(), h.toString());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
