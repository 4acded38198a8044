package io.github.ptcheck.report;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Coverage;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.plan.Expected;
import io.github.ptcheck.plan.Verdict;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.Objects;
import java.util.function.Function;

/**
 * The blocks a log or a terminal shows for the cells whose result needs words, so that a
 * kernel developer sees the bug without opening a report. One bug found on several presets is
 * one block that lists them: cells are grouped by verdict, strategy and invariant, and the
 * block shows the first cell's sequence and trace, and for the others only where their
 * sequence differs.
 *
 * <ul>
 *   <li>a violation nobody expected, or another invariant than the one expected: the summary,
 *       how it was found, the shrunk sequence, the strategy and preset, the whole text trace,
 *       the counterexample files and the commands that run them again;</li>
 *   <li>a violation as expected: the same without strategy, preset and commands, and without
 *       the trace unless {@link #withExpectedTraces} asks for it;</li>
 *   <li>an expected violation that was not found: what that means and the command to run it again.</li>
 * </ul>
 * Plain text, no trailing blanks; the same reports give the same lines.
 */
public final class FindingBlocks {

    /** The commands a block prints; null parts are left out. */
    public interface Commands {
        /** The command that checks these cells again, with the same seed and bounds. */
        String check(Seq<Cell> cells);

        /** The command that replays one counterexample file, named as the block names it. */
        String replay(Cell cell, String file);

        /** How a person raises that limit with these commands: {@code --state-budget}, {@code ptcheck.stateBudget}. */
        default String option(Limit limit) {
            return limit.words;
        }

        /**
         * How a person sets one of the bounds {@link RunBounds} records, by its key there
         * ({@code cpus}, {@code mms}, {@code maxTables}, {@code maxLength}): {@code --cpus}.
         */
        default String bound(String key) {
            return RunBounds.OPTIONS.get(key);
        }

        /** That bound as the run was given it: {@code --cpus 0}, or {@code ptcheck.cpus=0} for a Maven property. */
        default String bound(String key, int value) {
            return bound(key) + " " + value;
        }
    }

    /** What may stop a run short of an expected bug. */
    public enum Limit {
        TRIES("the tries"), STATE_BUDGET("the state budget"), TIME_BUDGET("the time budget"), HEAP("the heap");

        private final String words;

        Limit(String words) {
            this.words = words;
        }
    }

    /**
     * One block: the cells it stands for, their verdict, its lines, and for an expected violation
     * that was not found, what may have kept the run from it (empty: nothing, so a lost bug).
     */
    public record Block(Verdict verdict, List<CellReport> reports, java.util.List<String> lines,
                        List<String> shortOf) {
        public Block(Verdict verdict, List<CellReport> reports, java.util.List<String> lines) {
            this(verdict, reports, lines, List.empty());
        }

        /** Whether a build should fail on it (a violation nobody expected, or a changed verdict). */
        public boolean fails() {
            return !verdict.asExpected();
        }
    }

    private final Expectations expected;
    private final Commands commands;
    private final Function<Cell, String> files;
    private final boolean expectedTraces;
    private final RunBounds bounds;

    /**
     * @param expected what is expected of each cell
     * @param commands the commands to print, or null for none
     * @param files    the counterexample file of a cell as a block should name it, or null where none was written
     */
    public FindingBlocks(Expectations expected, Commands commands, Function<Cell, String> files) {
        this(expected, commands, files, false, null);
    }

    private FindingBlocks(Expectations expected, Commands commands, Function<Cell, String> files,
                          boolean expectedTraces, RunBounds bounds) {
        this.expected = Objects.requireNonNull(expected, "expected");
        this.commands = commands;
        this.files = files == null ? cell -> null : files;
        this.expectedTraces = expectedTraces;
        this.bounds = bounds;
    }

    /** The same blocks, with the whole trace in the blocks of expected violations too. */
    public FindingBlocks withExpectedTraces() {
        return new FindingBlocks(expected, commands, files, true, bounds);
    }

