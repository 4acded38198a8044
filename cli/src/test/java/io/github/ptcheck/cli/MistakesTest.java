package io.github.ptcheck.cli;

import io.github.ptcheck.op.OpKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a newcomer gets wrong first, and that ptcheck says so and how to go on: a misspelt
 * command or option, a schedule for operations that are not there, a finding with no file to
 * replay, a file naming a strategy the command line was not given, help text cut mid-command.
 */
class MistakesTest {

    @TempDir
    Path dir;

    /** A user's strategy for sparc32's shared pages (generic-v6.6's code, which serves no such preset). */
    public static class Srmmu extends io.github.ptcheck.strategy.ForwardingStrategy {
        public Srmmu() {
            super(io.github.ptcheck.strategy.Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "srmmu-generic";
        }

        @Override
        public boolean serves(io.github.ptcheck.arch.Preset preset) {
            return preset.name().equals("sparc32-srmmu");
        }
    }

    /** sparc32 has no THP, so no pte_free_defer: a run that defers a table there is an error at that operation. */
    @Test
    void freeDeferredOnAPresetWithoutPteFreeDeferIsAnError() throws Exception {
        Ptcheck.Run r = Ptcheck.inProcess("run", "srmmu-generic@sparc32-srmmu", "alloc mm0; freeDeferred t0",
                "--strategy-path", UserStrategyFaultsTest.classes(), "--strategy-class", Srmmu.class.getName());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ptcheck: operation 2 ('freeDeferred t0'): freeDeferred cannot run on"
                + " sparc32-srmmu: it has no pte_free_defer (sparc32 SRMMU: 64 x 4 B PTEs per table; no THP, so no"
                + " pte_free_defer); free the table with free or freeTlb, or name a preset that has it"), r::toString);
        Ptcheck.Run free = Ptcheck.inProcess("run", "srmmu-generic@sparc32-srmmu", "alloc mm0; free t0",
                "--strategy-path", UserStrategyFaultsTest.classes(), "--strategy-class", Srmmu.class.getName());
        assertEquals(0, free.exit(), free::toString);
    }

    @Test
    void aMisspeltCommandOrOptionIsAnsweredWithTheNearOne() {
        Ptcheck.Run command = Ptcheck.inProcess("chek", "all");
        assertEquals(2, command.exit(), command::toString);
        assertEquals("ptcheck: unknown command 'chek'; the commands are check, explore, merge, run, replay, presets,"
                + " strategies (did you mean 'check'?)\nTry 'ptcheck --help'.\n", command.err());
        Ptcheck.Run topOption = Ptcheck.inProcess("--chek");
        assertEquals(2, topOption.exit(), topOption::toString);
        assertTrue(topOption.err().startsWith("ptcheck: Unknown option: '--chek'\n"), topOption::toString);
        Ptcheck.Run option = Ptcheck.inProcess("check", "--seeed", "3");
        assertEquals(2, option.exit(), option::toString);
        assertTrue(option.err().startsWith("ptcheck: Unknown option: '--seeed'\n"), option::toString);
        assertTrue(option.err().contains("--seed"), option::toString);
        assertTrue(option.err().endsWith("Try 'ptcheck check --help'.\n"), option::toString);
    }

    @Test
    void aSearchABudgetStoppedIsNotALostBugAndItsCommandKeepsTheBudget() {
        Ptcheck.Run r = Ptcheck.inProcess("explore", "powerpc-naive-v1@powerpc64-hash-64k", "--depth", "5",
                "--state-budget", "30", "--workers", "1");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("\n  powerpc-naive-v1@powerpc64-hash-64k: stopped by --state-budget at depth 2 of 5"
                + " (30 states) before reaching the bug\n"), r::toString);
        assertTrue(r.out().contains("raise --state-budget and run it again.\n"), r::toString);
        assertTrue(r.out().contains(" explore powerpc-naive-v1@powerpc64-hash-64k --depth 5 --state-budget 30\n"),
                r::toString);
        assertFalse(r.out().contains("lost a bug") || r.out().contains("tries"), r::toString);
        assertTrue(r.out().endsWith("\nptcheck: not as expected: powerpc-naive-v1@powerpc64-hash-64k (expected violation"
                + " not reached within the state budget).\n"), "not 'not found': " + r);

        Ptcheck.Run few = Ptcheck.inProcess("check", "powerpc-naive-v1@powerpc64-hash-64k", "--tries", "1");
        assertEquals(1, few.exit(), few::toString);
        assertTrue(few.out().contains(": 1 try with seed 0 found no violation; the bug may need more tries than 1"
                + " (the default is 200)\n"), few::toString);
        assertFalse(few.out().contains("lost a bug"), few::toString);
        assertTrue(few.out().endsWith("(expected violation not reached within the tries).\n"), few::toString);

        // Sequences shorter than the bug's 3 operations cannot reach it: not a lost bug either.
        Ptcheck.Run shorter = Ptcheck.inProcess("check", "x86-v6.14-semi-rcu@x86_64", "--max-length", "2");
        assertEquals(1, shorter.exit(), shorter::toString);
        assertTrue(shorter.out().contains(": 200 tries with seed 0 found no violation; within --max-length 2 (the"
                + " default is 40): the bug may need more\n"), shorter::toString);
        assertTrue(shorter.out().contains("raise --max-length and run it again.\n"), shorter::toString);
        assertFalse(shorter.out().contains("lost a bug"), shorter::toString);
        assertTrue(shorter.out().endsWith("(expected violation not reached within --max-length 2).\n"),
                shorter::toString);
    }

    @Test
    void aPresetWhereAStrategyIsExpectedSuggestsTheCellsOnItAndABadBudgetIsSaidInTheOptionsWords() {
        Ptcheck.Run r = Ptcheck.inProcess("explore", "x86_64");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ptcheck: 'x86_64' in the cells is a preset, not a strategy: write"
                + " <strategy>@x86_64, e.g. generic-v6.6@x86_64 (the strategies that serve it: generic-v6.6,"), r::toString);
        assertTrue(r.err().contains(" x86-v6.14,"), r::toString);
        Ptcheck.Run zero = Ptcheck.inProcess("check", "generic-v6.6@x86_64", "--time-budget", "0");
        assertEquals(2, zero.exit(), zero::toString);
        assertEquals("ptcheck: --time-budget must be a positive number of seconds (decimals allowed, e.g. 30 or 0.5),"
                + " was 0\n", zero.err());
        Ptcheck.Run half = Ptcheck.inProcess("check", "generic-v6.6@x86_64", "--time-budget", "0.5", "--tries", "1",
                "--cpus", "1", "--mms", "1");
        assertEquals(0, half.exit(), half::toString);
        assertTrue(half.out().startsWith("ptcheck " + io.github.ptcheck.Version.current() + ": 1 cell, seed 0, 1 try"
                + " of up to 40 operations; 1 CPU, 1 mm, 40 tables\n"), half::toString);
    }

    /** The Maven plugin's range, 1 s and up, on every command that calls a strategy, before anything runs. */
    @Test
    void aCallTimeoutBelowOneSecondOrNotANumberIsRefusedBeforeAnythingRuns() {
        String[][] commands = {{"check"}, {"explore"}, {"run", "generic-v6.6@x86_64", "alloc mm0"},
            {"replay", "bug.ptcheck"}, {"presets"}, {"strategies"}};
        for (String[] command : commands) {
            for (String t : new String[]{"0", "0.5", "-3", "ten"}) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 2);
                args[command.length] = "--call-timeout";
                args[command.length + 1] = t;
                Ptcheck.Run r = Ptcheck.inProcess(args);
                assertEquals(2, r.exit(), r::toString);
                assertEquals("", r.out(), r::toString);
                assertEquals("ptcheck: --call-timeout must be at least 1 (seconds one strategy call may take; decimals"
                        + " allowed, e.g. 2.5), was " + t + "\n", r.err());
            }
        }
    }

    /** A call timeout that is not the default is in the commands that run the cell again; the default is not. */
    @Test
    void aCallTimeoutGivenIsInTheCommandsThatRunAgain() {
        String cell = "powerpc-naive-v1@powerpc64-hash-64k";
        Ptcheck.Run r = Ptcheck.inProcess("check", cell, "--tries", "1", "--call-timeout", "2.5");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains(" check " + cell + " --seed 0 --tries 1 --call-timeout 2.5\n"), r::toString);
        Ptcheck.Run e = Ptcheck.inProcess("explore", cell, "--depth", "5", "--state-budget", "30", "--workers", "1",
                "--call-timeout", "30");
        assertEquals(1, e.exit(), e::toString);
        assertTrue(e.out().contains(" explore " + cell + " --depth 5 --state-budget 30 --call-timeout 30\n"),
                e::toString);
        Ptcheck.Run ten = Ptcheck.inProcess("check", cell, "--tries", "1", "--call-timeout", "10.0");
        assertEquals(1, ten.exit(), ten::toString);
        assertTrue(ten.out().contains(" check " + cell + " --seed 0 --tries 1\n"), ten::toString);
    }

    @Test
    void aStateBudgetOrWorkersOutOfRangeIsRefusedInTheOptionsWordsBeforeTheHeader() {
        for (String budget : new String[]{"0", "-1", "1073741824"}) {
            Ptcheck.Run r = Ptcheck.inProcess("explore", "generic-v6.6@x86_64", "--state-budget", budget);
            assertEquals(2, r.exit(), r::toString);
            assertEquals("", r.out(), "no header naming the budget it refuses: " + r);
            assertEquals("ptcheck: --state-budget must be between 1 and 1073741823 states, was " + budget
                    + " (the boot state alone is one state)\n", r.err());
        }
        Ptcheck.Run w = Ptcheck.inProcess("explore", "generic-v6.6@x86_64", "--workers", "-1");
        assertEquals(2, w.exit(), w::toString);
        assertEquals("ptcheck: --workers must be between 0 and 1024, was -1 (0: one thread per processor but one,"
                + " at least one)\n", w.err());
    }

    @Test
    void aHeaderAmongRunsOperationsIsSaidToBeOne() {
        Ptcheck.Run r = Ptcheck.inProcess("run", "generic-v6.6@x86_64", "preset: x86_64; alloc mm0");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("ptcheck: operation 1 ('preset: x86_64'): a header line: run takes the preset and strategy from"
                + " the cell and records the violation itself, so give only operations (a whole counterexample file"
                + " is what replay takes)\n", r.err());
        // After the operations too: the header lines run put first are not the user's to be told of.
        Ptcheck.Run after = Ptcheck.inProcess("run", "generic-v6.6@x86_64", "alloc mm0; strategy: foo");
        assertEquals(2, after.exit(), after::toString);
        assertEquals("ptcheck: operation 2 ('strategy: foo'): a header line: run takes the preset and strategy from"
                + " the cell and records the violation itself, so give only operations (a whole counterexample file"
                + " is what replay takes)\n", after.err());
        Ptcheck.Run seed = Ptcheck.inProcess("run", "generic-v6.6@x86_64", "alloc mm0; alloc mm0; seed: 3");
        assertEquals(2, seed.exit(), seed::toString);
        assertTrue(seed.err().startsWith("ptcheck: operation 3 ('seed: 3'): header 'seed:' after the first operation"
                + " (operation 1);"), seed::toString);
    }

    @Test
    void aRunThatPassesWithAnOperationSkippedSaysWhichOnItsLastLine() {
        // t1 where t0 was meant: the deferral never runs, and a bare "passed" would read as a safe scheme.
        Ptcheck.Run r = Ptcheck.inProcess("run", "x86-v6.14-early-dtor@x86_64", "alloc mm0; readLock cpu0; reclaim t1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().endsWith("\nptcheck run: x86-v6.14-early-dtor@x86_64, 3 operations: passed; 1 operation was"
                + " skipped: step 3: reclaim t1 skipped (t1 was never allocated)\n"), r::toString);
        Ptcheck.Run whole = Ptcheck.inProcess("run", "x86-v6.14-early-dtor@x86_64", "alloc mm0; readLock cpu0; reclaim t0");
        assertTrue(whole.out().endsWith("\nptcheck run: x86-v6.14-early-dtor@x86_64, 3 operations: broke EARLY_FREE at"
                + " step 3\n"), whole::toString);
    }

    @Test
    void oneStateIsOneState() {
        Ptcheck.Run r = Ptcheck.inProcess("explore", "generic-v6.6@x86_64", "--depth", "1", "--state-budget", "1");
        assertTrue(r.out().startsWith("ptcheck explore: 1 cell, every sequence of up to 1 operation; "), r::toString);
        assertTrue(r.out().contains("; at most 1 state per cell\n"), r::toString);
        assertTrue(r.out().contains(" clean to depth 0 of 1; 1 state; stopped by --state-budget\n"), r::toString);
    }

    @Test
    void depthZeroWhichExploresNoOperationIsAnError() {
        Ptcheck.Run r = Ptcheck.inProcess("explore", "generic-v6.6@x86_64", "--depth", "0");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("ptcheck: --depth must be 1 or more: --depth 0 explores no operation, only the teardown of the"
                + " boot state; give the operations per sequence, e.g. --depth 5 (the default)\n", r.err());
        Ptcheck.Run negative = Ptcheck.inProcess("explore", "generic-v6.6@x86_64", "--depth", "-1");
        assertEquals(2, negative.exit(), negative::toString);
        assertTrue(negative.err().startsWith("ptcheck: --depth must be 1 or more, was -1"), negative::toString);
    }

    @Test
    void anEmptyScheduleIsAnErrorAsInAFile() {
        Ptcheck.Run r = Ptcheck.inProcess("run", "generic-v6.6@x86_64", "alloc mm0", "--schedule", "");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ptcheck: --schedule \"\": expected a schedule like '1:2 2 1'"), r::toString);
        assertTrue(r.err().endsWith("leave --schedule out for operations run whole, in order\n"), r::toString);
    }

    @Test
    void aScheduleTurnNamingAnOperationNotGivenIsAnError() {
        Ptcheck.Run r = Ptcheck.inProcess("run", "powerpc-naive-v1@powerpc64-hash-64k", "alloc mm0; alloc mm0",
                "--schedule", "2:1 5");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out());
        assertEquals("ptcheck: --schedule \"2:1 5\": schedule turn '5' names operation 5 of a sequence of 2; a turn"
                + " names an operation by its number in the sequence, 1 to 2\n", r.err());
    }

    /** A step or kernel-call count of the right form but past an int is too large, not malformed. */
    @Test
    void aScheduleTurnTooLargeIsSaidToBeSo() {
        for (String turn : new String[]{"99999999999", "1:99999999999", "2147483648"}) {
            Ptcheck.Run r = Ptcheck.inProcess("run", "powerpc-naive-v1@powerpc64-hash-64k", "alloc mm0; alloc mm0",
                    "--schedule", turn);
            assertEquals(2, r.exit(), r::toString);
            assertEquals("ptcheck: --schedule \"" + turn + "\": schedule turn '" + turn + "': the number is too large"
                    + " (at most 2147483647)\n", r.err());
        }
        Ptcheck.Run malformed = Ptcheck.inProcess("run", "powerpc-naive-v1@powerpc64-hash-64k", "alloc mm0",
                "--schedule", "00");
        assertTrue(malformed.err().contains("schedule turn '00' is not N (step N runs to its end)"), malformed::toString);
    }

    @Test
    void aFindingWithoutSaveSaysHowToGetItsFileAndWithSaveItIsWritten() throws Exception {
        String[] cell = {"check", "powerpc-naive-v1@powerpc64-hash-64k", "--tries", "20"};
        Ptcheck.Run bare = Ptcheck.inProcess(cell);
        assertEquals(0, bare.exit(), bare::toString);
        assertTrue(bare.out().endsWith("\nptcheck: no counterexample file written; --save DIR writes the finding to"
                + " DIR/<strategy>@<preset>.ptcheck, for " + Launcher.command() + " replay\n"
                + "ptcheck: every cell as expected: 0 passed, 1 broke the invariant expected of it\n"), bare::toString);

        Path found = dir.resolve("found");
        Ptcheck.Run saved = Ptcheck.inProcess("check", cell[1], "--tries", "20", "--save", found.toString());
        assertFalse(saved.out().contains("no counterexample file written"), saved::toString);
        assertTrue(Files.isRegularFile(found.resolve("powerpc-naive-v1@powerpc64-hash-64k.ptcheck")));

        Ptcheck.Run passing = Ptcheck.inProcess("check", "generic-v6.6@x86_64", "--tries", "5");
        assertFalse(passing.out().contains("counterexample"), "nothing found, nothing to save: " + passing);
    }

    @Test
    void aFileNamingAStrategyNotLoadedSaysWhichOptionsLoadIt() throws Exception {
        Path file = dir.resolve("mine.ptcheck");
        Files.writeString(file, "preset: x86_64\nstrategy: my-generic\nviolation: none\nalloc mm0\n");
        Ptcheck.Run r = Ptcheck.inProcess("replay", file.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ptcheck: " + file + ":2:11: unknown strategy 'my-generic'; expected one of: "
                + "generic-v6.6, "), r::toString);
        assertTrue(r.err().endsWith(", or load yours with --strategy-path and --strategy-class\n"), r::toString);
    }

    /** picocli wraps a longer footer line at column 0, which cuts an example command in two. */
    @Test
    void everyHelpFooterLineFitsTheHelpWidth() {
        CommandLine top = new CommandLine(new Main());
        int width = top.getUsageHelpWidth();
        for (CommandLine c : top.getSubcommands().values()) {
            for (String line : c.getCommandSpec().usageMessage().footer()) {
                assertTrue(line.length() <= width, c.getCommandName() + ": " + line.length() + " > " + width
                        + ": " + line);
            }
        }
        for (String line : top.getCommandSpec().usageMessage().footer()) {
            assertTrue(line.length() <= width, line);
        }
    }

    @Test
    void runsHelpNamesEveryOperation() {
        String help = Ptcheck.inProcess("run", "--help").out().replaceAll("\\s+", " ");
        for (OpKind k : OpKind.values()) {
            assertTrue(help.matches("(?s).*[ :]" + k.spelling() + "[ ,.].*"), k.spelling() + " missing from: " + help);
        }
    }
}
