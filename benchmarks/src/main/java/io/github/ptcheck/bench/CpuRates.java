package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.shrink.Shrinker;
import io.vavr.collection.Vector;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The benchmarks' workloads timed by the CPU time of the whole process (mutator, GC and JIT
 * threads) instead of the wall clock: on a box shared with other builds a wall-clock rate moves
 * with their load, a rate per CPU-second much less. Used for the before/after figures of the
 * optimisation commits; the README's figures are JMH's.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.CpuRates exec|check40|check100|explore|shrink [cell...]
 * </pre>
 */
public final class CpuRates {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuRates() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        String[] cells = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : defaults(mode);
        for (String name : cells) {
            Cell cell = Cells.named(name);
            LongSupplier work = workload(mode, cell);
            measure(mode, name, work);
        }
    }

    private static String[] defaults(String mode) {
        switch (mode) {
            case "exec":
                return new String[] {"powerpc-pageactive-v6.6@powerpc64-hash-64k",
                        "powerpc-pageactive-v6.6@powerpc64-radix-64k", "s390-pageactive-v6.6@s390x",
                        "s390-fullpage-v6.7@s390x", "generic-v6.6@x86_64"};
            case "shrink":
                return new String[] {"powerpc-naive-v1@powerpc64-hash-64k", "powerpc-naive-v1@powerpc64-radix-64k",
                        "s390-naive-v1@s390x", "generic-v6.6@powerpc64-hash-64k"};
            default:
                return new String[] {"powerpc-refcount-v2@powerpc64-hash-64k",
                        "powerpc-refcount-v2@powerpc64-radix-64k", "s390-pageactive-v6.6@s390x",
                        "s390-fullpage-v6.7@s390x", "generic-v6.6@x86_64"};
        }
    }

    /** One unit of work; returns the count it did (operations, tries, states, shrinks). */
    @SuppressWarnings("unchecked")
    private static LongSupplier workload(String mode, Cell cell) {
        switch (mode) {
            case "exec": {
                Executor ex = cell.executor();
                Vector<Op>[] seqs = Sequences.of(cell.preset(), cell.strategy()).maxLength(100).samples(1L, 256)
                        .toJavaArray(Vector[]::new);
                return () -> {
                    long n = 0;
                    for (Vector<Op> s : seqs) {
                        n += ex.run(s).executed();
                    }
                    return n;
                };
            }
            case "check40":
            case "check100": {
                Runner r = new Runner(CheckConfig.defaults().withMaxLength(mode.equals("check40") ? 40 : 100));
                return () -> r.check(cell).triesRun();
            }
            case "explore": {
                Explorer e = Cells.workers(new Explorer(cell, Bounds.DEFAULT), Cells.workers());
                return () -> e.explore(7).statesVisited();
            }
            case "shrink": {
                ShrinkInputs.Input in = ShrinkInputs.padded(cell);
                Shrinker s = new Shrinker(cell.executor(), Duration.ofSeconds(30));
                return () -> {
                    s.shrink(in.ops(), in.invariant());
                    return 1;
                };
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static void measure(String mode, String name, LongSupplier work) {
        run(work, 4.0); // warm-up
        int rounds = 5;
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            rates[i] = run(work, 2.0);
        }
        double mean = 0;
        for (double r : rates) {
            mean += r / rounds;
        }
        double var = 0;
        for (double r : rates) {
            var += (r - mean) * (r - mean) / (rounds - 1);
        }
        System.out.printf("%-8s %-45s %,14.1f per CPU-second  +- %,.1f (sd of %d rounds)%n", mode, name, mean,
                Math.sqrt(var), rounds);
    }

    /** Runs units of work for about {@code cpuSeconds} of process CPU time; the count per CPU-second. */
    private static double run(LongSupplier work, double cpuSeconds) {
        long c0 = OS.getProcessCpuTime();
        long n = 0;
        long c;
        do {
            n += work.getAsLong();
            c = OS.getProcessCpuTime();
        } while (c - c0 < cpuSeconds * 1e9);
        return n / ((c - c0) / 1e9);
    }
}
