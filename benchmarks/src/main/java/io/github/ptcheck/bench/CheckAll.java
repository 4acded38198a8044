package io.github.ptcheck.bench;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * A default-tries check ({@link CheckConfig#defaults()}: 200 tries, maxLength 40, shrinking of
 * any finding) of every built-in strategy on every preset it serves, through the {@link Runner},
 * in one JVM, timed by the wall clock. The first round is what a user sees in a fresh JVM (class
 * loading and JIT included); later rounds show the warm figure.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.CheckAll [rounds] [preemptions]
 * </pre>
 * With {@code preemptions} 1 or 2, interleavings are on ({@link CheckConfig#withPreemptions}):
 * every try that passes runs again under PCT schedules.
 */
public final class CheckAll {

    private CheckAll() {
    }

    public static void main(String[] args) {
        long jvmStart = System.nanoTime();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Cell> cells = new ArrayList<>();
        for (Strategy s : Strategies.all()) {
            for (Preset p : Presets.all()) {
                if (s.serves(p)) {
                    cells.add(new Cell(p, s));
                }
            }
        }
        int preemptions = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Runner runner = new Runner(CheckConfig.defaults().withPreemptions(preemptions));
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long ops = 0;
            for (Cell c : cells) {
                long c0 = System.nanoTime();
                CellReport r = runner.check(c);
                ops += r.opsExecuted();
                if (round == 1) {
                    System.out.printf("  %-45s %4d tries %7d ops %6.0f ms  %s%n", c.name(), r.triesRun(),
                            r.opsExecuted(), (System.nanoTime() - c0) / 1e6, r.passed() ? "passed"
                                    : r.finding().get().violation().invariant() + ", shrunk to "
                                    + r.finding().get().shrunk().size() + " ops");
                }
            }
            System.out.printf("round %d: %d cells, %,d operations executed, %.2f s wall%s%n", round, cells.size(), ops,
                    (System.nanoTime() - t0) / 1e9, preemptions == 0 ? "" : ", interleavings at most " + preemptions
                            + " preemptions");
        }
        System.out.printf("all rounds: %.2f s wall in this JVM%n", (System.nanoTime() - jvmStart) / 1e9);
    }
}
