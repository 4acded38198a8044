package io.github.ptcheck.cli;

import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.cex.ReplayResult;
import io.github.ptcheck.report.FindingBlocks;
import io.github.ptcheck.report.TextTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code ptcheck replay FILE}: a counterexample file run again. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = {"Runs a counterexample file again (one that check --save, the Maven plugin or the JUnit"
                + " extension wrote, or one you wrote: docs/counterexample-format.md), prints its trace, and says"
                + " whether it gave what the file records. If it did not, it says whether the file was edited since"
                + " ptcheck wrote it, the likelier cause, or the strategy or model changed.",
            ""},
        footerHeading = "%nExamples:%n", footer = {
            "  ptcheck check powerpc-naive-v1 --save found",
            "  ptcheck replay found/powerpc-naive-v1@powerpc64-hash-64k.ptcheck",
            "  ptcheck replay bug.ptcheck --strategy-path target/classes \\",
            "      --strategy-class com.example.MyStrategy",
            "",
            "Exit codes: 0 no invariant broken, 1 an invariant broken (reproduced or not),",
            "  2 usage or a malformed file, 3 a strategy or ptcheck failed."})
final class ReplayCommand extends UserCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The counterexample file.")
    Path file;

    @Override
    int run(UserOptions.Loaded loaded, PrintWriter out) throws Exception {
        FileArgs.readable("the file", file);
        ReplayResult r = new Replay(loaded.catalog()).withHowToAddStrategy(UserOptions.WORDS.addStrategy())
                .replay(file);
        out.println("ptcheck replay of " + file + ": " + r.cell().strategy().name() + " on "
                + FindingBlocks.describe(r.cell().preset()) + ", " + r.counterexample().ops().size()
                + (r.counterexample().ops().size() == 1 ? " operation" : " operations")
                + r.counterexample().schedule().map(sc -> ", interleaved under schedule " + sc).getOrElse(""));
        out.println();
        out.print(new TextTrace(r.cell().strategy()).render(r.outcome()));
        out.println();
        out.println(r.explanation());
        return r.outcome().passed() ? Exit.OK : Exit.FOUND;
    }
}
