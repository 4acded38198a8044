package io.github.ptcheck.cli;

import io.github.ptcheck.Version;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.report.ConsoleSummary;
import io.github.ptcheck.report.RunBounds;
import io.github.ptcheck.report.Shell;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code ptcheck check}: random sequences per cell, the first violation shrunk to 1-minimal, and
 * each other invariant broken before the check stops ({@link io.github.ptcheck.check.Runner#goesOn}).
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = {"Checks cells with seeded random sequences of operations; the first violation of a cell is"
                + " shrunk to a 1-minimal sequence and printed with its trace; the tries go on a while after it"
                + " (at least 10 in all, and while fewer than min(first + 1000, 2 * last new one), as Hypothesis"
                + " does) and each other invariant broken is shrunk and printed too. Prints the verdict table, then a"
                + " block per bug (one for all the presets it broke) and the commands that run it again.",
            "",
            "The built-in strategies carry their known verdicts (docs/strategies.md): a cell that breaks the"
                + " invariant its verdict names is as expected; one that passes instead, or breaks another,"
                + " changed its verdict and fails (exit 1), as does any violation of your own strategies.",
            ""},
        footerHeading = "%nExamples:%n", footer = {
            "  ptcheck check all",
            "  ptcheck check powerpc-naive-v1 --seed 7 --tries 1000",
            "  ptcheck check @s390x --save target/ptcheck",
            "  ptcheck check --strategy-path target/classes \\",
            "      --strategy-class com.example.MyStrategy",
            "",
            "Exit codes: 0 as expected, 1 a violation or a changed verdict, 2 usage,",
            "  3 a strategy threw, returned null or looped (the other cells are still",
            "  reported), or ptcheck failed."})
final class CheckCommand extends UserCommand {

    @Mixin
    CellOptions options;

    @Option(names = "--seed", defaultValue = "0", description = "The seed of the first try; the same seed and"
            + " options give the same sequences and output (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tries", defaultValue = "200", description = "Sequences tried per cell at the most; after a"
            + " violation a cell runs at least 10 tries in all, and stops once its latest half found no new"
            + " invariant, or 1000 tries after the first (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(names = "--max-length", defaultValue = "40", description = "Operations per sequence at the most, the"
            + " teardown on top (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--shrink-time-limit", paramLabel = "SECONDS", defaultValue = "30", description = "Seconds the"
            + " shrinker may spend on a cell's findings together (default: ${DEFAULT-VALUE}).")
    int shrinkTimeLimit;

    @Option(names = "--time-budget", paramLabel = "SECONDS", description = "Seconds of trying per cell at the most;"
            + " unset, every cell runs all its tries (decimals allowed). The only option that makes results depend on the"
            + " machine.")
    String timeBudget;

    @Mixin
    InterleavingOptions interleavings;

    @Override
    int run(UserOptions.Loaded loaded, PrintWriter out) {
        options.checkOutputs();
        List<Cell> cells = options.select(loaded);
        CheckConfig config = CheckConfig.defaults().withSeed(seed).withTries(tries).withMaxLength(maxLength)
                .withBounds(options.bounds()).withShrinkTimeLimit(Duration.ofSeconds(shrinkTimeLimit))
                .withPreemptions(interleavings.preemptions()).withCallTimeout(user.callTimeout());
        Duration time = CellOptions.seconds("--time-budget", timeBudget);
        if (time != null) {
            config = config.withTimeBudget(time);
        }
        options.run = RunBounds.of(config);
        Expectations expected = options.expectations(loaded, Expectations.knownVerdicts());
        out.println("ptcheck " + Version.current() + ": " + cells.size() + (cells.size() == 1 ? " cell" : " cells")
                + ", seed " + seed + ", " + tries + (tries == 1 ? " try" : " tries") + " of up to " + maxLength
                + " operations; " + options.bounds().words() + interleavings.header());
        options.sayIfEmptyShare(out);
        out.flush();
        ProgressLine progress = ProgressLine.of(options.progress, err());
        Runner runner = new Runner(config).withProgress(progress, ProgressLine.EVERY);
        List<CellReport> reports = List.empty();
        List<FailedCell> failed = List.empty();
        for (Cell cell : cells) {
            progress.cell(reports.size() + failed.size() + 1, cells.size());
            try {
                reports = reports.append(runner.check(cell));
            } catch (StrategyFailure f) {
                // One strategy that cannot run must not hide the verdicts of the other cells.
                failed = failed.append(new FailedCell(reports.size() + failed.size(), cell, f));
            }
        }
        progress.clear();
        options.notJudged = failed.map(f -> f.judged(seed, tries, user.words(), again(List.of(f.cell()))));
        int exit = Exit.OK;
        if (reports.isEmpty()) {
            options.writeJson(reports, expected, this::again);
        } else {
            exit = concluded(reports, failed.size(), expected, out);
        }
        if (!failed.isEmpty()) {
            out.println("ptcheck: not judged, their strategy failed (standard error says where): "
                    + failed.map(f -> f.cell().name()).mkString(", "));
        }
        out.flush();
        failed.forEach(f -> f.print(err(), seed, user.words(), again(List.of(f.cell()))));
        return options.reportWritten(err(), failed.isEmpty() ? exit : Exit.FAILURE);
    }

    /** The table of the cells judged, its totals line counting those not judged too, then the conclusion. */
    private int concluded(List<CellReport> reports, int notJudged, Expectations expected, PrintWriter out) {
        out.print(new ConsoleSummary().expecting(expected).withNotJudged(notJudged).table(reports));
        return options.conclude(reports, expected, this::again, user, out);
    }

    /** The command that checks these cells again with the same seed and the options that shape the run (budget included). */
    private String again(Seq<Cell> cells) {
        return Launcher.command() + " check " + cells.map(c -> Shell.quote(c.name())).mkString(" ") + " --seed " + seed
                + (tries != CheckConfig.DEFAULT_TRIES ? " --tries " + tries : "")
                + (maxLength != CheckConfig.DEFAULT_MAX_LENGTH ? " --max-length " + maxLength : "")
                + (shrinkTimeLimit != CheckConfig.DEFAULT_SHRINK_SECONDS ? " --shrink-time-limit " + shrinkTimeLimit
                : "") + (timeBudget != null ? " --time-budget " + timeBudget.strip() : "") + interleavings.words()
                + options.boundsWords() + user.words();
    }
}
