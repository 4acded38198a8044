package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.strategy.Strategies;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Rough throughput of the random check, for the record (not a test: timings assert nothing).
 * Run after {@code ./mvnw -B -q -o test-compile -pl library}:
 * <pre>
 * java -cp library/target/classes:library/target/test-classes:$HOME/.m2/repository/io/vavr/vavr/1.0.0/vavr-1.0.0.jar \
 *     io.github.ptcheck.check.Throughput
 * </pre>
 * Prints tries per second of thread CPU time and of wall-clock time for generic-v6.6 on x86_64
 * at maxLength 40 and 100, after a warm-up.
 */
public final class Throughput {

    private Throughput() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int tries = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Cell cell = new Cell(Presets.X86_64, Strategies.named("generic-v6.6"));
        for (int round = 0; round < 3; round++) {
            for (int len : new int[]{40, 100}) {
                Runner runner = new Runner(CheckConfig.defaults().withSeed(round).withTries(tries).withMaxLength(len));
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                CellReport r = runner.check(cell);
                double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                double wall = (System.nanoTime() - w0) / 1e9;
                System.out.printf("%s round %d maxLength %3d: %d tries, %d ops: %6.0f tries/s CPU, %6.0f tries/s wall,"
                                + " %.1f us/op CPU%n", cell.name(), round, len, r.triesRun(), r.opsExecuted(),
                        r.triesRun() / cpu, r.triesRun() / wall, cpu * 1e6 / r.opsExecuted());
            }
        }
    }
}
