package io.github.ptcheck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --preset name:arch:pageSize:tableSize:pte_free_defer=no}: a preset of the user's whose
 * kernel has no {@code pte_free_defer()} (no THP, as sparc32). No {@code freeDeferred} runs on
 * it, a check on it goes as on the built-in sparc32-srmmu, and every file and command printed for
 * it makes the same preset again.
 */
class UserPresetTest {

    @TempDir
    Path dir;

    /** generic-v6.6's code that forgets to free a table given back at once: a LEAK, with or without pte_free_defer. */
    public static class KeepsFreedTables extends io.github.ptcheck.strategy.ForwardingStrategy {
        public KeepsFreedTables() {
            super(io.github.ptcheck.strategy.Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "keeps-freed";
        }

        @Override
        public io.vavr.control.Either<io.github.ptcheck.invariant.Violation, io.github.ptcheck.model.Machine> pteFree(
                io.github.ptcheck.model.Machine m, io.github.ptcheck.model.Table t) {
            return io.vavr.control.Either.right(m);
        }
    }

    /** sparc32-srmmu's geometry, defined by the user, without pte_free_defer. */
    static final String MINE = "mine:sparc:4096:256:pte_free_defer=no";

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static String[] srmmu(String... args) throws Exception {
        return with(args, "--strategy-path", UserStrategyFaultsTest.classes(), "--strategy-class",
                MistakesTest.Srmmu.class.getName());
    }

    @Test
    void presetsSaysItHasNone() {
        Ptcheck.Run r = Ptcheck.inProcess("presets", "--preset", MINE, "--preset", "twin:sparc:4096:256");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("\nmine                 sparc      4096     256         16  none\n"
                + " ".repeat(21) + "user-defined; no pte_free_defer\n"), r::toString);
        assertTrue(r.out().endsWith("\n" + " ".repeat(21) + "user-defined\n"), "without the key it has one: " + r);
    }

