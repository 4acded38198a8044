package io.github.ptcheck.report;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.plan.Verdict;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FindingBlocksTest {

    private static final FindingBlocks.Commands COMMANDS = new FindingBlocks.Commands() {
        @Override
        public String check(Seq<Cell> cells) {
            return "check " + cells.mkString(",");
        }

        @Override
        public String replay(Cell cell, String file) {
            return "replay " + file;
        }

        @Override
        public String option(FindingBlocks.Limit limit) {
            return limit == FindingBlocks.Limit.STATE_BUDGET ? "--state-budget" : limit == FindingBlocks.Limit.TRIES
                    ? "--tries" : limit.name();
        }
    };

    /** generic-v6.6 where tables share a page is the naive scheme: the same bug on three presets. */
    private static List<CellReport> genericOnSharedPages() {
        Runner runner = new Runner(CheckConfig.defaults());
        return List.of(Presets.POWERPC64_HASH_64K, Presets.POWERPC64_RADIX_64K, Presets.X86_64)
                .map(p -> runner.check(p, Strategies.named("generic-v6.6")));
    }

    @Test
    void oneBugOnSeveralPresetsIsOneBlockListingThem() {
        List<CellReport> reports = genericOnSharedPages();
        List<FindingBlocks.Block> blocks = new FindingBlocks(Expectations.none(), COMMANDS,
                c -> "target/" + c.name() + ".ptcheck").blocks(reports);
        assertEquals(1, blocks.size(), "x86_64 passes; the two powerpc presets are one block: " + blocks);
        FindingBlocks.Block b = blocks.head();
        assertEquals(Verdict.VIOLATION, b.verdict());
        assertTrue(b.fails());
        String text = String.join("\n", b.lines());
        assertEquals("FAILED generic-v6.6 on 2 presets: powerpc64-hash-64k, powerpc64-radix-64k", b.lines().get(0));
        assertTrue(text.contains("\n  RCU_HEAD_REUSE at step 4 on page 0: "), text);
        assertTrue(text.contains("\n  preset:   powerpc64-hash-64k: 65536-byte pages, 4096-byte tables, 16 per page"),
                text);
        assertTrue(text.contains("\n  preset:   powerpc64-radix-64k: 65536-byte pages, 256-byte tables, 256 per page"),
                text);
        assertTrue(text.contains("\n  on powerpc64-radix-64k: RCU_HEAD_REUSE step 4, "), text);
        assertEquals(1, count(text, "ptcheck trace: "), "one trace for the block: " + text);
        assertTrue(text.contains("\n  trace on powerpc64-hash-64k:\n    ptcheck trace: generic-v6.6 on"), text);
        assertTrue(text.contains("\n  counterexample: target/generic-v6.6@powerpc64-hash-64k.ptcheck\n"
                + "                  target/generic-v6.6@powerpc64-radix-64k.ptcheck\n"), text);
        assertTrue(text.contains("\n  reproduce: check generic-v6.6@powerpc64-hash-64k,generic-v6.6@powerpc64-radix-64k"
                + "\n"), text);
        assertTrue(text.contains("\n  replay:    replay target/generic-v6.6@powerpc64-radix-64k.ptcheck"), text);
        for (String line : b.lines()) {
            assertEquals(line.stripTrailing(), line);
        }
    }

    @Test
    void anExpectedViolationIsAShortBlockWithItsKnownVerdictAndNoCommands() {
        CellReport naive = new Runner(CheckConfig.defaults()).check(Presets.POWERPC64_HASH_64K,
                Strategies.named("powerpc-naive-v1"));
        FindingBlocks blocks = new FindingBlocks(Expectations.knownVerdicts(), COMMANDS, c -> "f.ptcheck");
        FindingBlocks.Block b = blocks.blocks(List.of(naive)).single();
        String text = String.join("\n", b.lines());
        assertFalse(b.fails());
        assertTrue(text.startsWith("failed as expected powerpc-naive-v1@powerpc64-hash-64k\n"), text);
        assertTrue(text.contains("\n  expected: RCU_HEAD_REUSE (known verdict,"
                + " docs/strategies.md#the-two-bugs-of-the-first-patch)\n"), text);
        assertTrue(text.contains("\n  >>  4  freeDeferred t1\n"), text);
        assertFalse(text.contains("ptcheck trace:"), text);
        assertFalse(text.contains("reproduce:"), text);
        assertTrue(text.endsWith("\n  counterexample: f.ptcheck"), text);
        String traced = String.join("\n", blocks.withExpectedTraces().blocks(List.of(naive)).single().lines());
        assertTrue(traced.contains("\n  trace:\n    ptcheck trace: powerpc-naive-v1 on powerpc64-hash-64k"), traced);
    }

    @Test
    void theShortLineStopsBeforeItsLimitAndCountsWhatItLeftOut() {
        List<CellReport> reports = genericOnSharedPages().appendAll(List.of(Presets.S390X, Presets.ARM64_64K)
                .map(p -> new Runner(CheckConfig.defaults()).check(p, Strategies.named("powerpc-naive-v1"))));
        List<FindingBlocks.Block> failing = new FindingBlocks(Expectations.none(), null, null).blocks(reports)
                .filter(FindingBlocks.Block::fails);
        assertEquals(2, failing.size(), failing::toString);
        String all = FindingBlocks.shortly(failing, 200);
        assertTrue(all.startsWith("generic-v6.6 on 2 presets (RCU_HEAD_REUSE); powerpc-naive-v1@s390x ("), all);
        String cut = FindingBlocks.shortly(failing, 50);
        assertEquals("generic-v6.6 on 2 presets (RCU_HEAD_REUSE); and 1 more", cut);
    }

    @Test
    void anExplorationStoppedByItsStateBudgetSaysSoAndNotThatTheBugWasLost() {
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        CellReport r = new Explorer(cell, Bounds.DEFAULT).withStateBudget(30).explore(5).asCellReport();
        String text = String.join("\n", new FindingBlocks(Expectations.knownVerdictsWithin(5), COMMANDS, null)
                .blocks(List.of(r)).single().lines());
        assertTrue(text.contains("\n  powerpc-naive-v1@powerpc64-hash-64k: stopped by --state-budget at depth 2 of 5"
                + " (30 states) before reaching the bug\n"), text);
        assertTrue(text.contains("\n  The run may have stopped short of the bug, so it says nothing about it:"
                + " raise --state-budget and run it again.\n"), text);
        assertFalse(text.contains("lost a bug"), text);
        assertFalse(text.contains("tries"), "an exploration runs no tries: " + text);
    }

    @Test
    void fewerTriesThanTheDefaultMayMissTheBugAndSaySo() {
        CellReport r = new Runner(CheckConfig.defaults().withTries(1)).check(Presets.POWERPC64_HASH_64K,
                Strategies.named("powerpc-naive-v1"));
        String text = String.join("\n", new FindingBlocks(Expectations.knownVerdicts(), COMMANDS, null)
                .blocks(List.of(r)).single().lines());
        assertTrue(text.contains("\n  powerpc-naive-v1@powerpc64-hash-64k: 1 try with seed 0 found no violation;"
                + " the bug may need more tries than 1 (the default is " + CheckConfig.DEFAULT_TRIES + ")\n"), text);
        assertTrue(text.contains("raise --tries and run it again."), text);
        assertFalse(text.contains("lost a bug"), text);
    }

    @Test
    void boundsBelowTheDefaultsMayKeepARunFromTheBugAndSaySo() {
        // x86-v6.14-semi-rcu's bug needs a CPU inside rcu_read_lock(): with no reader CPU no try can reach it.
        CheckConfig noReaders = CheckConfig.defaults().withBounds(Bounds.DEFAULT.withCpus(0));
        CellReport r = new Runner(noReaders).check(Presets.X86_64, Strategies.named("x86-v6.14-semi-rcu"));
        FindingBlocks blocks = new FindingBlocks(Expectations.knownVerdicts(), COMMANDS, null)
                .withBounds(RunBounds.of(noReaders));
        FindingBlocks.Block block = blocks.blocks(List.of(r)).single();
        String text = String.join("\n", block.lines());
        assertTrue(text.contains("\n  x86-v6.14-semi-rcu@x86_64: 200 tries with seed 0 found no violation; within"
                + " --cpus (ptcheck.cpus) 0 (the default is 2): the bug may need more\n"), text);
        assertTrue(text.contains("\n  The run may have stopped short of the bug, so it says nothing about it: raise"
                + " --cpus (ptcheck.cpus) and run it again.\n"), text);
        assertFalse(text.contains("lost a bug"), text);
        assertEquals("x86-v6.14-semi-rcu@x86_64 (expected violation not reached within --cpus (ptcheck.cpus) 0)",
                FindingBlocks.shortly(List.of(block), 150));

        // Without the bounds, the same report is a lost bug, as before.
        FindingBlocks.Block unknown = new FindingBlocks(Expectations.knownVerdicts(), COMMANDS, null)
                .blocks(List.of(r)).single();
        assertTrue(String.join("\n", unknown.lines()).contains("lost a bug"), unknown.lines()::toString);
        assertEquals("x86-v6.14-semi-rcu@x86_64 (expected violation not found)",
                FindingBlocks.shortly(List.of(unknown), 150));
    }

    @Test
    void aWholeExplorationThatMissesAnExpectedBugTellsOfALostBug() {
        // powerpc64-4k: one table fills a page, the naive code is right, so the expectation is wrong.
        Cell cell = new Cell(Presets.POWERPC64_4K, Strategies.named("powerpc-naive-v1"));
        CellReport r = new Explorer(cell, Bounds.DEFAULT).explore(3).asCellReport();
        String text = String.join("\n", new FindingBlocks(Expectations.matching(c -> true,
                "the test's"), COMMANDS, null).blocks(List.of(r))
                .single().lines());
        assertTrue(text.contains(": every sequence of up to 3 operations explored, none broke an invariant\n"), text);
        assertTrue(text.contains("otherwise ptcheck lost a bug it used to find"), text);
        assertFalse(text.contains("stopped short"), text);
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