    /**
     * The same blocks, knowing the bounds the reports were run with: an expected violation not
     * found within bounds below the defaults (no reader CPU, sequences shorter than the bug) is
     * not reached, rather than lost, as with a budget.
     */
    public FindingBlocks withBounds(RunBounds run) {
        return new FindingBlocks(expected, commands, files, expectedTraces, Objects.requireNonNull(run, "run"));
    }

    /** The blocks of the reports that need words, in the order of their first cell. */
    public List<Block> blocks(Seq<CellReport> reports) {
        LinkedHashMap<String, List<CellReport>> groups = LinkedHashMap.empty();
        for (CellReport r : reports) {
            Verdict v = expected.verdict(r);
            if (v == Verdict.PASSED) {
                continue;
            }
            String key = v + " " + r.cell().strategy().name() + " "
                    + r.finding().map(f -> f.violation().invariant().name()).getOrElse("");
            groups = groups.put(key, groups.get(key).getOrElse(List.empty()).append(r));
        }
        return groups.values().toList().map(this::block);
    }

    /**
     * A line short enough for the end of a build log: what failed, per block, cut to about
     * {@code limit} characters ({@code and 3 more}).
     */
    public static String shortly(List<Block> failing, int limit) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Block b : failing) {
            String part = headline(b);
            if (shown > 0 && sb.length() + part.length() + 2 > limit) {
                break;
            }
            sb.append(shown == 0 ? "" : "; ").append(part);
            shown++;
        }
        if (shown < failing.size()) {
            sb.append("; and ").append(failing.size() - shown).append(" more");
        }
        return sb.toString();
    }

    /** {@code powerpc-naive-v1 on 2 presets: RCU_HEAD_REUSE}, {@code x@y: no violation found}. */
    private static String headline(Block b) {
        CellReport first = b.reports().head();
        String where = b.reports().size() == 1 ? first.cell().name()
                : first.cell().strategy().name() + " on " + b.reports().size() + " presets";
        String what = first.finding().map(f -> f.violation().invariant().name() + (b.reports().size() == 1
                ? " at step " + f.violation().step() : "")).getOrElse(() -> b.shortOf().isEmpty()
                ? "expected violation not found"
                : "expected violation not reached within " + b.shortOf().mkString(" and "));
        return where + " (" + what + (b.verdict() == Verdict.OTHER_VIOLATION ? ", another than expected" : "") + ")";
    }

    /** {@code powerpc64-hash-64k: 65536-byte pages, 4096-byte tables, 16 per page (source)}. */
    public static String describe(Preset p) {
        return p.name() + ": " + p.pageSize() + "-byte pages, " + p.tableSize() + "-byte tables, "
                + p.tablesPerPage() + " per page (" + p.sourceAndDefer() + ")";
    }

    private Block block(List<CellReport> group) {
        CellReport first = group.head();
        Verdict v = expected.verdict(first);
        java.util.List<String> lines = new ArrayList<>();
        lines.add(Findings.verdict(first, expected) + " " + where(group));
        if (first.finding().isEmpty()) {
            // An expected violation not found, or, where a limit may have stopped the run short of
            // it, "not reached within the state budget": not a lost bug.
            List<Searched> searched = group.map(this::searched);
            notFound(lines, group, searched);
            List<String> shortOf = searched.flatMap(s -> s.raise().map(l -> l.words)
                    .appendAll(s.narrowed().map(n -> n.given(commands)))).distinct();
            return new Block(v, group, lines, shortOf);
        }
        finding(lines, group, v);
        return new Block(v, group, lines);
    }

    private static String where(List<CellReport> group) {
        if (group.size() == 1) {
            return group.head().cell().name();
        }
        return group.head().cell().strategy().name() + " on " + group.size() + " presets: "
                + group.map(r -> r.cell().preset().name()).mkString(", ");
    }

    private void finding(java.util.List<String> lines, List<CellReport> group, Verdict v) {
        CellReport first = group.head();
        Finding f = first.finding().get();
        lines.add("  " + f.violation().summary());
        Option<Expected> e = expected.of(first.cell());
        if (v == Verdict.FAILED_AS_EXPECTED) {
            e.forEach(x -> lines.add("  expected: " + x.describe() + " (" + x.why() + ")"));
        } else if (v == Verdict.OTHER_VIOLATION) {
            // The first invariant found, or another the shrinker met (CellReport#otherFindings), that is not expected.
            e.forEach(x -> lines.add("  expected " + x.describe() + " (" + x.why() + "), but found "
                    + first.findings().map(g -> g.violation().invariant()).filter(i -> !x.accepts(i)).distinct()
                    .mkString(" and ") + ": the verdict changed"));
        }
        lines.add("  " + Findings.howFound(f) + ":");
        Findings.numberedSequence(f).forEach(lines::add);
        Findings.otherFindings(first).forEach(lines::add);
        boolean full = v != Verdict.FAILED_AS_EXPECTED;
        if (full) {
            lines.add("  strategy: " + first.cell().strategy().name() + ", " + first.cell().strategy().source());
            for (CellReport r : group) {
                lines.add("  preset:   " + describe(r.cell().preset()));
            }
        }
        for (CellReport r : group.tail()) {
            Finding g = r.finding().get();
            lines.add("  on " + r.cell().preset().name() + ": " + Findings.violationShort(g) + (g.shrunk()
                    .equals(f.shrunk()) ? ", the same " + g.shrunk().size() + " operations"
                    : ", with " + g.shrunk().mkString(", ")));
            for (Finding o : r.otherFindings()) {
                lines.add("    also " + Findings.violationShort(o) + ", with " + o.shrunk().mkString(", "));
            }
        }
        if (full || expectedTraces) {
            // After the other invariants' sequences, a bare "trace:" would read as theirs: name the first.
            String whose = first.otherFindings().isEmpty() ? "" : " of the first, " + f.violation().invariant().name()
                    + " in " + f.shrunk().size() + (f.shrunk().size() == 1 ? " operation" : " operations");
            lines.add("  trace" + whose + (group.size() > 1 ? " on " + first.cell().preset().name() : "") + ":");
            for (String l : lines(new TextTrace(first.cell().strategy()).render(f.trace()))) {
                lines.add(l.isEmpty() ? "" : "    " + l);
            }
        }
        String label = "  counterexample: ";
        for (CellReport r : group) {
            String file = files.apply(r.cell());
            if (file != null) {
                lines.add(label + file);
                label = " ".repeat(label.length());
            }
        }
        if (full && commands != null) {
            lines.add("  reproduce: " + commands.check(group.map(CellReport::cell)));
            for (CellReport r : group) {
                String file = files.apply(r.cell());
                if (file != null) {
                    lines.add("  replay:    " + commands.replay(r.cell(), file));
                }
            }
        }
    }

    private void notFound(java.util.List<String> lines, List<CellReport> group, List<Searched> searched) {
        CellReport first = group.head();
        Expected e = expected.of(first.cell()).get();
        java.util.Set<String> raise = new java.util.LinkedHashSet<>();
        boolean conclusive = false;
        for (int i = 0; i < group.size(); i++) {
            Searched s = searched.get(i);
            lines.add("  " + group.get(i).cell().name() + ": " + s.words());
            s.raise().forEach(l -> raise.add(option(commands, l)));
            s.narrowed().forEach(n -> raise.add(n.option(commands)));
            conclusive |= s.raise().isEmpty() && s.narrowed().isEmpty();
        }
        lines.add("  expected " + e.describe() + " (" + e.why() + ").");
        if (!raise.isEmpty()) {
            // A search cut short says nothing about the bug: telling of a lost bug would send the reader the wrong way.
            lines.add("  " + (conclusive ? "Where the run stopped short it says nothing about the bug" : "The run may"
                    + " have stopped short of the bug, so it says nothing about it") + ": raise "
                    + String.join(" and ", raise) + " and run it again.");
        }
        if (conclusive) {
            lines.add("  If the strategy was fixed, or the model changed on purpose, change what is expected;");
            lines.add("  otherwise ptcheck lost a bug it used to find: compare with the counterexample file of an"
                    + " earlier run (replay).");
        }
        if (commands != null) {
            lines.add("  reproduce: " + commands.check(group.map(CellReport::cell)));
        }
    }

    /**
     * What a run that found no violation covered, in words, and the limits and bounds to raise
     * before it says the bug is gone.
     */
    private record Searched(String words, List<Limit> raise, List<Narrowed> narrowed) {
    }

    /** A bound the run was given below its default, by its key in {@link RunBounds#OPTIONS}. */
    private record Narrowed(String key, int given, int standard) {
        String option(Commands commands) {
            return commands == null ? RunBounds.OPTIONS.get(key) : commands.bound(key);
        }

        /** {@code --cpus 0}. */
        String given(Commands commands) {
            return commands == null ? option(null) + " " + given : commands.bound(key, given);
        }
    }

    /** The bounds of the run below the defaults, which a known bug may need: none when they are not known. */
    private List<Narrowed> narrowed() {
        if (bounds == null) {
            return List.empty();
        }
        Bounds d = Bounds.DEFAULT;
        List<Narrowed> all = List.of(new Narrowed("cpus", bounds.cpus(), d.cpus()),
                new Narrowed("mms", bounds.mms(), d.mms()),
                new Narrowed("maxTables", bounds.maxTables(), d.maxTables()),
                new Narrowed("maxLength", bounds.maxLength() == null ? CheckConfig.DEFAULT_MAX_LENGTH
                        : bounds.maxLength(), CheckConfig.DEFAULT_MAX_LENGTH));
        return all.filter(n -> n.given() < n.standard());
    }

    /**
     * The random tries (if any ran: an exploration alone runs none) and the exhaustive search (if
     * one ran: its {@code explore.*} counts). Tries stopped by a time budget, or fewer than the
     * default, or a search stopped by a budget before its depth, may have stopped short of the bug;
     * so may either within bounds below the defaults (the search is a proof within them only).
     */
    private Searched searched(CellReport r) {
        List<String> parts = List.empty();
        List<Limit> raise = List.empty();
        if (r.tries() > 0) {
            String tries = r.triesRun() + (r.triesRun() == 1 ? " try" : " tries") + " with seed " + r.seed()
                    + " found no violation";
            if (r.cutByBudget()) {
                tries += " (" + option(commands, Limit.TIME_BUDGET) + " stopped it after " + r.triesRun() + " of "
                        + r.tries() + " tries)";
                raise = raise.append(Limit.TIME_BUDGET);
            } else if (r.tries() < CheckConfig.DEFAULT_TRIES) {
                tries += "; the bug may need more tries than " + r.tries() + " (the default is "
                        + CheckConfig.DEFAULT_TRIES + ")";
                raise = raise.append(Limit.TRIES);
            }
            parts = parts.append(tries);
        }
        Coverage c = r.coverage();
        if (c.counts().containsKey("explore.depth")) {
            String depth = c.get("explore.depthCompleted") + " of " + c.get("explore.depth");
            Limit cut = c.get("explore.heapRanLow") == 1 ? Limit.HEAP : c.get("explore.cutByStateBudget") == 1
                    ? Limit.STATE_BUDGET : c.get("explore.cutByTimeBudget") == 1 ? Limit.TIME_BUDGET : null;
            if (cut == null) {
                parts = parts.append("every sequence of up to " + c.get("explore.depth") + " operations explored,"
                        + " none broke an invariant");
            } else {
                parts = parts.append("stopped by " + option(commands, cut) + " at depth " + depth + " ("
                        + c.get("explore.statesVisited") + " states) before reaching the bug");
                raise = raise.append(cut);
            }
            // A whole search to the depth is a proof: the tries beside it need no more.
            raise = cut == null ? List.empty() : raise;
        }
        List<Narrowed> narrowed = narrowed();
        if (!narrowed.isEmpty()) {
            parts = parts.append("within " + narrowed.map(n -> n.given(commands) + " (the default is " + n.standard()
                    + ")").mkString(", ") + ": the bug may need more");
        }
        return new Searched(parts.mkString("; "), raise.distinct(), narrowed);
    }

    private static String option(Commands commands, Limit l) {
        return commands == null ? l.words : commands.option(l);
    }

    static List<String> lines(String text) {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return t.isEmpty() ? List.empty() : List.of(t.split("\n", -1));
    }

}
