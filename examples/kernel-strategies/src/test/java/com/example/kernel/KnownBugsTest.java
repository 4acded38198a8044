package com.example.kernel;

import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.cex.ReplayResult;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.KnownVerdict;
import io.github.ptcheck.strategy.KnownVerdicts;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every counterexample file in {@code src/test/resources/counterexamples}: each must
 * still give what it records (the known bugs their violation, a regression file its pass). Add
 * a file the plugin wrote under {@code target/ptcheck} to keep a finding for good.
 */
class KnownBugsTest {

    private static Path directory() throws URISyntaxException {
        return Path.of(KnownBugsTest.class.getResource("/counterexamples").toURI());
    }

    private static List<Path> files() throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(directory())) {
            return s.filter(p -> p.toString().endsWith(".ptcheck")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCounterexampleFileReproducesWhatItRecords() throws Exception {
        return files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ReplayResult r = Replay.builtIn().replay(f);
            assertTrue(r.reproduced(), () -> r.explanation() + "\n"
                    + new TextTrace(r.cell().strategy()).render(r.outcome()));
            assertTrue(r.skipped().isEmpty(), () -> "every line of " + f.getFileName() + " runs: " + r.skipped());
        }));
    }

    /** Each file agrees with the known verdict of its cell: a bug's invariant is one its verdict names. */
    @TestFactory
    Stream<DynamicTest> everyFileAgreesWithTheKnownVerdictOfItsCell() throws Exception {
        return files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ReplayResult r = Replay.builtIn().replay(f);
            KnownVerdict known = KnownVerdicts.of(r.cell().strategy().name(), r.cell().preset().name())
                    .getOrElseThrow(() -> new AssertionError(r.cell() + " has no known verdict"));
            assertTrue(known.heldBy(r.outcome().violation().map(v -> v.invariant())), () -> f.getFileName() + ": "
                    + r.cell() + " is known to give " + known.expected() + ", the file gives "
                    + r.outcome().violation().map(v -> v.invariant().name()).getOrElse("a pass"));
        }));
    }

    @Test
    void theKnownBugsAreThereAndAFixedSchemeIsAmongThem() throws Exception {
        List<String> names = files().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(5, names.size(), names::toString);
        ReplayResult fixed = Replay.builtIn().replay(directory().resolve("powerpc-refcount-v2-exit-with-reader.ptcheck"));
        assertTrue(fixed.outcome().passed(), fixed::explanation);
        ReplayResult merged = Replay.builtIn()
                .replay(directory().resolve("powerpc-pageactive-v6.6-exit-with-reader.ptcheck"));
        assertEquals("USE_AFTER_FREE", merged.outcome().violation().get().invariant().name(),
                "the same sequence on the merged 6.6 code frees the page under the reader");
    }
}
