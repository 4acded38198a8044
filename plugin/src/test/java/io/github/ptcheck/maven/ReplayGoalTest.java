package io.github.ptcheck.maven;

import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.cex.ReplayResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayGoalTest {

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private static final String NAIVE = "preset: powerpc64-hash-64k\nstrategy: powerpc-naive-v1\n"
            + "violation: RCU_HEAD_REUSE step=4 page=0\n\nalloc mm0\nalloc mm0\nfreeDeferred t0\nfreeDeferred t1\n";

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aFileThatReproducesItsViolationFailsTheBuildAfterPrintingTheTrace() throws Exception {
        Path f = file("naive.ptcheck", NAIVE);
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> new ReplayGoal(Catalog.builtIn(), true, log).execute(f));
        assertTrue(e.getMessage().startsWith("ptcheck: the replay of " + f + " broke an invariant: RCU_HEAD_REUSE at"
                + " step 4 on page 0: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(reproduced)"), e.getMessage());
        assertTrue(log.at("ERROR").contains("\n>>  4  freeDeferred t1\n"), log.text());
        assertTrue(log.at("ERROR").contains("\nreproduced on powerpc-naive-v1 on powerpc64-hash-64k: RCU_HEAD_REUSE"),
                log.text());
    }

    @Test
    void withFailOnViolationFalseItOnlyReports() throws Exception {
        ReplayResult r = new ReplayGoal(Catalog.builtIn(), false, log).execute(file("naive.ptcheck", NAIVE));
        assertEquals(ReplayResult.Verdict.REPRODUCED, r.verdict());
        assertTrue(log.at("WARNING").contains("failOnViolation is false"), log.text());
    }

    @Test
    void aFixedStrategyDoesNotReproduceAndTheBuildPassesWithAWarning() throws Exception {
        ReplayResult r = new ReplayGoal(Catalog.builtIn(), true, log)
                .execute(file("fixed.ptcheck", NAIVE.replace("powerpc-naive-v1", "powerpc-refcount-v2")));
        assertEquals(ReplayResult.Verdict.NOT_REPRODUCED, r.verdict());
        assertTrue(log.at("WARNING").startsWith("not reproduced: the file records RCU_HEAD_REUSE at step 4, but"
                + " powerpc-refcount-v2 on powerpc64-hash-64k passed"), log.text());
    }

    @Test
    void aMalformedFileIsAnExecutionErrorWithLineAndColumn() throws Exception {
        Path f = file("bad.ptcheck", NAIVE.replace("freeDeferred t1", "freeDefered t1"));
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> new ReplayGoal(Catalog.builtIn(), true, log).execute(f));
        assertTrue(e.getMessage().startsWith(f + ":8:1: unknown operation 'freeDefered'"), e.getMessage());
    }

    @Test
    void anUnknownStrategySaysHowToNameYours() throws Exception {
        Path f = file("mine.ptcheck", NAIVE.replace("powerpc-naive-v1", "my-generic"));
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> new ReplayGoal(Catalog.builtIn(), true, log).execute(f));
        assertTrue(e.getMessage().startsWith(f + ":2:11: unknown strategy 'my-generic'"), e.getMessage());
        assertTrue(e.getMessage().endsWith(", or name yours in <strategyClasses> or with"
                + " -Dptcheck.strategyClasses=com.example.YourStrategy"), e.getMessage());
        assertFalse(e.getMessage().contains("Catalog.withStrategy"), "Maven's words, not the Java API's: " + e);
        Catalog mine = ReplayGoal.catalog(List.of(), List.of(new Fixtures.MyGeneric()));
        assertThrows(MojoFailureException.class, () -> new ReplayGoal(mine, true, log).execute(f),
                "with the strategy supplied it runs (and reproduces)");
    }

    @Test
    void aMissingFileSaysWhereFilesCome() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> new ReplayGoal(Catalog.builtIn(), true, log).execute(dir.resolve("nope.ptcheck")));
        assertTrue(e.getMessage().startsWith("ptcheck: no counterexample file " + dir.resolve("nope.ptcheck")),
                e.getMessage());
    }
}
