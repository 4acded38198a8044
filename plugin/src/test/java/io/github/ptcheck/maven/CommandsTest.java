package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommandsTest {

    private static final Cell NAIVE = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));

    @Test
    void atDefaultsTheCommandNamesTheCellAndTheSeedOnly() {
        Commands c = new Commands("./mvnw", CheckRequest.defaults());
        assertEquals("./mvnw ptcheck:check -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k -Dptcheck.seed=0",
                c.check(NAIVE));
        assertEquals("./mvnw ptcheck:replay -Dptcheck.file=target/ptcheck/x.ptcheck",
                c.replay(NAIVE, "target/ptcheck/x.ptcheck"));
    }

    @Test
    void everyParameterThatShapesTheRunIsRepeatedWhenNotAtItsDefault() {
        CheckRequest r = CheckRequest.defaults().withNumbers(-5, 1000, 60, 3, 1, 16, 10, 120).withExhaustive(5, 2000);
        assertEquals("mvn ptcheck:check -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k -Dptcheck.seed=-5"
                + " -Dptcheck.tries=1000 -Dptcheck.maxLength=60 -Dptcheck.cpus=3 -Dptcheck.mms=1"
                + " -Dptcheck.maxTables=16 -Dptcheck.shrinkTimeLimit=10 -Dptcheck.depth=5 -Dptcheck.stateBudget=2000"
                + " -Dptcheck.timeBudget=120", new Commands("mvn", r).check(NAIVE),
                "the budgets too: a run they cut short is repeated as the same run, not a longer one");
    }

    /** As the command line's commands carry --call-timeout: a slow strategy given more time gets it again. */
    @Test
    void aCallTimeoutOtherThanTheDefaultIsRepeatedInBothCommands() {
        Commands c = new Commands("./mvnw", CheckRequest.defaults().withCallTimeout(30));
        assertEquals("./mvnw ptcheck:check -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k -Dptcheck.seed=0"
                + " -Dptcheck.callTimeout=30", c.check(NAIVE));
        assertEquals("./mvnw ptcheck:replay -Dptcheck.file=x.ptcheck -Dptcheck.callTimeout=30", c.replay(NAIVE, "x.ptcheck"));
        Cell mine = new Cell(Presets.X86_64, new Fixtures.MyGeneric());
        assertEquals("./mvnw test-compile ptcheck:replay -Dptcheck.file=x.ptcheck"
                + " '-Dptcheck.strategyClasses=io.github.ptcheck.maven.Fixtures$MyGeneric' -Dptcheck.callTimeout=30",
                c.replay(mine, "x.ptcheck"));
    }

    @Test
    void symmetryReductionSwitchedOffIsRepeatedWhereAnExplorationRuns() {
        CheckRequest exhaustive = CheckRequest.defaults().withExhaustive(5, 2000);
        assertEquals("./mvnw ptcheck:check -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k -Dptcheck.seed=0"
                + " -Dptcheck.depth=5 -Dptcheck.symmetry=false -Dptcheck.stateBudget=2000",
                new Commands("./mvnw", exhaustive).withSymmetry(false).check(NAIVE));
        assertEquals("./mvnw ptcheck:check -Dptcheck.cells=powerpc-naive-v1@powerpc64-hash-64k -Dptcheck.seed=0",
                new Commands("./mvnw", CheckRequest.defaults()).withSymmetry(false).check(NAIVE),
                "random mode does not reduce: nothing to repeat");
    }

    @Test
    void aUsersStrategyIsCompiledAndNamedAndAUsersPresetDefined() {
        Cell cell = new Cell(Preset.of("board7", "x86", 4096, 4096), new Fixtures.MyGeneric());
        Commands c = new Commands("./mvnw", CheckRequest.defaults());
        assertEquals("./mvnw test-compile ptcheck:check -Dptcheck.cells=my-generic@board7 -Dptcheck.seed=0"
                + " '-Dptcheck.strategyClasses=io.github.ptcheck.maven.Fixtures$MyGeneric'"
                + " -Dptcheck.presets=board7:x86:4096:4096", c.check(cell), "a nested class's $ quoted: the shell"
                + " would expand $MyGeneric");
        assertEquals("./mvnw test-compile ptcheck:replay -Dptcheck.file=f.ptcheck"
                + " '-Dptcheck.strategyClasses=io.github.ptcheck.maven.Fixtures$MyGeneric'", c.replay(cell, "f.ptcheck"));
    }

    /** A preset without pte_free_defer (no THP): the command says so, or it would check another preset. */
    @Test
    void aUsersPresetWithoutPteFreeDeferIsDefinedSo() {
        Cell cell = new Cell(Preset.of("sparc32-mine", "sparc", 4096, 256, false), NAIVE.strategy());
        assertEquals("./mvnw ptcheck:check -Dptcheck.cells=powerpc-naive-v1@sparc32-mine -Dptcheck.seed=0"
                + " -Dptcheck.presets=sparc32-mine:sparc:4096:256:pte_free_defer=no",
                new Commands("./mvnw", CheckRequest.defaults()).check(cell));
    }

    /** {@link Fixtures.MyGeneric} under a name with a quote in it (a strategy's name may have one). */
    static final class Quoted extends Fixtures.MyGeneric {
        @Override
        public String name() {
            return "o'brien-generic";
        }
    }

    /** What a POSIX shell makes of {@code command}'s words after the launcher, one per line. */
    private static String shellWords(String command, String launcher) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + command.substring(launcher.length() + 1))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void aCellNameWithAQuoteAndPathsWithSpacesReachMavenAsTheyAreWhenPastedIntoAShell(@TempDir Path top)
            throws Exception {
        Cell cell = new Cell(Presets.X86_64, new Quoted());
        Commands c = new Commands("./mvnw", CheckRequest.defaults());
        String check = c.check(cell);
        assertEquals("./mvnw test-compile ptcheck:check '-Dptcheck.cells=o'\\''brien-generic@x86_64' -Dptcheck.seed=0"
                + " '-Dptcheck.strategyClasses=io.github.ptcheck.maven.CommandsTest$Quoted'", check);
        assertEquals("test-compile\nptcheck:check\n-Dptcheck.cells=o'brien-generic@x86_64\n-Dptcheck.seed=0\n"
                + "-Dptcheck.strategyClasses=io.github.ptcheck.maven.CommandsTest$Quoted\n", shellWords(check, "./mvnw"));
        String replay = c.replay(cell, "target/ptcheck/o'brien-generic@x86_64.ptcheck");
        assertEquals("test-compile\nptcheck:replay\n-Dptcheck.file=target/ptcheck/o'brien-generic@x86_64.ptcheck\n"
                + "-Dptcheck.strategyClasses=io.github.ptcheck.maven.CommandsTest$Quoted\n", shellWords(replay, "./mvnw"));
        Path project = Files.createDirectories(top.resolve("my modules/kernel"));
        assertEquals("mvn -f 'my modules/kernel/pom.xml'", Commands.launcher(top, project));
    }

    @Test
    void theLauncherIsTheWrapperWhenThereIsOneAndNamesAProjectBelowTheTop(@TempDir Path top) throws Exception {
        Path project = Files.createDirectories(top.resolve("examples/kernel-strategies"));
        assertEquals("mvn -f examples/kernel-strategies/pom.xml", Commands.launcher(top, project));
        Files.writeString(top.resolve("mvnw"), "#!/bin/sh\n");
        assertEquals("./mvnw -f examples/kernel-strategies/pom.xml", Commands.launcher(top, project));
        assertEquals("./mvnw", Commands.launcher(top, top));
        Path elsewhere = Files.createDirectories(top.resolve("../elsewhere-" + top.getFileName()));
        assertEquals("./mvnw -f " + elsewhere.toAbsolutePath().normalize() + "/pom.xml",
                Commands.launcher(top, elsewhere));
    }
}
