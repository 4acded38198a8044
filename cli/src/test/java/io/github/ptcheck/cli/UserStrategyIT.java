package io.github.ptcheck.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's strategy classes, compiled here against the jar as a user compiles them against
 * ptcheck, loaded with {@code --strategy-path} and {@code --strategy-class}.
 */
class UserStrategyIT {

    @TempDir
    static Path dir;

    /** The generic scheme of the README, and two broken variants of it. */
    private static final String WHOLE_PAGE = """
            package com.example;

            import io.github.ptcheck.arch.Preset;
            import io.github.ptcheck.invariant.Violation;
            import io.github.ptcheck.model.Machine;
            import io.github.ptcheck.model.Slot;
            import io.github.ptcheck.model.Table;
            import io.github.ptcheck.strategy.Strategy;
            import io.vavr.control.Either;

            public class WholePage implements Strategy {
                public String name() { return "whole-page"; }
                public String source() { return "mm/pgtable-generic.c, 6.6"; }
                public boolean serves(Preset p) { return p.tablesPerPage() == 1; }
                public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
                    Machine.PageAlloc a = m.allocPage();
                    return a.machine().pagetablePteCtor(a.pfn()).map(m1 -> new Allocated(m1, new Slot(a.pfn(), 0)));
                }
                public Either<Violation, Machine> pteFree(Machine m, Table t) {
                    return m.pagetablePteDtor(t.pfn()).flatMap(m1 -> m1.freePage(t.pfn()));
                }
                public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
                    return m.callRcu(t.pfn(), "pte_free_now");
                }
                public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
                    return pteFree(m, t);
                }
                public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
                    return m.pagetablePteDtor(pfn).flatMap(m1 -> m1.freePage(pfn));
                }
            }
            """;

    private static final String FREE_AT_ONCE = """
            package com.example;

            /** Broken on purpose: pte_free_defer frees the page at once, without a grace period. */
            public class FreeAtOnce extends WholePage {
                public String name() { return "free-at-once"; }
                public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine>
                        pteFreeDefer(io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) {
                    return pteFree(m, t);
                }
            }
            """;

    private static final String THROWS = """
            package com.example;

            /** Unfinished: its deferral throws. */
            public class Throws extends WholePage {
                public String name() { return "throws"; }
                public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine>
                        pteFreeDefer(io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) {
                    throw new IllegalStateException("not written yet");
                }
            }
            """;

    private static final String EXITS = """
            package com.example;

            /** Ends the JVM from a routine, as though all were well. */
            public class Exits extends WholePage {
                public String name() { return "exits"; }
                public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine>
                        pteFreeDefer(io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) {
                    System.exit(0);
                    return null;
                }
            }
            """;

    private static final String LOOPER = """
            package com.example;

            /** Never returns from its deferral (it sleeps, so that its abandoned thread does not take a core). */
            public class Looper extends WholePage {
                public String name() { return "looper"; }
                public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine>
                        pteFreeDefer(io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) {
                    while (true) {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException ignored) {
                            // as a plain loop would
                        }
                    }
                }
            }
            """;

    private static final String RACY = """
            package com.example;

            /** Assumes no other CPU is inside pte_alloc_one: throws when it finds a page allocated, not yet a table. */
            public class Racy extends WholePage {
                public String name() { return "racy"; }
                public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, Allocated> pteAllocOne(
                        io.github.ptcheck.model.Machine m, int mm) {
                    for (int pfn = m.nextAllocatedPfn(0); pfn >= 0; pfn = m.nextAllocatedPfn(pfn + 1)) {
                        if (!m.pageOrNull(pfn).pageTable()) {
                            throw new IllegalStateException("page " + pfn + " is not a page table yet");
                        }
                    }
                    return super.pteAllocOne(m, mm);
                }
            }
            """;

