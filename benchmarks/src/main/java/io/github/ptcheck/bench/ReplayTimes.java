package io.github.ptcheck.bench;

import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.cex.CounterexampleFile;
import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.cex.ReplayResult;

import java.lang.management.ManagementFactory;

/**
 * Parse and traced replay of long counterexample files, at the operations limit
 * ({@code CounterexampleFile.MAX_OPERATIONS}), one shape per argument, timed in CPU seconds of
 * the whole process (the box is shared; see docs/reliability.md, "Replay time"):
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ReplayTimes allocs pairs runcb mms unlock
 * </pre>
 * <ul>
 * <li>{@code allocs}: {@code alloc mm0}, over and over;</li>
 * <li>{@code pairs}: {@code alloc mm0} and {@code freeDeferred tN};</li>
 * <li>{@code runcb}: pairs for a third of the file each, then {@code runCallback 0};</li>
 * <li>{@code mms}: allocs over mm0 to mm63;</li>
 * <li>{@code unlock}: allocs for half the file, then {@code readLock cpu0} / {@code readUnlock cpu0}.</li>
 * </ul>
 */
public final class ReplayTimes {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ReplayTimes() {
    }

    public static void main(String[] args) {
        for (String shape : args) {
            String text = file(shape, CounterexampleFile.MAX_OPERATIONS);
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            CounterexampleFile f = CounterexampleFile.parse(text, shape + ".ptcheck", Catalog.builtIn());
            ReplayResult r = Replay.builtIn().replay(f);
            System.out.printf("%-7s %,d operations: parse and traced replay %.1f CPU s, %.1f s wall: %s%n", shape,
                    f.counterexample().ops().size(), (OS.getProcessCpuTime() - c0) / 1e9,
                    (System.nanoTime() - t0) / 1e9, r.verdict());
        }
    }

    private static String file(String shape, int n) {
        StringBuilder sb = new StringBuilder("preset: x86_64\nstrategy: generic-v6.6\nviolation: none\n");
        switch (shape) {
            case "allocs" -> sb.append("alloc mm0\n".repeat(n));
            case "pairs" -> pairs(sb, n / 2);
            case "runcb" -> {
                pairs(sb, n / 3);
                sb.append("runCallback 0\n".repeat(n / 3));
            }
            case "mms" -> {
                for (int i = 0; i < n; i++) {
                    sb.append("alloc mm").append(i % 64).append('\n');
                }
            }
            case "unlock" -> {
                sb.append("alloc mm0\n".repeat(n / 2));
                sb.append("readLock cpu0\nreadUnlock cpu0\n".repeat(n / 4));
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape + ": allocs, pairs, runcb, mms, unlock");
        }
        return sb.toString();
    }

    private static void pairs(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append("alloc mm0\nfreeDeferred t").append(i).append('\n');
        }
    }
}
