package io.github.ptcheck.cex;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each documented limit of a counterexample file (docs/counterexample-format.md, "Limits"),
 * when exceeded, is an error at the line and column where it is, whose message quotes at most
 * a short, escaped excerpt of the input.
 */
class CounterexampleLimitsTest {

    private static final String HEADER = "preset: x86_64\nstrategy: generic-v6.6\nviolation: none\n";

    @TempDir
    Path dir;

    private static CounterexampleFormatException fails(String text) {
        return assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "big.ptcheck", Catalog.builtIn()));
    }

    @Test
    void moreOperationsThanTheLimitStopAtTheFirstOneOver() {
        String ops = "alloc mm0\n".repeat(CounterexampleFile.MAX_OPERATIONS);
        assertEquals(CounterexampleFile.MAX_OPERATIONS, CounterexampleFile.parse(HEADER + ops, "big.ptcheck",
                Catalog.builtIn()).counterexample().ops().size());
        CounterexampleFormatException e = fails(HEADER + ops + "# one more:\n  alloc mm0\n");
        assertEquals("big.ptcheck:" + (CounterexampleFile.MAX_OPERATIONS + 5) + ":3: more than 100000 operations, the"
                + " most a counterexample file may hold; a counterexample is a few operations: cut it down to the ones"
                + " that matter", e.getMessage());
    }

    @Test
    void aLineLongerThanTheLimitBeforeItsCommentIsRefusedButALongCommentIsNot() {
        String longWord = "x".repeat(10 * 1024 * 1024);
        CounterexampleFormatException e = fails(HEADER + "alloc " + longWord + "\n");
        assertEquals("big.ptcheck:4:4097: the line is longer than 4096 characters before its comment, the most a"
                + " counterexample line may be (no header or operation needs that many); a comment ('#' to the end of"
                + " the line) may be longer", e.getMessage());
        String comment = "alloc mm0 # " + "y".repeat(100_000) + "\n";
        assertEquals(1, CounterexampleFile.parse(HEADER + comment, "ok.ptcheck", Catalog.builtIn()).counterexample()
                .ops().size());
    }

    @Test
    void aSeedOfMegabytesOfDigitsIsRefusedAtOnce() {
        // Once parsed as a BigInteger, which took more than ten minutes for 10 MB of digits.
        CounterexampleFormatException huge = fails("seed: " + "9".repeat(10_000_000) + "\n" + HEADER + "alloc mm0\n");
        assertEquals(1, huge.line());
        assertEquals(4097, huge.column());
        CounterexampleFormatException wide = fails("seed: " + "9".repeat(4_000) + "\n" + HEADER + "alloc mm0\n");
        assertEquals("big.ptcheck:1:7: expected a seed like 42 (a 64-bit integer), found '"
                + "9".repeat(40) + "...'; the number does not fit in 64 bits", wide.getMessage());
    }

    @Test
    void numbersAboveTheirRangeSayTheRange() {
        assertEquals("big.ptcheck:4:7: expected an mm like mm0, found 'mm64'; the number is too large (at most 63)",
                fails(HEADER + "alloc mm64\n").getMessage());
        assertEquals("big.ptcheck:5:10: expected a CPU like cpu0, found 'cpu" + "0".repeat(37) + "...';"
                + " the number is too large (at most 63)", fails(HEADER + "alloc mm0\nreadLock cpu" + "0".repeat(60)
                + "1000\n").getMessage());
        assertEquals("big.ptcheck:4:14: expected a table like t0, found 't2147483648'; the number is too large (at most"
                + " 2147483647)", fails(HEADER + "freeDeferred t2147483648\n").getMessage());
    }

    @Test
    void aNulOrAControlCharacterIsRefusedQuotingAShortEscapedExcerpt() {
        String nuls = "\0".repeat(1000);
        CounterexampleFormatException e = fails(HEADER + "alloc mm0 " + nuls + "\n");
        assertEquals("big.ptcheck:4:11: a NUL character (U+0000) in 'alloc mm0 \\u0000\\u0000\\u0000\\u0000\\u0000"
                + "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000"
                + "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000...'; a"
                + " counterexample file is plain text: remove it", e.getMessage());
        assertEquals("big.ptcheck:5:3: the control character U+001B in '# \\u001b[31mred'; a counterexample file is"
                + " plain text: remove it", fails(HEADER + "alloc mm0\n# \u001b[31mred\n").getMessage());
        assertEquals("big.ptcheck:4:6: the control character U+000D in 'alloc\\u000dmm0'; a counterexample file is"
                + " plain text: remove it", fails(HEADER + "alloc\rmm0\n").getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorAtTheirLineAndColumn() throws IOException {
        Path file = dir.resolve("latin1.ptcheck");
        byte[] head = (HEADER + "alloc mm0\n# caf").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xE9; // é in ISO-8859-1
        bytes[head.length + 1] = ' ';
        bytes[head.length + 2] = '\n';
        Files.write(file, bytes);
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.read(file, Catalog.builtIn()));
        assertEquals(file + ":5:6: the file is not UTF-8 text: byte 0xe9 cannot start or continue a UTF-8 character;"
                + " save the file as UTF-8", e.getMessage());
        assertEquals(5, e.line());
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedWhereItCrossesIt() throws IOException {
        Path file = dir.resolve("huge.ptcheck");
        byte[] line = "# padding to the limit and past it ...............................\n"
                .getBytes(StandardCharsets.US_ASCII);
        int lines = CounterexampleFile.MAX_FILE_BYTES / line.length + 1;
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < lines; i++) {
                out.write(line);
            }
        }
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.read(file, Catalog.builtIn()));
        int crossing = CounterexampleFile.MAX_FILE_BYTES / line.length;
        assertEquals(crossing + 1, e.line());
        assertEquals(CounterexampleFile.MAX_FILE_BYTES % line.length + 1, e.column());
        assertTrue(e.getMessage().contains(": the file is larger than 67108864 bytes (64 MiB), the most a"
                + " counterexample file may be"), e.getMessage());
    }

    /** The generic scheme, noting a bell and a NUL in its trace narrative. */
    static final class NotesControlCharacters extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return super.pteFreeDefer(m.note("ring \u0007 and \0 stop"), t);
        }
    }

    @Test
    void controlCharactersInATraceAreWrittenEscapedSoThatTheFileReadsBack() {
        NotesControlCharacters s = new NotesControlCharacters();
        Cell cell = new Cell(Presets.X86_64, s);
        Outcome traced = cell.executor().trace(seq(alloc(0), defer(0)));
        String text = Counterexample.of(Presets.X86_64, s.name(), seq(alloc(0), defer(0)))
                .text(new io.github.ptcheck.report.TextTrace(s).render(traced));
        assertTrue(text.contains("ring \\u0007 and \\u0000 stop"), text);
        CounterexampleFile f = CounterexampleFile.parse(text, "written.ptcheck", Catalog.builtIn().withStrategy(s));
        assertEquals(2, f.counterexample().ops().size());
    }

    @Test
    void aReplayThatSkipsThousandsOfOperationsListsTenOfThem() {
        StringBuilder text = new StringBuilder("preset: x86_64\nstrategy: generic-v6.6\nviolation: none\n");
        text.append("alloc mm0\n");
        for (int i = 0; i < 3_000; i++) {
            text.append("free t0\n"); // the first frees t0; the others find it freed already
        }
        ReplayResult r = new Replay(Catalog.builtIn()).replay(CounterexampleFile.parse(text.toString(), "many.ptcheck",
                Catalog.builtIn()));
        assertTrue(r.reproduced(), r::explanation);
        assertEquals(2_999, r.skipped().size());
        assertTrue(r.explanation().endsWith("; and 2989 more"), r::explanation);
        assertTrue(r.explanation().length() < 1_000, r::explanation);
    }
}
