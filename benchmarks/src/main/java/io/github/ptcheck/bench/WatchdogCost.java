package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * What the watchdog costs on the hot path: the {@code ExecuteBenchmark} workload (256 sequences
 * of up to 100 operations, {@code Executor.run}) on the calling thread, where strategy calls
 * are not watched, and inside {@code Watchdog.run}, where each call marks its start and end;
 * slices of 0.3 s of the thread's own CPU time, alternated and paired, so that the load of a
 * shared box falls on both alike. Not JMH: the pairing is the point.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.WatchdogCost generic-v6.6@x86_64 ...
 * </pre>
 */
public final class WatchdogCost {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 20;

    private WatchdogCost() {
    }

    public static void main(String[] args) {
        for (String name : args) {
            measure(name);
        }
    }

    @SuppressWarnings("unchecked")
    private static void measure(String name) {
        Cell cell = Cells.named(name);
        Executor ex = cell.executor();
        Vector<Op>[] seqs = Sequences.of(cell.preset(), cell.strategy()).maxLength(100).samples(1L, 256)
                .toJavaArray(Vector[]::new);
        for (int i = 0; i < 10; i++) { // warm-up, both ways
            slice(ex, seqs);
            Watchdog.run(Duration.ofSeconds(10), null, null, () -> slice(ex, seqs));
        }
        double off = 0;
        double on = 0;
        double[] ratio = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            double x = slice(ex, seqs);
            double y = Watchdog.run(Duration.ofSeconds(10), null, null, () -> slice(ex, seqs));
            off += x / ROUNDS;
            on += y / ROUNDS;
            ratio[i] = y / x - 1;
        }
        double mean = 0;
        for (double r : ratio) {
            mean += r / ROUNDS;
        }
        double var = 0;
        for (double r : ratio) {
            var += (r - mean) * (r - mean) / (ROUNDS - 1);
        }
        System.out.printf("%-45s unwatched %,10.0f ops per thread-CPU-second, watched %,10.0f: %+.1f%% (sd %.1f%%,"
                + " %d pairs)%n", name, off, on, 100 * mean, 100 * Math.sqrt(var), ROUNDS);
    }

    /** Runs the workload for 0.3 s of this thread's CPU time; executed operations per CPU-second. */
    private static double slice(Executor ex, Vector<Op>[] seqs) {
        long c0 = MX.getCurrentThreadCpuTime();
        long n = 0;
        while (MX.getCurrentThreadCpuTime() - c0 < 300_000_000L) {
            for (Vector<Op> s : seqs) {
                n += ex.run(s).executed();
            }
        }
        return n / ((MX.getCurrentThreadCpuTime() - c0) / 1e9);
    }
}
