package io.github.ptcheck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ptcheck check} and {@code explore}, run as a process. */
class CheckIT {

    @TempDir
    Path dir;

    /** The main job: every built-in on every preset it serves, the verdict table, the powerpc trace first. */
    @Test
    void checkAllShowsTheVerdictTableAndThePowerpcTraceFirstAndExitsZero() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "check", "all");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("ptcheck: 29 cells: 10 failed (10 as expected), 19 passed; 159233 operations", lines.get(1),
                r::toString);
        assertTrue(lines.get(2).startsWith("cell "), r::toString);
        assertTrue(r.out().matches("(?s).*\npowerpc-naive-v1@powerpc64-hash-64k +failed as expected +10/200 .*"),
                r::toString);
        assertTrue(r.out().matches("(?s).*\ns390-hh-v2@s390x +failed as expected .* LEAK step 6 \\(teardown\\) .*"),
                r::toString);
        assertTrue(r.out().matches("(?s).*\ns390-hh-v2-intended@s390x +passed +200/200 .*"), r::toString);
        int block = lines.indexOf("failed as expected powerpc-naive-v1 on 2 presets: powerpc64-hash-64k,"
                + " powerpc64-radix-64k");
        assertEquals(34, block, "right after the table and a blank line: " + r);
        int marked = lines.indexOf("    >>  4  freeDeferred t1");
        assertTrue(marked > block && marked < 76, "the violating step of the trace within 76 lines (the locks count): "
                + r);
        assertTrue(r.out().contains("\n  expected: RCU_HEAD_REUSE (known verdict,"
                + " docs/strategies.md#the-two-bugs-of-the-first-patch)\n"), r::toString);
        assertEquals("ptcheck: every cell as expected: 19 passed, 10 broke the invariant expected of it",
                lines.get(lines.size() - 1));
        assertFalse(r.out().contains("[INFO]") || r.out().contains("\r") || r.out().contains("\033"),
                "plain text for an email");
        assertEquals("", r.err(), "no progress line when the output is not a terminal");
    }

    /** generic-v6.6 where tables share a page is the naive scheme: a violation nobody expected, on two presets. */
    @Test
    void aViolationNobodyExpectedIsOneBlockForItsPresetsExitsOneAndItsReplayRunsAnywhere() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "check", "generic-v6.6@powerpc64-hash-64k",
                "generic-v6.6@powerpc64-radix-64k", "--tries", "50", "--save", "found");
        assertEquals(1, r.exit(), r::toString);
        String jar = "java -jar " + Ptcheck.jar().toAbsolutePath().normalize();
        assertTrue(r.out().contains("\nFAILED generic-v6.6 on 2 presets: powerpc64-hash-64k, powerpc64-radix-64k\n"
                + "  RCU_HEAD_REUSE at step 4 on page 0: "), r::toString);
        assertTrue(r.out().contains("\n  counterexample: found/generic-v6.6@powerpc64-hash-64k.ptcheck\n"
                + "                  found/generic-v6.6@powerpc64-radix-64k.ptcheck\n"
                + "  reproduce: " + jar + " check generic-v6.6@powerpc64-hash-64k generic-v6.6@powerpc64-radix-64k"
                + " --seed 0 --tries 50\n"
                + "  replay:    " + jar + " replay found/generic-v6.6@powerpc64-hash-64k.ptcheck\n"), r::toString);
        assertTrue(r.out().endsWith("\nptcheck: not as expected: generic-v6.6 on 2 presets (RCU_HEAD_REUSE).\n"),
                r::toString);

        Path file = dir.resolve("found/generic-v6.6@powerpc64-radix-64k.ptcheck");
        String text = Files.readString(file);
        assertTrue(text.contains("\n#   ptcheck replay <this file>\n#   mvn io.github.ptcheck:ptcheck-maven-plugin:"),
                text);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Ptcheck.Run replay = Ptcheck.run(elsewhere, "replay", file.toString());
        assertEquals(1, replay.exit(), replay::toString);
        assertTrue(replay.out().contains("\nreproduced on generic-v6.6 on powerpc64-radix-64k: RCU_HEAD_REUSE at step 4"),
                replay::toString);
    }

    @Test
    void aKnownVerdictThatNoLongerHoldsExitsOne() throws Exception {
        // One operation per sequence cannot defer a table it allocated: the mm-exit finding is out of reach.
        Ptcheck.Run r = Ptcheck.run(dir, "check", "powerpc-pageactive-v6.6@powerpc64-hash-64k", "--max-length", "1",
                "--tries", "20");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("\nPASSED, expected to fail powerpc-pageactive-v6.6@powerpc64-hash-64k\n"
                + "  powerpc-pageactive-v6.6@powerpc64-hash-64k: 20 tries with seed 0 found no violation; the bug may need"
                + " more tries than 20 (the default is 200); within --max-length 1 (the default is 40): the bug may"
                + " need more\n"
                + "  expected BAD_PAGE_STATE or EARLY_FREE or USE_AFTER_FREE (known verdict, "), r::toString);
        assertTrue(r.out().contains("raise --tries and --max-length and run it again.\n"), r::toString);
        assertTrue(r.out().contains("reproduce: java -jar "), r::toString);
        assertTrue(r.out().contains(" check powerpc-pageactive-v6.6@powerpc64-hash-64k --seed 0 --tries 20"
                + " --max-length 1\n"), r::toString);
    }

    @Test
    void exploreFindsTheShortestAndAProgressLineOnlyWhenAskedForOffATerminal() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "explore", "powerpc-naive-v1@powerpc64-hash-64k", "generic-v6.6@x86_64",
                "--depth", "4", "--progress", "always");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("\npowerpc-naive-v1@powerpc64-hash-64k  failed as expected        RCU_HEAD_REUSE"
                + " in 4 operations; "), r::toString);
        assertTrue(r.out().contains("\ngeneric-v6.6@x86_64                  passed                    clean to depth"
                + " 4 of 4; "), r::toString);
        assertTrue(r.out().contains("\n  found by exhaustive search: 4 operations, none shorter:\n"), r::toString);
        assertTrue(r.err().contains("\r\033[Kexploring generic-v6.6@x86_64 [2/2]: depth "), r::toString);
        assertTrue(r.err().endsWith("\r\033[K"), "the line is cleared before the results: " + r);

        Ptcheck.Run shallow = Ptcheck.run(dir, "explore", "powerpc-naive-v1@powerpc64-hash-64k", "--depth", "3");
        assertEquals(0, shallow.exit(), "a known bug needs 4 operations: depth 3 expects nothing of it: " + shallow);
        assertTrue(shallow.out().contains("passed                    clean to depth 3 of 3"), shallow::toString);
    }

    @Test
    void noSymmetrySearchesEveryTableOfAPage() throws Exception {
        Ptcheck.Run reduced = Ptcheck.run(dir, "explore", "powerpc-refcount-v2@powerpc64-hash-64k", "--depth", "3");
        Ptcheck.Run every = Ptcheck.run(dir, "explore", "powerpc-refcount-v2@powerpc64-hash-64k", "--depth", "3",
                "--no-symmetry");
        assertEquals(0, every.exit(), every::toString);
        assertTrue(reduced.out().contains("clean to depth 3 of 3; 73 states"), reduced::toString);
        assertTrue(every.out().contains("; symmetry reduction off\n"), every::toString);
        assertTrue(every.out().contains("clean to depth 3 of 3; 309 states"), every::toString);
    }

    /**
     * The heap a budget message suggests is larger than the one the run had: twice it, in whole
     * gigabytes (a fixed {@code -Xmx2g} told someone with 1.2 GB, or 5 GB, to shrink it).
     */
    @Test
    void aSearchStoppedByTheHeapsBudgetSuggestsALargerHeap() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, java.util.Map.of("JDK_JAVA_OPTIONS", "-Xmx1200m"), "explore",
                "generic-v6.6@x86_64", "--depth", "12", "--workers", "1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains(", sized from the heap (JDK_JAVA_OPTIONS=-Xmx3g for more)"), r::toString);
    }

    /**
     * States holding a full radix page (256 tables) take several times the bytes a state the
     * budget is sized at: with a small heap the search stops cleanly when collections keep
     * leaving it nearly full, with what it proved (before the heap guard: out of memory, no result).
     */
    @Test
    void aSearchWhoseStatesOutgrowTheBudgetStopsCleanlyWhenTheHeapFills() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, java.util.Map.of("JDK_JAVA_OPTIONS", "-Xmx200m"), "explore",
                "powerpc-refcount-v2@powerpc64-radix-64k", "--depth", "12", "--workers", "1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("clean to depth "), r::toString);
        assertTrue(r.out().contains("stopped when the heap ran nearly full (its states are large;"
                + " JDK_JAVA_OPTIONS=-Xmx4g for more)"), r::toString);
    }

    @Test
    void usageErrorsExitTwoWithTheFixAndEveryCommandHasHelp() throws Exception {
        Ptcheck.Run unknown = Ptcheck.run(dir, "check", "powerpc-naive-v2");
        assertEquals(2, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().startsWith("ptcheck: unknown strategy 'powerpc-naive-v2' in the cells; known"
                + " strategies: generic-v6.6, "), unknown::toString);
        assertTrue(unknown.err().contains("(load yours with --strategy-path and --strategy-class)"), unknown::toString);
        Ptcheck.Run option = Ptcheck.run(dir, "check", "--tries", "many");
        assertEquals(2, option.exit(), option::toString);
        assertEquals("ptcheck: Invalid value for option '--tries': 'many' is not an int\nTry 'ptcheck check --help'.\n",
                option.err());
        Ptcheck.Run none = Ptcheck.run(dir);
        assertEquals(2, none.exit(), none::toString);
        // Every command's help, in-process: MainTest. Here, as a process, the two most used.
        for (String command : Arrays.asList("check", "run")) {
            Ptcheck.Run help = Ptcheck.run(dir, command, "--help");
            assertEquals(0, help.exit(), help::toString);
            assertTrue(help.out().startsWith("Usage: ptcheck " + command), help::toString);
        }
        Ptcheck.Run top = Ptcheck.run(dir, "--help");
        assertTrue(top.out().contains("\nExit codes:\n  0  every cell gave what was expected of it"), top::toString);
        assertEquals(0, top.exit());
    }
}
