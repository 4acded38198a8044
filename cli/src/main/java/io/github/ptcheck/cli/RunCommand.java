package io.github.ptcheck.cli;

import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.cex.CounterexampleFile;
import io.github.ptcheck.cex.CounterexampleFormatException;
import io.github.ptcheck.cex.RecordedViolation;
import io.github.ptcheck.cex.SkippedOp;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.plan.CellSelection;
import io.github.ptcheck.report.Shell;
import io.github.ptcheck.sched.Interleaver;
import io.github.ptcheck.report.TextTrace;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ptcheck run}: one sequence of your own, run and traced. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = {"Runs a sequence of operations you write on one cell and prints its trace: what the kernel"
                + " does in each step, in kernel words, and the state of the page after it; the step that breaks an"
                + " invariant is marked >>. The teardown (readers leave, mms exit, rcu_barrier()) and the leak check"
                + " follow, as in every run.",
            "",
            "Operations, separated by ';' or new lines (docs/counterexample-format.md): alloc mmN, fill mmN,"
                + " free tN, freeDeferred tN, freeTlb tN, freeTlbOne tN, freeTlbSiblings tN, reclaim tN, reclaimOne tN,"
                + " readLock cpuN, irqOff cpuN, lookup cpuN tN, readUnlock cpuN, irqOn cpuN, runCallback K (the"
                + " K-th eligible callback, oldest first), rcuBarrier, exitMm mmN. Tables are named by the order of"
                + " their alloc (t0, t1, ...); an operation that cannot run then (its table is gone, its CPU is not"
                + " inside a read-side section) is skipped, and the trace and the last line say so.",
            ""},
        footerHeading = "%nExamples:%n", footer = {
            "  ptcheck run powerpc-naive-v1@powerpc64-hash-64k \\",
            "      \"alloc mm0; alloc mm0; freeDeferred t0; freeDeferred t1\"",
            "  ptcheck run s390-naive-v1@s390x --file my-sequence.txt --save bug.ptcheck",
            "",
            "Exit codes: 0 no invariant broken, 1 an invariant broken, 2 usage,",
            "  3 a strategy or ptcheck failed."})
final class RunCommand extends UserCommand {

