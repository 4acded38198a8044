package io.github.ptcheck.cli;

import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.report.MergedFinding;
import io.github.ptcheck.report.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ptcheck merge}: the JSON reports of the jobs of a CI matrix, as the whole check's. */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = {"Merges the JSON reports (--json) of the jobs of a CI matrix (--shard K/N) into the report"
                + " the whole check would have written: the same cells, verdicts and counterexamples. Prints a line"
                + " per cell and ends as the whole check would have.", ""},
        footerHeading = "%nExamples:%n", footer = {
            "  ptcheck merge job1.json job2.json job3.json --json ptcheck.json",
            "  ptcheck merge shards/ --save cex/",
            "      (every ptcheck.json below shards/; cex/ gets the counterexample files)",
            "",
            "Exit codes: 0 every cell as expected, 1 a cell not as expected, 2 usage or",
            "  reports that do not make one matrix, 3 a cell not judged (strategy failed)."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REPORT", arity = "1..*", description = "The jobs' JSON reports, or directories holding"
            + " them as ptcheck.json.")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the merged report there.")
    Path json;

    @Option(names = "--save", paramLabel = "DIR", description = "Write the counterexample file of each finding"
            + " into DIR (<strategy>@<preset>.ptcheck), for replay, as check --save does.")
    Path save;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FileArgs.writableFile("--json", json);
        FileArgs.writableDirectory("--save", save);
        List<ShardMerge.Job> jobs = ShardMerge.read(reports);
        ShardMerge.Merged m = ShardMerge.merge(jobs);
        if (json != null) {
            Path dir = json.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(json, m.json(), StandardCharsets.UTF_8);
        }
        out.println("ptcheck merge: " + jobs.size() + " jobs, " + m.cells() + (m.cells() == 1 ? " cell" : " cells")
                + ": " + m.failed() + " failed, " + (m.cells() - m.failed() - m.notJudged()) + " passed"
                + (m.notJudged() > 0 ? ", " + m.notJudged() + " not judged (their strategy failed)" : "") + (json == null ? ""
                : "; merged report: " + json));
        m.lines().forEach(l -> out.println("  " + l));
        if (save != null) {
            Files.createDirectories(save);
            for (Map.Entry<String, String> file : m.counterexamples().entrySet()) {
                Files.writeString(save.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        }
        for (MergedFinding f : m.unexpected()) {
            // This output alone shows what broke and how to run it again: no job's output to hunt through.
            out.println();
            f.lines().forEach(out::println);
            String file = MergedFinding.fileName(f.cell());
            String replay = file == null || save == null ? null : f.replay(save.resolve(file).toString(), false);
            if (replay != null) {
                out.println("  counterexample: " + save.resolve(file));
                out.println("  replay:    " + Launcher.command() + replay.substring("ptcheck".length()));
                if (replay.contains(FindingFile.PLACEHOLDER)) {
                    // A report the Maven plugin or the JUnit extension wrote: no job's options to give back.
                    out.println("  (" + FindingFile.PLACEHOLDER + " is not a path: the job's report does not record"
                            + " where the strategy's classes are (it was written by the Maven plugin or the JUnit"
                            + " extension, not by ptcheck check/explore --json); put the jar or class folder that"
                            + " holds it there)");
                }
            }
        }
        out.println();
        if (save == null && !m.counterexamples().isEmpty()) {
            out.println("ptcheck: no counterexample file written; --save DIR writes " + (m.counterexamples().size() == 1
                    ? "the finding" : "each of the " + m.counterexamples().size() + " findings") + " to"
                    + " DIR/<strategy>@<preset>.ptcheck, for " + Launcher.command() + " replay");
        }
        if (m.notAsExpected() == 0) {
            out.println("ptcheck: every cell as expected");
            return Exit.OK;
        }
        int verdicts = m.notAsExpected() - m.notJudged();
        if (verdicts == 0) {
            // Only cells whose strategy failed: no verdict to call unexpected.
            out.println("ptcheck: not judged: " + m.notJudged() + (m.notJudged() == 1 ? " cell" : " cells")
                    + " (the blocks above say where the strategy failed and how to run it again)");
        } else {
            out.println("ptcheck: not as expected: " + verdicts + (verdicts == 1 ? " cell" : " cells")
                    + (m.notJudged() > 0 ? ", and " + m.notJudged() + " not judged" : "")
                    + " (the blocks above show their operations and how to run them again; the job that found each"
                    + " shows its trace)");
        }
        // As the job whose strategy failed: exit 3, not a verdict.
        return m.notJudged() > 0 ? Exit.FAILURE : Exit.FOUND;
    }
}
