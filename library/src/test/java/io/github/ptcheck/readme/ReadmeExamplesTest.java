package io.github.ptcheck.readme;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.cex.ReplayResult;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java of README.md's "Use it from Java", run as written: {@link #readme()} holds its lines
 * verbatim, and {@link #theReadmeSaysWhatThisTestRuns()} fails when the README's block and
 * these lines drift apart. (The README's project snippets, pom.xml and all, are built as a fresh
 * project by the plugin's integration test {@code readme-project}.)
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("../README.md");
    private static final Path THIS = Path.of("src/test/java/io/github/ptcheck/readme/ReadmeExamplesTest.java");

    /** What the README's lines made. */
    private record Made(CellReport r, ExploreReport e, Outcome o, ReplayResult rr) {
    }

    @SuppressWarnings("unused")
    private static Made readme() throws java.io.IOException {
        // README: begin
        // Check a strategy on a preset: random sequences, shrunk to 1-minimal on a violation.
        CellReport r = new Runner(CheckConfig.defaults().withSeed(42))
                .check(Presets.named("powerpc64-hash-64k"), Strategies.named("powerpc-naive-v1"));
        r.finding().forEach(f -> System.out.println(
                new TextTrace(Strategies.named("powerpc-naive-v1")).render(f.trace())));

        // Every sequence up to 6 operations, 2 CPUs, 2 mms: a shortest counterexample, or how deep it is clean.
        ExploreReport e = new Explorer(new Cell(Presets.S390X, Strategies.named("s390-hh-v2-intended")),
                Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(6)).explore(6);
        System.out.println(e.summary());

        // Run a sequence of your own, traced.
        Outcome o = new Executor(Presets.S390X, Strategies.named("s390-naive-v1")).trace(Vector.of(
                new Op.Alloc(0), new Op.Alloc(0), new Op.FreeDeferred(0), new Op.Free(1)));

        // Replay a counterexample file.
        ReplayResult rr = Replay.builtIn().replay(Path.of("target/ptcheck/s390-naive-v1@s390x.ptcheck"));
        // README: end
        return new Made(r, e, o, rr);
    }

    @Test
    void theReadmesLinesRunAndPrintWhatTheySay() throws Exception {
        // The file the README's replay line reads, as the plugin would have written it.
        CellReport s390 = new Runner(CheckConfig.defaults()).check(Presets.S390X, Strategies.named("s390-naive-v1"));
        Path file = Path.of("target/ptcheck/s390-naive-v1@s390x.ptcheck");
        Files.createDirectories(file.getParent());
        Files.writeString(file, FindingFile.text(s390.cell(), s390.finding().get()));

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Made made;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            made = readme();
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(">>  4  freeDeferred t1"), text);
        assertTrue(text.contains("s390-hh-v2-intended@s390x: clean to depth 6 of 6"), text);
        assertEquals(Invariant.RCU_HEAD_REUSE, made.r().finding().get().violation().invariant());
        assertEquals(Invariant.UNION_CLOBBER, made.o().violation().get().invariant());
        assertTrue(made.rr().reproduced(), made.rr().explanation());
    }

    @Test
    void theReadmeSaysWhatThisTestRuns() throws Exception {
        String readme = Files.readString(README);
        int at = readme.indexOf("## Use it from Java");
        int start = readme.indexOf("```java\n", at) + 8;
        String block = readme.substring(start, readme.indexOf("\n```", start));
        List<String> lines = List.of(block.split("\n"));
        List<String> imports = lines.filter(l -> l.startsWith("import "));
        List<String> code = lines.dropWhile(l -> l.startsWith("import ") || l.isBlank());
        String source = Files.readString(THIS);
        for (String i : imports) {
            assertTrue(source.contains("\n" + i + "\n"), () -> "the README imports what this test does not: " + i);
        }
        List<String> here = List.of(source.substring(source.indexOf("// README: begin\n") + 17,
                source.indexOf("        // README: end")).split("\n")).map(l -> l.length() >= 8 ? l.substring(8) : l);
        assertEquals(code.mkString("\n"), here.mkString("\n"), "README.md's 'Use it from Java' and readme() differ");
    }
}
