package io.github.ptcheck.cli;

import io.github.ptcheck.Version;
import io.github.ptcheck.cex.Typos;
import io.github.ptcheck.check.StrategyFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/**
 * {@code ptcheck}, the command line: ptcheck for people who do not write POMs. A thin layer
 * like the Maven plugin's goals: picocli parses, the commands build the same plan (cells,
 * configuration, expectations) from the library and hand the results to the library's
 * renderers, in plain text fit to paste into an email.
 */
@Command(name = "ptcheck", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {"Checks how Linux frees page tables through RCU when several tables share one page:"
                + " the kernel's strategies (or yours) on architecture presets, against the invariants of"
                + " docs/model.md, with random sequences shrunk to 1-minimal or an exhaustive search.", ""},
        subcommands = {CheckCommand.class, ExploreCommand.class, MergeCommand.class, RunCommand.class, ReplayCommand.class,
                PresetsCommand.class, StrategiesCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n", footer = {
            "  0  every cell gave what was expected of it: a pass, or the violation its",
            "     known verdict (docs/strategies.md) or --expect names; a run or replay",
            "     broke no invariant",
            "  1  a violation nobody expected, or a known verdict changed; a run or replay",
            "     broke an invariant",
            "  2  usage: a wrong option, an unknown strategy, preset or operation, a missing",
            "     or malformed file",
            "  3  ptcheck could not judge: a strategy threw, returned null or looped, or an",
            "     error inside ptcheck",
            "",
            "Start with: ptcheck check all    (docs/cli.md)"})
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: check, explore, merge, run, replay,"
                + " presets or strategies");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code ({@link Exit}). */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> usage(cl, ex));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, commandLine.getErr()));
        return cl.execute(args);
    }

    /** A command line picocli cannot parse: what is wrong, the near word if one was misspelt, where help is. */
    private static int usage(CommandLine top, ParameterException ex) {
        PrintWriter err = ex.getCommandLine().getErr();
        boolean atTop = ex.getCommandLine() == top;
        String first = ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                ? u.getUnmatched().get(0) : null;
        if (atTop && first != null && !first.startsWith("-")) {
            err.println("ptcheck: " + unknownCommand(top, first));
        } else {
            err.println("ptcheck: " + ex.getMessage());
            // A misspelt option: picocli knows the near ones ("Possible solutions: --seed").
            UnmatchedArgumentException.printSuggestions(ex, err);
        }
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return Exit.USAGE;
    }

    /** {@code unknown command 'chek'; ...}: the first word of a command line names no command. */
    private static String unknownCommand(CommandLine cl, String word) {
        java.util.List<String> commands = cl.getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
        String guess = Typos.closest(word, commands);
        return "unknown command '" + word + "'; the commands are " + String.join(", ", commands)
                + (guess.isEmpty() ? "" : " (did you mean '" + guess + "'?)");
    }

    /** What an exception a command threw means, said in one paragraph, and its exit code. */
    private static int failure(Exception ex, PrintWriter err) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (e instanceof NoSuchFileException n) {
            err.println("ptcheck: no such file: " + n.getFile());
            return Exit.USAGE;
        }
        if (e instanceof StrategyFailure f) {
            err.println("ptcheck cannot judge: " + e.getMessage());
            FailedCell.slow(f).forEach(err::println);
            FailedCell.frames(f, err);
            return Exit.FAILURE;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("ptcheck: " + e.getMessage());
            return Exit.USAGE;
        }
        if (e instanceof IOException) {
            err.println("ptcheck: " + e);
            return Exit.USAGE;
        }
        err.println("ptcheck: internal error: " + e + " (please report it with the command line;"
                + " PTCHECK_STACKTRACE=1 prints the stack trace)");
        if (System.getenv("PTCHECK_STACKTRACE") != null) {
            e.printStackTrace(err);
        }
        return Exit.FAILURE;
    }

    /** {@code ptcheck 0.1.0-SNAPSHOT}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"ptcheck " + Version.current()};
        }
    }
}
