package io.github.ptcheck.cex;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded, repeatable fuzz test of the reader: a corpus of malformed counterexample files, each
 * a valid file ptcheck wrote with one to three mutations (flipped bytes, truncation, huge
 * numbers, NULs, bytes that are not UTF-8, very long lines, duplicated, deleted and swapped
 * lines, stray words and headers). Each must give either a {@link CounterexampleFormatException}
 * at a line and column of the file, with a message of bounded length, no control character, and
 * no more than a short excerpt of what was inserted; or a file that replays. Nothing else: no
 * other exception, no hang.
 */
class CounterexampleFuzzTest {

    private static final long SEED = 20_251_126L;
    private static final int MUTANTS = 2_000;
    /** The longest message any error may have (lists of known names included). */
    private static final int MAX_MESSAGE = 1_500;

    @Test
    void everyMutantIsAnErrorAtALineAndColumnOrAFileThatReplays() {
        List<byte[]> bases = bases();
        Random r = new Random(SEED);
        int errors = 0;
        int replays = 0;
        for (int i = 0; i < MUTANTS; i++) {
            Mutant m = new Mutant(bases.get(r.nextInt(bases.size())));
            int mutations = 1 + r.nextInt(3);
            for (int k = 0; k < mutations; k++) {
                m.mutate(r);
            }
            String source = "fuzz-" + i + ".ptcheck";
            String where = "seed " + SEED + ", mutant " + i + " (" + m.what + ")";
            try {
                CounterexampleFile f = CounterexampleFile.parse(FileText.decode(m.bytes, source), source,
                        Catalog.builtIn());
                assertNotNull(new Replay(Catalog.builtIn()).replay(f).verdict(), where);
                replays++;
            } catch (CounterexampleFormatException e) {
                assertWellFormed(e, source, m, where);
                if (i % 10 == 0) {
                    assertEquals(e.getMessage(), again(m.bytes, source), "the same file, the same error: " + where);
                }
                errors++;
            } catch (RuntimeException | Error e) {
                fail(where + ": neither a format error nor a replay: " + e, e);
            }
        }
        assertTrue(errors > MUTANTS / 2, "most mutants are malformed: " + errors);
        assertTrue(replays > 0, "some mutants still replay (a flipped comment, a deleted trace line)");
    }

    private static String again(byte[] bytes, String source) {
        try {
            CounterexampleFile.parse(FileText.decode(bytes, source), source, Catalog.builtIn());
            return "no error the second time";
        } catch (CounterexampleFormatException e) {
            return e.getMessage();
        }
    }

    private static void assertWellFormed(CounterexampleFormatException e, String source, Mutant m, String where) {
        String msg = e.getMessage();
        assertTrue(msg.startsWith(source + ":" + e.line() + ":" + e.column() + ": "), where + ": " + msg);
        int lines = 1;
        for (byte b : m.bytes) {
            lines += b == '\n' ? 1 : 0;
        }
        assertTrue(e.line() >= 1 && e.line() <= lines + 1, where + ": line " + e.line() + " of " + lines);
        assertTrue(e.column() >= 1, where + ": column " + e.column());
        assertTrue(msg.length() <= MAX_MESSAGE, where + ": a message of " + msg.length() + " characters");
        for (int i = 0; i < msg.length(); i++) {
            char c = msg.charAt(i);
            assertFalse(Character.isISOControl(c), where + ": control character U+" + Integer.toHexString(c)
                    + " in the message " + Syntax.excerpt(msg));
        }
        for (String payload : m.payloads) {
            if (payload.length() > 60) {
                assertFalse(msg.contains(payload.substring(0, 61)), where + ": quotes more than 60 characters of"
                        + " what was inserted: " + msg);
            }
        }
    }

