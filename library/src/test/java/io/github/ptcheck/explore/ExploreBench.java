package io.github.ptcheck.explore;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;

/**
 * A rough measure of exploration speed and memory, run by hand (not a test):
 * {@code java -cp ... io.github.ptcheck.explore.ExploreBench [preset strategy cpus mms tables depth...]}.
 */
public final class ExploreBench {

    private ExploreBench() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "x86_64";
        String strategy = args.length > 1 ? args[1] : "generic-v6.6";
        int cpus = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int mms = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int tables = args.length > 4 ? Integer.parseInt(args[4]) : 6;
        int[] depths = args.length > 5 ? java.util.Arrays.stream(args, 5, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {6, 7, 8};
        Cell cell = new Cell(Presets.named(preset), Strategies.named(strategy));
        Bounds bounds = Bounds.DEFAULT.withCpus(cpus).withMms(mms).withMaxTables(tables);
        Runtime rt = Runtime.getRuntime();
        // -Dmem=true: a thread forces a GC every second and keeps the largest heap left after it
        // (roughly the live set at its peak); it slows the run, so time it without.
        long[] peak = {0};
        if (Boolean.getBoolean("mem")) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.gc();
                    peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
                }
            });
            t.setDaemon(true);
            t.start();
        }
        for (int depth : depths) {
            java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = tm.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ExploreReport r = new Explorer(cell, bounds).explore(depth);
            long t1 = System.nanoTime();
            long c1 = tm.getCurrentThreadCpuTime();
            long heap1 = peak[0];
            peak[0] = 0;
            double secs = (c1 - c0) / 1e9;
            System.out.printf("%s depth %d: %d states, %d transitions, %.2f s cpu (%.2f s wall), %.0f states/s,"
                            + " %.0f transitions/s%s%n  %s%n  per depth %s%n",
                    cell, depth, r.statesVisited(), r.transitions(), secs, (t1 - t0) / 1e9, r.statesVisited() / secs,
                    r.transitions() / secs, heap1 == 0 ? "" : String.format(", peak live heap %.0f MB", heap1 / 1e6), r.summary(), r.statesPerDepth());
        }
    }
}