    @BeforeAll
    static void compile() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/com/example"));
        Files.writeString(src.resolve("WholePage.java"), WHOLE_PAGE);
        Files.writeString(src.resolve("FreeAtOnce.java"), FREE_AT_ONCE);
        Files.writeString(src.resolve("Throws.java"), THROWS);
        Files.writeString(src.resolve("Exits.java"), EXITS);
        Files.writeString(src.resolve("Looper.java"), LOOPER);
        Files.writeString(src.resolve("Racy.java"), RACY);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", Ptcheck.jar().toString(),
                src.resolve("WholePage.java").toString(), src.resolve("FreeAtOnce.java").toString(),
                src.resolve("Throws.java").toString(), src.resolve("Exits.java").toString(),
                src.resolve("Looper.java").toString(), src.resolve("Racy.java").toString());
        assertEquals(0, rc, "the strategies compile against the jar");
    }

    @Test
    void yourStrategiesAreCheckedOnThePresetsTheyServeAndAnyViolationExitsOne() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "check", "--strategy-path", "classes", "--strategy-class",
                "com.example.WholePage", "--strategy-class", "com.example.FreeAtOnce", "--tries", "50");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*\nwhole-page@x86_64 +passed +50/50 .*"), "its presets, not the built-ins: " + r);
        assertTrue(r.out().contains("\nFAILED free-at-once on 6 presets: x86_64, arm64-4k, arm64-64k, powerpc64-4k,"
                + " s390x-pgste, sparc64\n"), r::toString);
        assertTrue(r.out().contains(" check free-at-once@x86_64 "), r::toString);
        assertTrue(r.out().contains(" --strategy-path " + dir.resolve("classes").toAbsolutePath().normalize()
                + " --strategy-class com.example.WholePage --strategy-class com.example.FreeAtOnce\n"), r::toString);


        Ptcheck.Run run = Ptcheck.run(dir, "run", "free-at-once@x86_64", "alloc mm0; readLock cpu0; lookup cpu0 t0;"
                + " freeDeferred t0", "--strategy-path", "classes", "--strategy-class", "com.example.FreeAtOnce");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("ptcheck run: free-at-once@x86_64, 4 operations: broke USE_AFTER_FREE at step 4"),
                run::toString);
    }

    /** The file --save writes says how to load the strategy it needs, and that command replays it. */
    @Test
    void aSavedFileOfYourStrategyNamesItsClassesAndReplaysSo() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "check", "free-at-once@x86_64", "--strategy-path", "classes",
                "--strategy-class", "com.example.FreeAtOnce", "--save", "saved");
        assertEquals(1, r.exit(), r::toString);
        Path file = dir.resolve("saved/free-at-once@x86_64.ptcheck");
        String classes = dir.resolve("classes").toAbsolutePath().normalize().toString();
        String text = Files.readString(file);
        assertTrue(text.contains("\n#   ptcheck replay --strategy-path " + classes
                + " --strategy-class com.example.FreeAtOnce <this file>\n"), text);

        Ptcheck.Run again = Ptcheck.run(dir, "replay", "--strategy-path", classes, "--strategy-class",
                "com.example.FreeAtOnce", file.toString());
        assertEquals(1, again.exit(), "it reproduces the violation: " + again);
        assertTrue(text.contains("\nviolation: EARLY_FREE step=3 page=0\n"), text);
        assertTrue(again.out().contains("\nreproduced on free-at-once on x86_64: EARLY_FREE at step 3 on page 0"),
                again::toString);
    }

    /**
     * The jobs' --json reports record the options that loaded the strategy in the counterexample
     * they carry, so the merge prints a replay command that loads it, not a {@code <its classes>}
     * to fill in, and that command, run as printed, reproduces the violation.
     */
    @Test
    void theMergeOfJobsOfYourStrategyPrintsAReplayThatLoadsIt() throws Exception {
        String[] load = {"--strategy-path", "classes", "--strategy-class", "com.example.FreeAtOnce",
                "--strategy-class", "com.example.WholePage"};
        for (String job : new String[] {"1/2", "2/2"}) {
            Ptcheck.Run r = Ptcheck.run(dir, concat(new String[] {"check", "free-at-once@x86_64", "whole-page@x86_64",
                    "--shard", job, "--json", "mjson/job" + job.charAt(0) + ".json"}, load));
            assertTrue(r.exit() == 0 || r.exit() == 1, r::toString);
        }
        Ptcheck.Run merged = Ptcheck.run(dir, "merge", "mjson/job1.json", "mjson/job2.json", "--save", "mcex");
        assertEquals(1, merged.exit(), merged::toString);
        String classes = dir.resolve("classes").toAbsolutePath().normalize().toString();
        String replay = merged.out().lines().filter(l -> l.startsWith("  replay:")).findFirst().orElseThrow();
        assertTrue(replay.endsWith(" replay --strategy-path " + classes + " --strategy-class com.example.FreeAtOnce"
                + " --strategy-class com.example.WholePage mcex/free-at-once@x86_64.ptcheck"), replay);
        assertTrue(!merged.out().contains("<its classes>"), merged::toString);
        Ptcheck.Run replayed = shell(replay.substring("  replay:".length()).strip());
        assertEquals(1, replayed.exit(), "the merge's replay line replays the file: " + replayed);
        assertTrue(replayed.out().contains("reproduced on free-at-once on x86_64: EARLY_FREE"), replayed::toString);
    }

    /** The commands ptcheck prints run as printed from a shell when a path has a space or a quote in it. */
    @Test
    void theCommandsItPrintsRunFromAShellWithSpacesInThePaths() throws Exception {
        Path spaced = Files.createDirectories(dir.resolve("it's my classes"));
        try (java.util.stream.Stream<Path> all = Files.walk(dir.resolve("classes"))) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Path to = spaced.resolve(dir.resolve("classes").relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Ptcheck.Run r = Ptcheck.run(dir, "check", "throws@x86_64", "free-at-once@x86_64", "--tries", "30",
                "--strategy-path", spaced.getFileName().toString(), "--strategy-class", "com.example.Throws",
                "--strategy-class", "com.example.FreeAtOnce", "--save", "saved finds");
        assertEquals(3, r.exit(), r::toString);
        String reproduce = r.err().lines().filter(l -> l.startsWith("  reproduce: ")).findFirst().orElseThrow();
        assertTrue(reproduce.contains(" --strategy-path '" + dir.toAbsolutePath().normalize() + "/it'\\''s my classes'"
                + " --strategy-class com.example.Throws"), reproduce);
        Ptcheck.Run again = shell(reproduce.substring("  reproduce: ".length()));
        assertEquals(3, again.exit(), "the reproduce line makes it throw again: " + again);
        assertTrue(again.err().contains("strategy 'throws' threw in pte_free_defer"), again::toString);
        String replay = r.out().lines().filter(l -> l.startsWith("  replay:")).findFirst().orElseThrow();
        Ptcheck.Run replayed = shell(replay.substring("  replay:".length()).strip());
        assertEquals(1, replayed.exit(), "the replay line replays the file: " + replayed);
        assertTrue(replayed.out().contains("EARLY_FREE"), replayed::toString);
    }

    private static Ptcheck.Run shell(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Ptcheck.Run(p.waitFor(), out, err);
    }

    @Test
    void aStrategyThatThrowsExitsThreeAndAMissingClassTwo() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "check", "throws@x86_64", "whole-page@x86_64", "--strategy-path", "classes",
                "--strategy-class", "com.example.Throws", "--strategy-class", "com.example.WholePage");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*\nwhole-page@x86_64 +passed +200/200 .*"), "the other cell's verdict: " + r);
        // The header counted 2 cells; the totals line of the table, which holds one, says where the other is.
        assertTrue(r.out().contains(": 2 cells, seed 0, ") && r.out().contains("\nptcheck: 1 cell judged, 1 not judged"
                + " (below): 0 failed, 1 passed; "), r::toString);
        assertTrue(r.out().contains("\nptcheck: every cell judged as expected: 1 passed, 0 broke the invariant expected"
                + " of it; 1 not judged (below)\n"), "not 'every cell as expected': " + r);
        assertTrue(r.err().startsWith("ptcheck cannot judge throws@x86_64: strategy 'throws' threw in pte_free_defer at"
                + " step "), r::toString);
        assertTrue(r.err().contains("not written yet"), r::toString);
        assertTrue(r.err().matches("(?s).*\n  seed 0, \\d+(st|nd|rd|th) try; the operations as run \\(the teardown follows them\\):"
                + " alloc mm0; [^\n]*freeDeferred t\\d+\n.*"), r::toString);
        assertTrue(r.err().contains("\n    at com.example.Throws.pteFreeDefer(Throws.java:8)\n"), "the line to fix: " + r);
        String command = r.err().lines().filter(l -> l.startsWith("  reproduce: ")).findFirst().orElseThrow();
        assertTrue(command.endsWith(" --strategy-path " + dir.resolve("classes").toAbsolutePath().normalize()
                + " --strategy-class com.example.Throws --strategy-class com.example.WholePage"), command);
        java.util.List<String> words = java.util.List.of(command.substring(command.indexOf(" run ") + 5).split("\""));
        Ptcheck.Run again = Ptcheck.run(dir, "run", words.get(0).strip(), words.get(1), "--strategy-path", "classes",
                "--strategy-class", "com.example.Throws");
        assertEquals(3, again.exit(), "the command makes it throw again: " + again);
        assertTrue(again.err().contains("threw in pte_free_defer"), again::toString);

        Ptcheck.Run traced = Ptcheck.run(dir, java.util.Map.of("PTCHECK_STACKTRACE", "1"), "check", "throws@x86_64",
                "--strategy-path", "classes", "--strategy-class", "com.example.Throws");
        assertTrue(traced.err().contains("java.lang.IllegalStateException: not written yet\n\tat com.example.Throws"),
                "PTCHECK_STACKTRACE=1 prints the whole trace: " + traced);

        // explore: the other cell's verdict too, and the operations found by the search, which throw again.
        Ptcheck.Run e = Ptcheck.run(dir, "explore", "throws@x86_64", "whole-page@x86_64", "--depth", "3",
                "--strategy-path", "classes", "--strategy-class", "com.example.Throws", "--strategy-class",
                "com.example.WholePage");
        assertEquals(3, e.exit(), e::toString);
        assertTrue(e.out().matches("(?s).*\nwhole-page@x86_64 +passed +clean to depth 3 of 3; .*"), e::toString);
        assertTrue(e.out().contains("ptcheck explore: 2 cells, every sequence of up to 3 operations; ")
                && e.out().contains("\nptcheck: 1 cell judged, 1 not judged (below)\nwhole-page@x86_64 "), e::toString);
        assertTrue(e.out().contains("ptcheck: not judged, their strategy failed (standard error says where):"
                + " throws@x86_64\n"), e::toString);
        assertTrue(e.out().contains("\nptcheck: every cell judged as expected: 1 passed, 0 broke the invariant expected"
                + " of it; 1 not judged (below)\n"), e::toString);
        assertTrue(e.err().contains("\n  found by exhaustive search; the operations (the teardown follows them):"
                + " alloc mm0; freeDeferred t0\n"), e::toString);
        assertTrue(e.err().contains(" run throws@x86_64 \"alloc mm0; freeDeferred t0\" --strategy-path "), e::toString);
        // The interleaved search too judges the other cell and tells the failed one.
        Ptcheck.Run i = Ptcheck.run(dir, "explore", "throws@x86_64", "whole-page@x86_64", "--depth", "2",
                "--interleavings", "--strategy-path", "classes", "--strategy-class", "com.example.Throws",
                "--strategy-class", "com.example.WholePage");
        assertEquals(3, i.exit(), i::toString);
        assertTrue(i.out().matches("(?s).*\nwhole-page@x86_64 +passed +clean to depth 2 of 2; .*"), i::toString);
        assertTrue(i.out().contains("\nptcheck: 1 cell judged, 1 not judged (below)\nwhole-page@x86_64 "), i::toString);
        assertTrue(i.out().contains("ptcheck: not judged, their strategy failed (standard error says where):"
                + " throws@x86_64\n"), i::toString);
        assertTrue(i.err().startsWith("ptcheck cannot judge throws@x86_64: strategy 'throws' threw in pte_free_defer"),
                i::toString);
        assertTrue(i.err().contains("\n  found by exhaustive search; the operations (the teardown follows them):"
                + " alloc mm0; freeDeferred t0\n"), i::toString);
        assertTrue(i.err().contains(" run throws@x86_64 \"alloc mm0; freeDeferred t0\" --strategy-path "), i::toString);

        Ptcheck.Run missing = Ptcheck.run(dir, "check", "--strategy-path", "classes", "--strategy-class",
                "com.example.Missing");
        assertEquals(2, missing.exit(), missing::toString);
        assertTrue(missing.err().startsWith("ptcheck: strategy class com.example.Missing is not in --strategy-path"
                + " [classes] (java.lang.ClassNotFoundException: com.example.Missing); check the class name"),
                missing::toString);
    }

    /**
     * A cell whose strategy failed is no pass in the --json report either, even when it is the only
     * cell (no verdict at all to conclude), and a merge of a matrix's reports fails on it.
     */
    @Test
    void aCellWhoseStrategyFailedIsNotJudgedInTheJsonReportAndItsMergeFails() throws Exception {
        String[] load = {"--strategy-path", "classes", "--strategy-class", "com.example.Throws", "--strategy-class",
                "com.example.WholePage"};
        Ptcheck.Run alone = Ptcheck.run(dir, concat(new String[] {"check", "throws@x86_64", "--tries", "20", "--json",
                "json/alone.json"}, load));
        assertEquals(3, alone.exit(), alone::toString);
        String json = java.nio.file.Files.readString(dir.resolve("json/alone.json"));
        assertTrue(json.contains("\"notJudged\": 1,"), json);
        assertTrue(json.contains("\"verdict\": \"notJudged\","), json);
        assertTrue(json.contains("\"reproduce\": \"" ), json);
        for (String job : new String[] {"1/2", "2/2"}) {
            Ptcheck.Run r = Ptcheck.run(dir, concat(new String[] {"explore", "throws@x86_64", "whole-page@x86_64",
                    "--depth", "2", "--shard", job, "--json", "json/job" + job.charAt(0) + ".json"}, load));
            assertTrue(r.exit() == 0 || r.exit() == 3, r::toString);
        }
        Ptcheck.Run merged = Ptcheck.run(dir, "merge", "json/job1.json", "json/job2.json");
        assertEquals(3, merged.exit(), "a matrix with a cell not judged does not pass: " + merged);
        assertTrue(merged.out().contains("1 not judged (their strategy failed)"), merged::toString);
        assertTrue(merged.out().contains("\nptcheck: not judged: 1 cell (the blocks above say where the strategy"
                + " failed and how to run it again)\n"), "no verdict was unexpected: " + merged);
        assertTrue(merged.out().contains("\nNOT JUDGED throws@x86_64\n  strategy 'throws' threw in pte_free_defer at"
                + " step 2 (freeDeferred t0): "), "the merge's output alone says what failed: " + merged);
        assertTrue(merged.out().contains("\n  the operations as run (the teardown follows them): alloc mm0;"
                + " freeDeferred t0\n  reproduce: "), merged::toString);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * A strategy that fails only when two operations overlap: the interleaving search gives the
     * operations and the schedule, and its reproduce line (with {@code --schedule}) fails again.
     */
    @Test
    void aFailureTheInterleavingSearchFindsIsReproducedWithItsSchedule() throws Exception {
        Ptcheck.Run plain = Ptcheck.run(dir, "explore", "racy@x86_64", "--depth", "2", "--strategy-path", "classes",
                "--strategy-class", "com.example.Racy");
        assertEquals(0, plain.exit(), "whole operations never meet a page half allocated: " + plain);
        Ptcheck.Run i = Ptcheck.run(dir, "explore", "racy@x86_64", "--depth", "2", "--interleavings",
                "--strategy-path", "classes", "--strategy-class", "com.example.Racy");
        assertEquals(3, i.exit(), i::toString);
        assertTrue(i.err().startsWith("ptcheck cannot judge racy@x86_64: strategy 'racy' threw in pte_alloc_one at step 2"
                + " (alloc mm0): java.lang.IllegalStateException: page 0 is not a page table yet."), i::toString);
        assertTrue(i.err().contains("\n  found by exhaustive search; the operations (the teardown follows them):"
                + " alloc mm0; alloc mm0; overlapped under the schedule 1:1 2 1\n"), i::toString);
        String command = i.err().lines().filter(l -> l.startsWith("  reproduce: ")).findFirst().orElseThrow();
        assertTrue(command.endsWith(" run racy@x86_64 \"alloc mm0; alloc mm0\" --schedule \"1:1 2 1\" --strategy-path "
                + dir.resolve("classes").toAbsolutePath().normalize() + " --strategy-class com.example.Racy"), command);
        java.util.List<String> words = java.util.List.of(command.substring(command.indexOf(" run ") + 5).split("\""));
        Ptcheck.Run again = Ptcheck.run(dir, "run", words.get(0).strip(), words.get(1), words.get(2).strip(),
                words.get(3), "--strategy-path", "classes", "--strategy-class", "com.example.Racy");
        assertEquals(3, again.exit(), "the command makes it throw again: " + again);
        assertTrue(again.err().contains("strategy 'racy' threw in pte_alloc_one at step 2 (alloc mm0)"), again::toString);

        // A random check: the PCT schedule of a try that made it throw, with the operations up to its window.
        Ptcheck.Run c = Ptcheck.run(dir, "check", "racy@x86_64", "--tries", "30", "--interleavings",
                "--strategy-path", "classes", "--strategy-class", "com.example.Racy");
        assertEquals(3, c.exit(), c::toString);
        assertTrue(c.err().matches("(?s).*\n  seed 0, 11th try; the operations as run \\(the teardown follows them\\):"
                + " alloc mm1; [^\n]*; alloc mm0; overlapped under the schedule 23:1 24:0\n.*"), c::toString);
        String checked = c.err().lines().filter(l -> l.startsWith("  reproduce: ")).findFirst().orElseThrow();
        java.util.List<String> parts = java.util.List.of(checked.substring(checked.indexOf(" run ") + 5).split("\""));
        Ptcheck.Run rerun = Ptcheck.run(dir, "run", parts.get(0).strip(), parts.get(1), parts.get(2).strip(),
                parts.get(3), "--strategy-path", "classes", "--strategy-class", "com.example.Racy");
        assertEquals(3, rerun.exit(), "the command makes it throw again: " + rerun);
        assertTrue(rerun.err().contains("strategy 'racy' threw in pte_alloc_one at step 24 (alloc mm0)"),
                rerun::toString);
    }

    /**
     * A strategy that never returns is given up on after the call timeout (--call-timeout 1, not
     * the default 10 s) in its own cell: the other cells are judged, and its block says where it
     * hung and how to run that again, the call timeout included; run and replay take it too.
     */
    @Test
    void aStrategyThatLoopsFailsItsCellOnlyInCheckAndExplore() throws Exception {
        String reproduce = " --strategy-path " + dir.resolve("classes").toAbsolutePath().normalize()
                + " --strategy-class com.example.Looper --strategy-class com.example.WholePage --call-timeout 1";
        Ptcheck.Run r = Ptcheck.run(dir, "check", "looper@x86_64", "whole-page@x86_64", "--tries", "20",
                "--strategy-path", "classes", "--strategy-class", "com.example.Looper", "--strategy-class",
                "com.example.WholePage", "--call-timeout", "1");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*\nwhole-page@x86_64 +passed +20/20 .*"), "the other cell's verdict: " + r);
        assertTrue(r.err().startsWith("ptcheck cannot judge looper@x86_64: strategy 'looper' did not return within 1 s"
                + " (the call timeout; "), r::toString);
        assertTrue(r.err().contains("\n  if the strategy is only slow, raise --call-timeout (seconds)\n"), r::toString);
        assertTrue(r.err().matches("(?s).*\n  seed 0, \\d+(st|nd|rd|th) try; the operations as run \\(the teardown"
                + " follows them\\): alloc mm0; [^\n]*freeDeferred t\\d+\n.*"), r::toString);
        String command = r.err().lines().filter(l -> l.startsWith("  reproduce: ")).findFirst().orElseThrow();
        assertTrue(command.contains(" run looper@x86_64 \"") && command.endsWith(reproduce), command);

        Ptcheck.Run e = Ptcheck.run(dir, "explore", "looper@x86_64", "whole-page@x86_64", "--depth", "3",
                "--workers", "1", "--strategy-path", "classes", "--strategy-class", "com.example.Looper",
                "--strategy-class", "com.example.WholePage", "--call-timeout", "1");
        assertEquals(3, e.exit(), e::toString);
        assertTrue(e.out().matches("(?s).*\nwhole-page@x86_64 +passed +clean to depth 3 of 3; .*"), e::toString);
        assertTrue(e.out().contains("ptcheck: not judged, their strategy failed (standard error says where):"
                + " looper@x86_64\n"), e::toString);
        assertTrue(e.err().startsWith("ptcheck cannot judge looper@x86_64: strategy 'looper' did not return within"
                + " 1 s"), e::toString);
        assertTrue(e.err().contains("\n  found by exhaustive search; the operations (the teardown follows them):"
                + " alloc mm0; freeDeferred t0\n"), e::toString);
        assertTrue(e.err().contains(" run looper@x86_64 \"alloc mm0; freeDeferred t0\"" + reproduce + "\n"),
                e::toString);

        // On two threads, where both get stuck: the same operations, those one thread finds first.
        Ptcheck.Run two = Ptcheck.run(dir, "explore", "looper@x86_64", "--depth", "3", "--workers", "2",
                "--strategy-path", "classes", "--strategy-class", "com.example.Looper", "--call-timeout", "1.5");
        assertEquals(3, two.exit(), two::toString);
        assertTrue(two.err().contains("\n  found by exhaustive search; the operations (the teardown follows them):"
                + " alloc mm0; freeDeferred t0\n"), two::toString);
        assertTrue(two.err().startsWith("ptcheck cannot judge looper@x86_64: strategy 'looper' did not return within"
                + " 1500 ms (the call timeout"), two::toString);
        assertTrue(two.err().contains(" run looper@x86_64 \"alloc mm0; freeDeferred t0\" --strategy-path "), two::toString);
        assertTrue(two.err().contains(" --strategy-class com.example.Looper --call-timeout 1.5\n"), two::toString);

        // The command it printed, and a file of those operations replayed: the same call timeout holds.
        Ptcheck.Run run = Ptcheck.run(dir, "run", "looper@x86_64", "alloc mm0; freeDeferred t0", "--strategy-path",
                "classes", "--strategy-class", "com.example.Looper", "--call-timeout", "1");
        assertEquals(3, run.exit(), run::toString);
        assertTrue(run.err().startsWith("ptcheck cannot judge: strategy 'looper' did not return within 1 s (the call"
                + " timeout; "), run::toString);
        Files.writeString(dir.resolve("loops.ptcheck"), "preset: x86_64\nstrategy: looper\nviolation: none\n\n"
                + "alloc mm0\nfreeDeferred t0\n");
        Ptcheck.Run replay = Ptcheck.run(dir, "replay", "loops.ptcheck", "--strategy-path", "classes",
                "--strategy-class", "com.example.Looper", "--call-timeout", "1");
        assertEquals(3, replay.exit(), replay::toString);
        assertTrue(replay.err().startsWith("ptcheck cannot judge: strategy 'looper' did not return within 1 s (the"
                + " call timeout; "), replay::toString);
    }

    /** System.exit(0) in a routine is no pass: the guard names the class and exits 3, in check and replay alike. */
    @Test
    void aStrategyThatCallsSystemExitExitsThree() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "check", "exits@x86_64", "--strategy-path", "classes", "--strategy-class",
                "com.example.Exits");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ptcheck cannot judge: strategy class com.example.Exits (in pteFreeDefer,"
                + " Exits.java:"), r::toString);
        assertTrue(r.err().contains(" called System.exit while the command ran"), r::toString);

        Ptcheck.Run run = Ptcheck.run(dir, "run", "exits@x86_64", "alloc mm0; freeDeferred t0", "--strategy-path",
                "classes", "--strategy-class", "com.example.Exits");
        assertEquals(3, run.exit(), run::toString);
        assertTrue(run.err().contains("com.example.Exits (in pteFreeDefer"), run::toString);
    }
}
