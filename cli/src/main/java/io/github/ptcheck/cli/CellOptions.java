package io.github.ptcheck.cli;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.plan.CellSelection;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.plan.Verdict;
import io.github.ptcheck.report.FindingBlocks;
import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.report.JsonReport;
import io.github.ptcheck.report.NotJudged;
import io.github.ptcheck.report.RunBounds;
import io.github.ptcheck.report.Shell;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code check} and {@code explore} share: which cells, within which bounds, what is
 * expected of them, where counterexample files go, and how the results end: a block per bug
 * (one for all the presets it broke), a last line, and the exit code.
 */
final class CellOptions {

    @Parameters(paramLabel = "CELL", arity = "0..*", description = {
        "What to check: strategy@preset (that strategy on that preset), strategy (on every preset it"
                + " serves), @preset (every strategy that serves it), or all (every strategy on every preset it"
                + " serves). Default: your --strategy-class strategies on the presets they serve, else all."})
    java.util.List<String> cells = new ArrayList<>();

    @Option(names = "--cpus", defaultValue = "2", description = "CPUs that may enter RCU read-side sections"
            + " (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--mms", defaultValue = "2", description = "mms that may allocate page tables"
            + " (default: ${DEFAULT-VALUE}).")
    int mms;

    @Option(names = "--max-tables", defaultValue = "40", description = "Page tables allocated in one sequence at"
            + " the most (default: ${DEFAULT-VALUE}).")
    int maxTables;

    @Option(names = "--expect", paramLabel = "CELL", description = "A cell (strategy@preset, strategy or @preset)"
            + " expected to break an invariant, any: its violation is as expected, a pass is not. The built-ins"
            + " carry their known verdicts without it. Repeat it for several.")
    java.util.List<String> expect = new ArrayList<>();

