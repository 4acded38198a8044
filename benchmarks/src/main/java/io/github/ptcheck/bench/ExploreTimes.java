package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.op.Bounds;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;

/**
 * Plain timed runs of the explorer, beside the JMH figures (a depth reached in N seconds is a
 * one-shot wall-clock figure, not a steady-state rate). Run from the benchmarks jar:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ExploreTimes in 10 60
 * java -Dworkers=2 -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ExploreTimes in 60   (on 2 threads)
 * java -Dcells=generic-v6.6@x86_64 -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ExploreTimes in 60
 * java -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ExploreTimes depths 6 7 8
 * java -Xmx8g -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ExploreTimes heap generic-v6.6@x86_64 9
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ExploreTimes perState generic-v6.6@x86_64 1000000
 * </pre>
 * <ul>
 * <li>{@code in S...}: for each cell of {@link ExploreBenchmark}, with 2 CPUs and 2 mms, the
 *     depth completed within S seconds of wall-clock time (a fresh JVM warms up as it goes: this
 *     is what a user sees), the states visited and the rate.</li>
 * <li>{@code depths D...}: {@code generic-v6.6} on {@code x86_64} with 2 CPUs, 2 mms and at most
 *     6 tables, explored to each depth D: states, wall-clock and process CPU seconds.</li>
 * <li>{@code heap CELL D}: explores CELL to depth D with 2 CPUs and 2 mms while a thread forces
 *     a full GC every second and keeps the largest heap left after one (the live set near its
 *     peak); prints it per million states. The forced GCs slow the run: time it without.</li>
 * <li>{@code perState CELL STATES [CPUS MMS]}: explores CELL (2 CPUs and 2 mms unless given)
 *     until STATES states, while a listener keeps the largest heap left after any garbage
 *     collection (heap pools only); prints it per state. This is the figure
 *     {@code Explorer.BYTES_PER_STATE} is sized from (docs/reliability.md).</li>
 * </ul>
 */
public final class ExploreTimes {

    static final String[] CELLS = {"powerpc-refcount-v2@powerpc64-hash-64k", "powerpc-refcount-v2@powerpc64-radix-64k",
            "s390-pageactive-v6.6@s390x", "s390-fullpage-v6.7@s390x", "generic-v6.6@x86_64",
            "powerpc-pageactive-v6.6@powerpc64-hash-64k", "powerpc-pageactive-v6.6@powerpc64-radix-64k"};

    /** Enough for a minute at the target rate; the heap must hold it (see the heap mode). */
    static final long STATE_BUDGET = 100_000_000;

    private ExploreTimes() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ExploreTimes in SECONDS... | depths DEPTH... | heap CELL DEPTH"
                    + " | perState CELL STATES [CPUS MMS]");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "in":
                String only = System.getProperty("cells"); // -Dcells=a,b to measure only those
                String[] cells = only == null ? CELLS : only.split(",");
                for (String s : rest) {
                    for (String cell : cells) {
                        depthIn(cell, Integer.parseInt(s));
                    }
                }
                break;
            case "depths":
                for (String d : rest) {
                    depth(Integer.parseInt(d));
                }
                break;
            case "heap":
                heap(rest[0], Integer.parseInt(rest[1]));
                break;
            case "perState":
                perState(rest[0], Long.parseLong(rest[1]), rest.length > 3 ? Bounds.DEFAULT.withCpus(
                        Integer.parseInt(rest[2])).withMms(Integer.parseInt(rest[3])) : Bounds.DEFAULT);
                break;
            default:
                throw new IllegalArgumentException("unknown mode '" + args[0] + "': in, depths, heap or perState");
        }
    }

    private static void depthIn(String cell, int seconds) {
        Explorer e = Cells.workers(new Explorer(Cells.named(cell), Bounds.DEFAULT), Cells.workers())
                .withStateBudget(STATE_BUDGET)
                .withTimeBudget(Duration.ofSeconds(seconds));
        long t0 = System.nanoTime();
        ExploreReport r = e.explore(1000);
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-45s in %3d s: depth %2d completed, %,12d states in %6.1f s, %,10.0f states/s, per depth %s%s%n",
                cell, seconds, r.depthCompleted(), r.statesVisited(), wall, r.statesVisited() / wall,
                r.statesPerDepth().mkString(" "), r.passed() ? "" : " -- " + r.summary());
    }

    private static void depth(int depth) {
        Cell cell = Cells.named("generic-v6.6@x86_64");
        Bounds bounds = Bounds.DEFAULT.withMaxTables(6);
        // The process's CPU time: the search runs on the watchdog's worker (and on more threads with -Dworkers).
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        ExploreReport r = Cells.workers(new Explorer(cell, bounds), Cells.workers()).withStateBudget(STATE_BUDGET)
                .explore(depth);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        System.out.printf("%s, 2 CPUs, 2 mms, 6 tables, depth %d: %,d states, %,d transitions, %.2f s wall,"
                        + " %.2f s process CPU, %,.0f states/s (wall): %s%n", cell, depth, r.statesVisited(), r.transitions(),
                wall, cpu, r.statesVisited() / wall, r.summary());
    }

    private static void heap(String cellName, int depth) {
        Runtime rt = Runtime.getRuntime();
        long[] peak = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
                peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
            }
        });
        sampler.setDaemon(true);
        System.gc();
        long base = rt.totalMemory() - rt.freeMemory();
        sampler.start();
        ExploreReport r = new Explorer(Cells.named(cellName), Bounds.DEFAULT).withStateBudget(STATE_BUDGET)
                .explore(depth);
        sampler.interrupt();
        long live = peak[0] - base;
        System.out.printf("%s depth %d: %,d states; peak live heap %.0f MB above the %.0f MB before;"
                        + " %.0f MB per million states (%.0f bytes per state): %s%n", cellName, depth,
                r.statesVisited(), live / 1e6, base / 1e6, live / 1e6 / (r.statesVisited() / 1e6),
                (double) live / r.statesVisited(), r.summary());
    }

    private static void perState(String cellName, long states, Bounds bounds) {
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP) {
                heapPools.add(p.getName());
            }
        }
        long[] peak = {0};
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo
                        .GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                long used = 0;
                for (java.util.Map.Entry<String, java.lang.management.MemoryUsage> e
                        : com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData()).getGcInfo()
                        .getMemoryUsageAfterGc().entrySet()) {
                    used += heapPools.contains(e.getKey()) ? e.getValue().getUsed() : 0;
                }
                synchronized (peak) {
                    peak[0] = Math.max(peak[0], used);
                }
            }, null, null);
        }
        ExploreReport r = new Explorer(Cells.named(cellName), bounds).withStateBudget(states).explore(Explorer.MAX_DEPTH);
        synchronized (peak) {
            System.out.printf("%s, %d CPUs, %d mms: %,d states; largest heap after a GC %.0f MB: %.0f bytes per state"
                            + " (-Xmx %d MB): %s%n", cellName, bounds.cpus(), bounds.mms(), r.statesVisited(),
                    peak[0] / 1e6, (double) peak[0] / r.statesVisited(), Runtime.getRuntime().maxMemory() >> 20,
                    r.summary());
        }
    }
}