    @Parameters(index = "0", paramLabel = "CELL", description = "strategy@preset, or a strategy that serves one"
            + " preset only.")
    String cell;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPERATIONS", description = "The sequence, e.g."
            + " \"alloc mm0; alloc mm0; freeDeferred t0; freeDeferred t1\".")
    String operations;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the operations from FILE instead, one per"
            + " line; '#' starts a comment.")
    Path file;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the sequence, its verdict and its trace as a"
            + " counterexample file, for replay.")
    Path save;

    @Option(names = "--schedule", paramLabel = "TURNS", description = "Run the operations overlapped: turns N (step"
            + " N runs to its end) or N:K (step N runs K kernel calls), e.g. \"2:0 3 2\"; see docs/model.md,"
            + " Interleavings.")
    String schedule;

    /** The header lines put before the operations so that the counterexample parser reads them. */
    private static final int HEADER_LINES = 3;

    @Override
    int run(UserOptions.Loaded loaded, PrintWriter out) throws Exception {
        if ((operations == null) == (file == null)) {
            throw new IllegalArgumentException("give the operations either on the command line or with --file, e.g."
                    + " \"alloc mm0; alloc mm0; freeDeferred t0; freeDeferred t1\"");
        }
        if (file != null) {
            FileArgs.readable("--file", file);
        }
        FileArgs.writableFile("--save", save);
        Cell c = cell(loaded);
        String body;
        try {
            body = file != null ? CounterexampleFile.readText(file) : String.join("\n", operations.split(";", -1));
        } catch (CounterexampleFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (body.lines().map(l -> l.replaceAll("#.*", "").strip()).allMatch(String::isEmpty)) {
            throw new IllegalArgumentException("no operation given; e.g. \"alloc mm0; alloc mm0; freeDeferred t0;"
                    + " freeDeferred t1\"");
        }
        String text = "preset: " + c.preset().name() + "\nstrategy: " + c.strategy().name() + "\nviolation: none\n"
                + body;
        Counterexample sequence;
        try {
            sequence = CounterexampleFile.parse(text, "operations", loaded.catalog()).counterexample();
        } catch (CounterexampleFormatException e) {
            // A duplicate, or one after the operations, of a header this command wrote itself from the cell: say so.
            String problem = java.util.stream.Stream.of("preset:'", "strategy:'", "violation:'").anyMatch(h ->
                    e.problem().startsWith("duplicate header '" + h) || e.problem().startsWith("header '" + h))
                    ? "a header line: run takes the preset and strategy from the cell and records the violation"
                    + " itself, so give only operations (a whole counterexample file is what replay takes)"
                    : ownLines(e.problem());
            throw new IllegalArgumentException(where(e) + problem, e);
        }
        if (schedule != null) {
            sequence = scheduled(sequence);
        }
        Counterexample run = sequence;
        // Watched, as checks and replays are: a strategy that never returns ends the run with its name.
        Outcome o = Watchdog.run(null, null, null, () -> run.schedule().isEmpty() ? c.executor().trace(run.ops())
                : new Interleaver(c.executor()).trace(run.ops(), run.schedule().get()));
        String trace = Watchdog.run(null, null, null, () -> new TextTrace(c.strategy()).render(o));
        out.print(trace);
        out.println();
        // A hand-written sequence with an operation that could not run (t1 never allocated) may pass only
        // because of it: the last line says so, as replay's does.
        Vector<SkippedOp> skipped = SkippedOp.of(o, i -> 0);
        out.println("ptcheck run: " + c.name() + ", " + sequence.ops().size() + " operations: "
                + o.violation().map(v -> "broke " + v.invariant() + " at step " + v.step()).getOrElse("passed")
                + (skipped.isEmpty() ? "" : "; " + SkippedOp.listed(skipped)));
        if (save != null) {
            Counterexample recorded = sequence.withViolation(o.violation().map(RecordedViolation::of))
                    .withSchedule(o.schedule());
            Path dir = save.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(save, recorded.text(trace, user.loadWords()), StandardCharsets.UTF_8);
            out.println("saved as " + save + "; run it again with " + Launcher.command() + " replay " + Shell.quote(save.toString())
                    + user.words());
        }
        return o.passed() ? Exit.OK : Exit.FOUND;
    }

    /** The sequence under {@code --schedule}, whose turns must name its operations (as a file's must). */
    private Counterexample scheduled(Counterexample sequence) {
        if (schedule.isBlank()) {
            // As an empty schedule: line in a file is: no turns is no schedule, so say how to ask for none.
            throw new IllegalArgumentException("--schedule \"" + schedule + "\": expected a schedule like '1:2 2 1'"
                    + " (turns N or N:K: operation N runs to its end, or K kernel calls); leave --schedule out for"
                    + " operations run whole, in order");
        }
        try {
            return sequence.withSchedule(Schedule.parse(schedule));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule \"" + schedule + "\": " + e.getMessage(), e);
        }
    }

    /**
     * The parser's {@code (line N)} and {@code first given on line N} of the text this command
     * built, as the user wrote it: a line of {@code --file}, or an operation of the command line
     * (the header lines put first are none of theirs).
     */
    private String ownLines(String problem) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<=\\(|given on )line (\\d+)").matcher(problem);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1)) - HEADER_LINES;
            m.appendReplacement(sb, line < 1 ? m.group() : (file != null ? "line " : "operation ") + line);
        }
        return m.appendTail(sb).toString();
    }

    /** {@code operation 3 ('freeDefered t0'): } or {@code my.txt:5:1: }, where the text the user wrote is wrong. */
    private String where(CounterexampleFormatException e) {
        int line = e.line() - HEADER_LINES;
        if (line < 1) {
            return "";
        }
        if (file != null) {
            return file + ":" + line + ":" + e.column() + ": ";
        }
        String[] ops = operations.split(";", -1);
        return "operation " + line + (line <= ops.length ? " ('" + ops[line - 1].strip() + "')" : "") + ": ";
    }

    private Cell cell(UserOptions.Loaded loaded) {
        List<Cell> cells = new CellSelection(loaded.presets(), loaded.strategies(), UserOptions.WORDS)
                .select(List.of(cell));
        if (cells.size() != 1) {
            throw new IllegalArgumentException("'" + cell + "' names " + cells.size() + " cells (" + cells.mkString(", ")
                    + "); run takes one: strategy@preset");
        }
        return cells.head();
    }
}
