package io.github.ptcheck.bench;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes what ptcheck reports for a fixed body of inputs to a file and prints its SHA-256: the
 * text trace ({@link TextTrace}) and the untraced verdict of generated sequences for every
 * built-in strategy on every preset, the report of a default check of each cell, and a short
 * exploration of each. An optimisation must leave the file byte-identical; run it before and
 * after and compare:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.TraceDigest /tmp/traces.txt
 * </pre>
 */
public final class TraceDigest {

    private TraceDigest() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path out = Path.of(args.length > 0 ? args[0] : "traces.txt");
        int perCell = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            for (Strategy s : Strategies.all()) {
                for (Preset p : Presets.all()) {
                    Cell cell = new Cell(p, s);
                    Executor ex = cell.executor();
                    TextTrace text = new TextTrace(s);
                    w.println("=== " + cell.name());
                    Vector<Vector<Op>> seqs = Sequences.of(p, s).maxLength(60).samples(3L, perCell);
                    for (Vector<Op> ops : seqs) {
                        Outcome traced = ex.trace(ops);
                        Outcome run = ex.run(ops);
                        w.println("--- " + ops.mkString(", "));
                        w.println("run: " + run.violation().map(v -> v.toString()).getOrElse("passed") + " executed "
                                + run.executed() + " skipped " + run.skipped());
                        w.println("trace: " + traced.violation().map(v -> v.toString()).getOrElse("passed"));
                        w.print(text.render(traced));
                    }
                    CellReport r = new Runner(CheckConfig.defaults().withTries(50)).check(cell);
                    w.println("check: " + r.passed() + " tries " + r.triesRun() + " ops " + r.opsExecuted()
                            + " coverage " + r.coverage());
                    if (r.finding().isDefined()) {
                        w.println("finding: " + r.finding().get().shrunk().mkString(", "));
                        w.print(text.render(r.finding().get().trace()));
                    }
                    ExploreReport e = new Explorer(cell, Bounds.DEFAULT.withMaxTables(4)).explore(5);
                    w.println("explore: " + e.summary() + " " + e.statesPerDepth());
                    if (e.finding().isDefined()) {
                        w.print(text.render(e.finding().get().trace()));
                    }
                }
            }
        }
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out));
        System.out.println(HexFormat.of().formatHex(sha) + "  " + out + " (" + Files.size(out) + " bytes)");
    }
}