    @Option(names = "--save", paramLabel = "DIR", description = "Write one counterexample file per finding into"
            + " DIR (<strategy>@<preset>.ptcheck), for replay.")
    Path save;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto", description = "A progress line on"
            + " standard error: auto (on a terminal), always or never (default: ${DEFAULT-VALUE}).")
    ProgressLine.Mode progress;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON too, as the Maven"
            + " plugin's ptcheck.json (what ptcheck merge reads).")
    Path json;

    @Option(names = "--shard", paramLabel = "K/N", description = "Be job K of N of a CI matrix: check every N-th"
            + " cell from the K-th (explore --shard-depth: every cell, its share of the states at that depth)."
            + " ptcheck merge puts the jobs' --json reports together (docs/ci-matrix.md).")
    String shard;

    /** The depth at which explore splits each cell's frontier between the jobs, or -1 when they split the cells. */
    int splitDepth = -1;

    /** Whether explore reduces by symmetry (false with --no-symmetry); the --json report says so. */
    boolean symmetry = true;

    /** The bounds and options the command ran with, for the --json report (ptcheck merge compares the jobs'). */
    RunBounds run;

    /**
     * Cells not judged because their strategy failed: the conclusion must not call every cell as
     * expected, and the --json report keeps them (ptcheck merge fails on them).
     */
    List<NotJudged> notJudged = List.empty();

    /** What {@link #select} says of a job with no cell, or null. */
    private String emptyShare;

    /** Why the --json report could not be written after the cells ran, or null ({@link #reportWritten}). */
    private String jsonProblem;

    /** The job this is ({@link Shard#ALL} without --shard). */
    Shard shard() {
        try {
            return shard == null ? Shard.ALL : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--shard: " + e.getMessage() + ", as in --shard ${{ matrix.shard }}/4"
                    + " with the matrix's shard: [1, 2, 3, 4]");
        }
    }

    Bounds bounds() {
        return new Bounds(cpus, mms, maxTables, Bounds.DEFAULT.kinds());
    }

    /** The cells named, or the user's strategies on the presets they serve, or all. */
    List<Cell> select(UserOptions.Loaded loaded) {
        List<String> entries = List.ofAll(cells);
        if (entries.isEmpty()) {
            entries = loaded.strategies().isEmpty() ? List.of("all") : loaded.strategies().map(Strategy::name);
        }
        List<Cell> all = new CellSelection(loaded.presets(), loaded.strategies(), UserOptions.WORDS).select(entries);
        if (splitDepth > 0 || shard().whole()) {
            return all;
        }
        List<Cell> mine = shard().of(all);
        if (mine.isEmpty()) {
            emptyShare = "ptcheck: --shard " + shard() + " has no cell (" + all.size() + (all.size() == 1 ? " cell"
                    : " cells") + " for " + shard().count() + " jobs): this job checks nothing, and its report says so"
                    + " to ptcheck merge; a matrix of at most " + all.size() + " jobs does the same work (or explore"
                    + " --shard-depth splits each cell)";
        }
        return mine;
    }

    /**
     * Under the header, when this job of a matrix with more jobs than cells has none: it is no
     * error (the merge of every job's report is still the whole check's), but worth a word.
     */
    void sayIfEmptyShare(PrintWriter out) {
        if (emptyShare != null) {
            out.println(emptyShare);
        }
    }

    /** The user's {@code --expect} entries first, then {@code known}. */
    Expectations expectations(UserOptions.Loaded loaded, Expectations known) {
        if (expect.stream().anyMatch(e -> e == null || e.isBlank())) {
            throw new IllegalArgumentException("--expect '' names no cell; give the cell expected to break an"
                    + " invariant, e.g. --expect my-strategy@x86_64, or leave --expect out");
        }
        return Expectations.parse(expect, loaded.catalog(), UserOptions.WORDS).orElse(known);
    }

    /**
     * Writes the counterexample files if asked, prints a block per bug and the last line, and
     * says how it ended.
     *
     * @param again the command that runs some cells again, as a person pastes it
     * @return {@link Exit#OK} if every cell gave what was expected of it, else {@link Exit#FOUND}
     */
    int conclude(List<CellReport> reports, Expectations expected, Function<Seq<Cell>, String> again,
                 UserOptions user, PrintWriter out) {
        Map<String, String> files = save(reports, user.loadWords());
        writeJson(reports, expected, again, user.loadWords());
        String replay = Launcher.command() + " replay ";
        FindingBlocks.Commands commands = new FindingBlocks.Commands() {
            @Override
            public String check(Seq<Cell> cells) {
                return again.apply(cells);
            }

            @Override
            public String replay(Cell cell, String file) {
                return replay + Shell.quote(file) + user.words();
            }

            @Override
            public String option(FindingBlocks.Limit limit) {
                return switch (limit) {
                    case TRIES -> "--tries";
                    case STATE_BUDGET -> "--state-budget";
                    case TIME_BUDGET -> "--time-budget";
                    case HEAP -> "the heap (JDK_JAVA_OPTIONS=" + Explorer.largerHeap(4) + ")";
                };
            }

            @Override
            public String bound(String key) {
                // maxTables -> --max-tables
                return "--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            }
        };
        FindingBlocks findings = new FindingBlocks(expected, commands, c -> files.get(c.name())).withExpectedTraces();
        List<FindingBlocks.Block> blocks = (run == null ? findings : findings.withBounds(run)).blocks(reports);
        for (FindingBlocks.Block b : blocks) {
            if (splitDepth > 0 && b.verdict() == Verdict.PASSED_EXPECTED_TO_FAIL) {
                // Its block would say every sequence was explored, where only this job's share was: the line below
                // leaves it to the merge.
                continue;
            }
            out.println();
            b.lines().forEach(out::println);
        }
        List<FindingBlocks.Block> failing = blocks.filter(FindingBlocks.Block::fails);
        out.println();
        int found = reports.count(r -> r.finding().isDefined());
        if (save == null && found > 0) {
            // Without it the findings are only on the screen; replay needs a file.
            out.println("ptcheck: no counterexample file written; --save DIR writes " + (found == 1 ? "the finding"
                    : "each of the " + found + " findings") + " to DIR/<strategy>@<preset>.ptcheck, for "
                    + Launcher.command() + " replay");
        }
        List<FindingBlocks.Block> open = List.empty();
        if (splitDepth > 0) {
            // A job with its share of the states: an expected violation may be in another job's share.
            open = failing.filter(b -> !b.verdict().knownFromAShare());
            open.forEach(b -> out.println("ptcheck: left to ptcheck merge: " + FindingBlocks.shortly(List.of(b), 150)));
            failing = failing.removeAll(open);
        }
        if (failing.isEmpty()) {
            int asExpected = reports.count(r -> expected.verdict(r) == Verdict.FAILED_AS_EXPECTED);
            // A cell left to the merge is not known to be as expected: the line counts it apart.
            out.println("ptcheck: every cell " + (notJudged.isEmpty() ? "" : "judged ") + (open.isEmpty() ? ""
                    : "this job can judge ") + "as expected: " + (reports.size() - asExpected - open.size()) + " passed, "
                    + asExpected + " broke the invariant expected of it"
                    + (open.isEmpty() ? "" : "; " + open.size() + " left to ptcheck merge (above)")
                    + (notJudged.isEmpty() ? "" : "; " + notJudged.size() + " not judged (below)")
                    + (save == null || files.isEmpty() ? "" : "; counterexample files in " + save));
            return Exit.OK;
        }
        out.println("ptcheck: not as expected: " + FindingBlocks.shortly(failing, 150) + ".");
        return Exit.FOUND;
    }

    /** --save and --json, checked before the cells run: a long check is not wasted on a path that cannot be written. */
    void checkOutputs() {
        FileArgs.writableDirectory("--save", save);
        FileArgs.writableFile("--json", json);
    }

    /** The --json report, if asked: also when every cell failed to run and {@link #conclude} has nothing to conclude. */
    void writeJson(List<CellReport> reports, Expectations expected, Function<Seq<Cell>, String> again) {
        writeJson(reports, expected, again, null);
    }

    /**
     * {@link #writeJson(List, Expectations, Function)}, the counterexample files in the report
     * replaying a strategy of the user's with {@code load} ({@code --strategy-path ...
     * --strategy-class ...}), as the --save files do: the merge of the jobs' reports prints their
     * replay command, which then runs.
     */
    void writeJson(List<CellReport> reports, Expectations expected, Function<Seq<Cell>, String> again, String load) {
        if (json == null) {
            return;
        }
        try {
            Path dir = json.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(json, new JsonReport(r -> again.apply(List.of(r.cell()))).expecting(expected)
                    .sharded(shard(), splitDepth, symmetry).bounds(run).notJudged(notJudged).loading(load).render(reports),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Checked writable before the cells ran, and since then made a directory, removed or filled up:
            // said at the end, so that the verdicts, findings and failed strategies are printed first.
            jsonProblem = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.toString();
        }
    }

    /**
     * {@code exit}, or when the {@code --json} report could not be written after the cells ran,
     * that said on {@code err} and exit 2 at least: a CI job that hands the report on to a merge
     * must not pass without it.
     */
    int reportWritten(PrintWriter err, int exit) {
        if (jsonProblem == null) {
            return exit;
        }
        err.println("ptcheck: the --json report " + json + " could not be written (" + jsonProblem + "), though it"
                + " could be when the run began; the results above stand, but no report was written: give --json a"
                + " file in a folder that may be written, and run again");
        return Math.max(exit, Exit.USAGE);
    }

    /** Writes the findings' files to {@code --save}; {@code load} is how their replay command loads the user's strategies. */
    private Map<String, String> save(List<CellReport> reports, String load) {
        Map<String, String> files = new HashMap<>();
        if (save == null) {
            return files;
        }
        try {
            Files.createDirectories(save);
            for (CellReport r : reports.filter(x -> x.finding().isDefined())) {
                Path file = save.resolve(r.cell().name() + ".ptcheck");
                Files.writeString(file, FindingFile.text(r.cell(), r.finding().get(), load.isBlank() ? null : load),
                        StandardCharsets.UTF_8);
                files.put(r.cell().name(), file.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** {@code --cpus 1} and the like, for the options that differ from their defaults. */
    String boundsWords() {
        return (cpus != Bounds.DEFAULT.cpus() ? " --cpus " + cpus : "") + (mms != Bounds.DEFAULT.mms() ? " --mms "
                + mms : "") + (maxTables != Bounds.DEFAULT.maxTables() ? " --max-tables " + maxTables : "");
    }

    /**
     * {@code --time-budget}'s seconds as the user wrote them, decimals allowed ({@code 0.5}), or
     * null when it was not given.
     *
     * @throws IllegalArgumentException in the option's words when it is not a positive number
     */
    static Duration seconds(String option, String text) {
        if (text == null) {
            return null;
        }
        BigDecimal s;
        try {
            s = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            s = null;
        }
        if (s == null || s.signum() <= 0 || s.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds (decimals allowed, e.g."
                    + " 30 or 0.5), was " + text);
        }
        // Whole milliseconds, at least one: a budget rounded to zero would be refused by the library in its own words.
        return Duration.ofMillis(Math.max(1, s.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact()));
    }
}
