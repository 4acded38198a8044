package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.report.FindingBlocks;
import io.github.ptcheck.report.RunBounds;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import org.apache.maven.plugin.logging.Log;

import java.util.function.Function;

/**
 * The blocks the log shows for the cells whose result needs words ({@link FindingBlocks}), so
 * that a kernel developer sees the bug without opening a report: at ERROR a violation nobody
 * expected or a changed verdict, with its trace, counterexample files and the Maven commands
 * that run it again; at INFO a violation as expected, short. One bug on several presets is one
 * block.
 */
final class FindingLog {

    private final FindingBlocks blocks;

    /**
     * @param files      the counterexample file of a cell as the block names it, or null if none was written
     * @param replayFile the same file as the replay command's {@code -Dptcheck.file} names it (relative to the
     *                   project's directory, where Maven resolves it)
     * @param run        the bounds the cells ran with: an expected bug not found within bounds below the defaults
     *                   ({@code ptcheck.cpus=0}) is "not reached within" them, not a lost bug
     */
    FindingLog(Expectations expected, Commands commands, Function<Cell, String> files,
               Function<Cell, String> replayFile, RunBounds run) {
        this.blocks = new FindingBlocks(expected, new FindingBlocks.Commands() {
            @Override
            public String check(Seq<Cell> cells) {
                return commands.check(cells);
            }

            @Override
            public String replay(Cell cell, String file) {
                return commands.replay(cell, replayFile.apply(cell));
            }

            @Override
            public String option(FindingBlocks.Limit limit) {
                return switch (limit) {
                    case TRIES -> "ptcheck.tries";
                    case STATE_BUDGET -> "ptcheck.stateBudget";
                    case TIME_BUDGET -> "ptcheck.timeBudget";
                    case HEAP -> "Maven's heap (MAVEN_OPTS=" + Explorer.largerHeap(4) + ")";
                };
            }

            @Override
            public String bound(String key) {
                return "ptcheck." + key;
            }

            @Override
            public String bound(String key, int value) {
                return "ptcheck." + key + "=" + value;
            }
        }, files).withBounds(run);
    }

    /** Logs every block, each after a blank line; returns the blocks that fail the build. */
    List<FindingBlocks.Block> log(Seq<CellReport> reports, Log log) {
        return log(reports, log, false);
    }

    /**
     * {@link #log(Seq, Log)} in one job of a frontier split ({@code share}): a verdict the merge
     * settles ({@link io.github.ptcheck.plan.Verdict#knownFromAShare}) is no error here. An
     * expected bug not found gets no block (it would say every sequence was explored, where only
     * this job's share was; the goal says it is left to ptcheck:merge); another invariant broken is
     * a real trace, shown as a warning.
     */
    List<FindingBlocks.Block> log(Seq<CellReport> reports, Log log, boolean share) {
        List<FindingBlocks.Block> all = blocks.blocks(reports);
        for (FindingBlocks.Block b : all) {
            if (share && !b.verdict().knownFromAShare()) {
                if (b.verdict() != io.github.ptcheck.plan.Verdict.PASSED_EXPECTED_TO_FAIL) {
                    log.warn("");
                    b.lines().forEach(log::warn);
                }
            } else if (b.fails()) {
                log.error("");
                b.lines().forEach(log::error);
            } else {
                log.info("");
                b.lines().forEach(log::info);
            }
        }
        return all.filter(FindingBlocks.Block::fails);
    }

    /** {@code powerpc64-hash-64k: 65536-byte pages, 4096-byte tables, 16 per page (source)}. */
    static String describe(Preset p) {
        return FindingBlocks.describe(p);
    }

    static java.util.List<String> lines(String text) {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return t.isEmpty() ? java.util.List.of() : java.util.List.of(t.split("\n", -1));
    }
}