    @Test
    void aRunThatDefersOnItIsAnErrorAsOnSparc32() throws Exception {
        Ptcheck.Run r = Ptcheck.inProcess(srmmu("run", "srmmu-generic@mine", "alloc mm0; freeDeferred t0",
                "--preset", MINE));
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ptcheck: operation 2 ('freeDeferred t0'): freeDeferred cannot run on mine: it"
                + " has no pte_free_defer (user-defined); free the table with free or freeTlb, or name a preset that"
                + " has it"), r::toString);
        Ptcheck.Run twin = Ptcheck.inProcess(srmmu("run", "srmmu-generic@twin", "alloc mm0; freeDeferred t0",
                "--preset", "twin:sparc:4096:256:pte_free_defer=yes"));
        assertEquals(0, twin.exit(), "with pte_free_defer=yes it runs: " + twin);
    }

    /**
     * A check and an exhaustive exploration on it give what they give on sparc32-srmmu, for a
     * strategy whose shared pages break only when two tables of a page are deferred at once.
     */
    @Test
    void checkAndExploreOnItGoAsOnSparc32() throws Exception {
        Ptcheck.Run check = Ptcheck.inProcess(srmmu("check", "srmmu-generic@mine", "srmmu-generic@sparc32-srmmu",
                "--tries", "300", "--seed", "5", "--preset", MINE));
        assertEquals(0, check.exit(), check::toString);
        Ptcheck.Run explore = Ptcheck.inProcess(srmmu("explore", "srmmu-generic@mine", "srmmu-generic@sparc32-srmmu",
                "--depth", "4", "--preset", MINE));
        assertEquals(0, explore.exit(), explore::toString);
        // The same geometry with pte_free_defer: two tables of a page deferred in one grace period.
        Ptcheck.Run twin = Ptcheck.inProcess(srmmu("explore", "srmmu-generic@twin", "--depth", "4", "--preset",
                "twin:sparc:4096:256"));
        assertEquals(1, twin.exit(), twin::toString);
        assertTrue(twin.out().contains("RCU_HEAD_REUSE"), twin::toString);
    }

    /**
     * A finding on it: the same as on sparc32-srmmu; its file defines it with pte_free_defer=no,
     * and the printed commands carry --preset as given, so that they make the same preset.
     */
    @Test
    void theFileAndTheCommandsOfAFindingOnItMakeTheSamePreset() throws Exception {
        Path saved = dir.resolve("found");
        String[] load = {"--strategy-path", UserStrategyFaultsTest.classes(), "--strategy-class",
                KeepsFreedTables.class.getName()};
        Ptcheck.Run check = Ptcheck.inProcess(with(with(new String[] {"check", "keeps-freed@mine",
                "keeps-freed@sparc32-srmmu", "--tries", "200", "--seed", "3", "--save", saved.toString(), "--preset",
                MINE}, load)));
        assertEquals(1, check.exit(), check::toString);
        String printed = check.out() + check.err();
        assertTrue(printed.contains("\nFAILED keeps-freed on 2 presets: mine, sparc32-srmmu\n"), "one finding on both,"
                + " as one: " + printed);
        assertTrue(printed.contains("  on sparc32-srmmu: LEAK step 4 (teardown), the same 2 operations\n"), printed);
        assertTrue(printed.contains("  preset:   mine: 4096-byte pages, 256-byte tables, 16 per page (user-defined;"
                + " no pte_free_defer)\n"), printed);
        assertTrue(printed.contains("\n  reproduce: " + Launcher.command() + " check keeps-freed@mine"
                + " keeps-freed@sparc32-srmmu --seed 3 "), printed);
        assertTrue(printed.lines().filter(l -> l.startsWith("  reproduce:") || l.startsWith("  replay:"))
                .allMatch(l -> l.endsWith(" --preset " + MINE)), "every printed command makes the preset: " + printed);
        Path file = saved.resolve("keeps-freed@mine.ptcheck");
        String text = Files.readString(file);
        assertTrue(text.contains("\npreset: mine arch=sparc page=4096 table=256 pte_free_defer=no\n"), text);
        assertTrue(text.contains(" --preset " + MINE + " <this file>"), text);
        String sparc32 = Files.readString(saved.resolve("keeps-freed@sparc32-srmmu.ptcheck"));
        assertEquals(ops(sparc32), ops(text), "the same shrunk sequence on both");
        assertFalse(text.contains("freeDeferred"), text);
        Ptcheck.Run replay = Ptcheck.inProcess(with(new String[] {"replay", file.toString()}, load));
        assertEquals(1, replay.exit(), "the file alone makes the preset, and the violation again: " + replay);
        assertTrue(replay.out().contains("user-defined; no pte_free_defer"), replay::toString);
        Ptcheck.Run again = Ptcheck.inProcess(with(with(new String[] {"replay", file.toString(), "--preset", MINE},
                load)));
        assertEquals(1, again.exit(), "with the --preset the printed command has: " + again);
    }

    /** The operation lines of a counterexample file. */
    private static java.util.List<String> ops(String text) {
        String body = text.substring(text.indexOf("\n\n") + 2);
        return body.substring(0, body.indexOf("\n\n")).lines().toList();
    }

    @Test
    void aUserStrategyRunSavedOnItRepeatsThePresetInItsReplayLine() throws Exception {
        Path file = dir.resolve("mine.ptcheck");
        Ptcheck.Run r = Ptcheck.inProcess(srmmu("run", "srmmu-generic@mine", "alloc mm0; free t0", "--save",
                file.toString(), "--preset", MINE));
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains(" --preset " + MINE), r::toString);
        String text = Files.readString(file);
        assertTrue(text.contains(" --preset " + MINE + " <this file>"), text);
        assertTrue(text.contains("\npreset: mine arch=sparc page=4096 table=256 pte_free_defer=no\n"), text);
    }

    @Test
    void aBadValueOrFieldSaysWhatItTakes() {
        Ptcheck.Run maybe = Ptcheck.inProcess("presets", "--preset", "mine:sparc:4096:256:pte_free_defer=maybe");
        assertEquals(2, maybe.exit(), maybe::toString);
        assertTrue(maybe.err().startsWith("ptcheck: --preset 'mine:sparc:4096:256:pte_free_defer=maybe':"
                + " pte_free_defer is yes or no, not 'maybe': no for a kernel without pte_free_defer() (it needs"
                + " CONFIG_TRANSPARENT_HUGEPAGE, which sparc32 cannot select), where no freeDeferred runs; yes, the"
                + " default, otherwise"), maybe::toString);
        Ptcheck.Run bare = Ptcheck.inProcess("presets", "--preset", "mine:sparc:4096:256:no");
        assertEquals(2, bare.exit(), bare::toString);
        assertTrue(bare.err().startsWith("ptcheck: --preset 'mine:sparc:4096:256:no': after the table size comes only"
                + " pte_free_defer=no (or =yes, the default), not 'no'; e.g. sparc32-mine:sparc:4096:256:pte_free_defer=no"
                + " for a kernel without pte_free_defer() (no THP)"), bare::toString);
        Ptcheck.Run six = Ptcheck.inProcess("presets", "--preset", "mine:sparc:4096:256:pte_free_defer=no:x");
        assertEquals(2, six.exit(), six::toString);
        assertTrue(six.err().contains("must be name:arch:pageSize:tableSize, e.g. powerpc64-hash-16:powerpc:65536:4096,"
                + " with :pte_free_defer=no after it for a kernel without pte_free_defer()"), six::toString);
    }
}