    /** Valid files as ptcheck writes them: findings with their traces, a user preset, a passing file. */
    private static List<byte[]> bases() {
        List<byte[]> out = new ArrayList<>();
        Runner runner = new Runner(CheckConfig.defaults().withTries(50));
        for (String cell : List.of("powerpc-naive-v1@powerpc64-hash-64k", "s390-naive-v1@s390x",
                "powerpc-pageactive-v6.6@powerpc64-radix-64k")) {
            String[] sp = cell.split("@");
            CellReport rep = runner.check(Presets.named(sp[1]), Strategies.named(sp[0]));
            out.add(FindingFile.text(rep.cell(), rep.finding().get()).getBytes(StandardCharsets.UTF_8));
        }
        Preset mine = Preset.of("board7", "powerpc", 65536, 4096);
        CellReport user = runner.check(new Cell(mine, Strategies.named("powerpc-naive-v1")));
        out.add(FindingFile.text(user.cell(), user.finding().get()).getBytes(StandardCharsets.UTF_8));
        out.add(("# passes\npreset: x86_64\nstrategy: generic-v6.6\nviolation: none\nseed: -42\ntry: 3\n"
                + "minimality: 1-minimal\nptcheck: 0.1.0\n\nalloc mm0\nreadLock cpu1\nlookup cpu1 t0\nfreeDeferred t0\n"
                + "readUnlock cpu1\nrunCallback 0\nrcuBarrier\nexitMm mm0\n").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** One file being mutated, and what was done to it. */
    private static final class Mutant {
        byte[] bytes;
        String what = "";
        final List<String> payloads = new ArrayList<>();

        Mutant(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        void mutate(Random r) {
            int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length + 1);
            switch (r.nextInt(10)) {
                case 0 -> {
                    if (bytes.length > 0) {
                        int i = Math.min(at, bytes.length - 1);
                        bytes[i] = (byte) r.nextInt(256);
                        note("byte " + i + " flipped");
                    }
                }
                case 1 -> {
                    bytes = java.util.Arrays.copyOf(bytes, at);
                    note("truncated at " + at);
                }
                case 2 -> insert(r, lineStart(at), "alloc mm" + digits(r, 5 + r.nextInt(5000)) + "\n", "huge number");
                case 3 -> insert(r, at, "\0".repeat(1 + r.nextInt(1000)), "NULs");
                case 4 -> {
                    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}};
                    splice(at, bad[r.nextInt(bad.length)]);
                    note("bytes that are not UTF-8 at " + at);
                }
                case 5 -> insert(r, lineStart(at), longLine(r) + "\n", "long line");
                case 6 -> {
                    String[] headers = {"preset: x86_64\n", "strategy: generic-v6.6\n", "violation: none\n",
                            "seed: " + digits(r, 1 + r.nextInt(40)) + "\n", "try: -1\n", "minimality: 1-minimal\n"};
                    insert(r, lineStart(at), headers[r.nextInt(headers.length)], "header");
                }
                case 7 -> lines(r);
                case 8 -> {
                    String[] words = {"alloc", "free t", "lookup cpu0", "runCallback", "exitMm mm", "freeDeferred",
                            "rcuBarrier x", "\"open quote", "key: \"a\\qb\"", "t0:", "#"};
                    insert(r, at, words[r.nextInt(words.length)] + (r.nextBoolean() ? digits(r, 1 + r.nextInt(12)) : ""),
                            "stray words");
                }
                default -> insert(r, lineStart(at), "\uFEFF\u200B\u00A0alloc\u2028mm0\n", "invisible characters");
            }
        }

        private void note(String s) {
            what = what.isEmpty() ? s : what + "; " + s;
        }

        private void insert(Random r, int at, String s, String kind) {
            splice(at, s.getBytes(StandardCharsets.UTF_8));
            payloads.add(s);
            note(kind + " at " + at);
        }

        private void splice(int at, byte[] s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, at);
            out.write(s, 0, s.length);
            out.write(bytes, at, bytes.length - at);
            bytes = out.toByteArray();
        }

        private int lineStart(int at) {
            int i = Math.min(at, bytes.length);
            while (i > 0 && bytes[i - 1] != '\n') {
                i--;
            }
            return i;
        }

        /** Deletes, duplicates or swaps whole lines. */
        private void lines(Random r) {
            List<String> ls = new ArrayList<>(List.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)));
            int a = r.nextInt(ls.size());
            int b = r.nextInt(ls.size());
            switch (r.nextInt(3)) {
                case 0 -> ls.remove(a);
                case 1 -> ls.add(b, ls.get(a));
                default -> {
                    String t = ls.get(a);
                    ls.set(a, ls.get(b));
                    ls.set(b, t);
                }
            }
            bytes = String.join("\n", ls).getBytes(StandardCharsets.ISO_8859_1);
            note("lines " + a + " and " + b + " moved");
        }

        private static String digits(Random r, int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            return sb.toString();
        }

        private static String longLine(Random r) {
            String[] units = {"alloc mm0 ", "x", "\"quoted # text ", "# comment ", "t1 ", "é"};
            String unit = units[r.nextInt(units.length)];
            return unit.repeat(5_000 / unit.length() + r.nextInt(20_000));
        }
    }
}
