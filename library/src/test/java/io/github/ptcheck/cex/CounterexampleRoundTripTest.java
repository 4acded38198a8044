package io.github.ptcheck.cex;

import io.github.ptcheck.Version;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterexampleRoundTripTest {

    /** One operation of every kind. */
    private static final Vector<Op> EVERY_KIND = seq(alloc(0), alloc(1), new Op.Fill(0), free(0), defer(1), tlb(2),
            tlbOne(3), new Op.FreeTlbSiblings(6), reclaim(4), reclaimOne(5), lock(0), irqOff(1), lookup(0, 1), unlock(0),
            irqOn(1), run(0), barrier(), exit(1));

    private static Counterexample full(Preset preset, Vector<Op> ops) {
        return new Counterexample(preset, "powerpc-naive-v1",
                Option.of(new RecordedViolation(Invariant.RCU_HEAD_REUSE, 4, 0)), Option.of(42L), Option.of(17),
                Option.of(Minimality.ONE_MINIMAL), Option.of("0.1.0"), ops);
    }

    private static Counterexample roundTrip(Counterexample c) {
        return CounterexampleFile.parse(c.text(), "rt.ptcheck", Catalog.builtIn()).counterexample();
    }

    @Test
    void everyOperationKindSurvivesWriteThenParse() {
        assertEquals(OpKind.values().length, EVERY_KIND.map(OpKind::of).distinct().size(),
                "the sequence must hold every kind");
        Counterexample c = full(Presets.POWERPC64_HASH_64K, EVERY_KIND);
        assertEquals(c, roundTrip(c));
        // Each operation on a line of its own, spelled as Op.toString().
        for (Op op : EVERY_KIND) {
            assertTrue(c.text().contains("\n" + op + "\n"), op::toString);
        }
    }

    @Test
    void everyBuiltInPresetIsWrittenByNameAndReadBack() {
        for (Preset p : Presets.all()) {
            Counterexample c = full(p, seq(alloc(0)));
            assertTrue(c.text().contains("\npreset: " + p.name() + "\n"), c::text);
            assertEquals(c, roundTrip(c));
        }
    }

    @Test
    void customPresetsAreWrittenInFullAndReadBackEqual() {
        Preset mine = Preset.of("mine", "powerpc", 65536, 4096);
        Counterexample c = full(mine, EVERY_KIND);
        assertTrue(c.text().contains("\npreset: mine arch=powerpc page=65536 table=4096\n"), c::text);
        assertEquals(c, roundTrip(c));

        // A source with blanks, a quote, a '#', a backslash and a newline survives in quotes.
        Preset odd = new Preset("board_7.x", "power pc", 65536, 256, "lab \"board\" #7 \\ rev\nB");
        Counterexample d = full(odd, seq(alloc(0), defer(0)));
        assertTrue(d.text().contains("preset: board_7.x arch=\"power pc\" page=65536 table=256"
                + " source=\"lab \\\"board\\\" #7 \\\\ rev\\nB\"\n"), d::text);
        assertEquals(d, roundTrip(d));
    }

    @Test
    void optionalHeadersMayBeAbsentAndViolationMayBeNone() {
        Counterexample bare = Counterexample.of(Presets.X86_64, "generic-v6.6", seq(alloc(0), defer(0)));
        assertTrue(bare.text().contains("\nviolation: none\n"), bare::text);
        assertEquals(bare, roundTrip(bare));
        Counterexample noPage = bare.withViolation(Option.of(new RecordedViolation(Invariant.LEAK, 5, -1)));
        assertTrue(noPage.text().contains("\nviolation: LEAK step=5\n"), noPage::text);
        assertEquals(noPage, roundTrip(noPage));
        Counterexample negativeSeed = new Counterexample(Presets.S390X, "s390-naive-v1", Option.none(),
                Option.of(Long.MIN_VALUE), Option.none(), Option.of(Minimality.SHORTEST), Option.none(),
                seq(alloc(0)));
        assertEquals(negativeSeed, roundTrip(negativeSeed));
    }

    @Test
    void randomSequencesRoundTrip() {
        Random r = new Random(20230601);
        for (int i = 0; i < 300; i++) {
            Vector<Op> ops = Vector.fill(1 + r.nextInt(30), () -> randomOp(r));
            Counterexample c = new Counterexample(i % 2 == 0 ? Presets.S390X : Preset.of("p" + i, "s390", 4096, 2048),
                    "s390-naive-v1", i % 3 == 0 ? Option.none()
                    : Option.of(new RecordedViolation(Invariant.values()[r.nextInt(Invariant.values().length)],
                    1 + r.nextInt(100), r.nextInt(3) - 1)), Option.of(r.nextLong()),
                    r.nextBoolean() ? Option.of(r.nextInt(Integer.MAX_VALUE)) : Option.none(),
                    Option.of(Minimality.values()[r.nextInt(3)]), Option.none(), ops);
            assertEquals(c, roundTrip(c), c::text);
        }
    }

    private static Op randomOp(Random r) {
        OpKind k = OpKind.values()[r.nextInt(OpKind.values().length)];
        // A file names mms and CPUs 0 to 63.
        return k.make(k.args().toJavaStream().mapToInt(a -> r.nextInt(a == OpKind.Arg.TABLE ? Integer.MAX_VALUE
                : a == OpKind.Arg.MM || a == OpKind.Arg.CPU ? CounterexampleFile.MAX_MM_OR_CPU : 1000)).toArray());
    }

    @Test
    void aFindingIsWrittenWithItsTraceAsCommentsThatTheParserIgnores() {
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        Vector<Op> shrunk = seq(alloc(0), alloc(0), defer(0), defer(1));
        Outcome trace = cell.executor().trace(shrunk);
        Finding f = new Finding(trace.violation().get(), 42L, 17, shrunk.prependAll(seq(lock(1), unlock(1))), shrunk,
                Minimality.ONE_MINIMAL, trace);
        Counterexample c = Counterexample.of(cell, f);
        String text = c.text(new TextTrace(cell.strategy()).render(trace));
        String expectedHead = "# ptcheck counterexample (format: docs/counterexample-format.md)\n"
                + "# Edit freely; lines from '#' on are comments. Run it again, from any directory:\n"
                + "#   ptcheck replay <this file>\n"
                + "#   mvn io.github.ptcheck:ptcheck-maven-plugin:" + Version.current()
                + ":replay -Dptcheck.file=<this file>\n"
                + "# checksum " + WrittenChecksum.of(c) + " (of the preset, strategy and operations as written:"
                + " replay tells an edit by it)\n"
                + "preset: powerpc64-hash-64k\n"
                + "strategy: powerpc-naive-v1\n"
                + "violation: RCU_HEAD_REUSE step=4 page=0\n"
                + "seed: 42\n"
                + "try: 17\n"
                + "minimality: 1-minimal\n"
                + "ptcheck: " + Version.current() + "\n"
                + "\n"
                + "alloc mm0\n"
                + "alloc mm0\n"
                + "freeDeferred t0\n"
                + "freeDeferred t1\n"
                + "\n"
                + CounterexampleWriter.TRACE_MARK + "\n"
                + "# ptcheck trace: powerpc-naive-v1 on powerpc64-hash-64k (16 tables per page)\n"
                + "# VIOLATION RCU_HEAD_REUSE at step 4 on page 0: ";
        assertTrue(text.startsWith(expectedHead), text);
        assertTrue(text.contains("\n# >>  4  freeDeferred t1\n"), text);
        assertTrue(text.endsWith("\n"), "ends with a newline");
        for (String line : List.of(text.split("\n")).dropWhile(l -> !l.equals(CounterexampleWriter.TRACE_MARK))) {
            assertTrue(line.startsWith("#"), () -> "trace line not a comment: " + line);
        }
        assertEquals(c, Counterexample.parse(text, "naive.ptcheck"));
        assertEquals(text, c.text(new TextTrace(cell.strategy()).render(cell.executor().trace(shrunk))),
                "the same finding gives the same bytes");
    }

    @Test
    void theWriterRefusesWhatTheParserCouldNotReadBack() {
        Preset fake = Preset.of("x86_64", "x86", 4096, 2048);
        Counterexample c = Counterexample.of(fake, "generic-v6.6", seq(alloc(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::text);
        assertTrue(e.getMessage().contains("is not the built-in preset of that name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Counterexample.of(Presets.X86_64, "my strategy", seq(alloc(0))));
        assertThrows(IllegalArgumentException.class, () -> Counterexample.of(Presets.X86_64, "generic-v6.6", seq(free(-1))));
        assertThrows(IllegalArgumentException.class, () -> Counterexample.of(Presets.X86_64, "generic-v6.6", Vector.empty()));
    }
}
