package io.github.ptcheck.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two builds of the library in one JVM, each in a class loader of its own, exploring one cell
 * to depth 7 (2 CPUs, 2 mms, {@code Bounds.DEFAULT}, one thread) in alternation: three warm-up
 * explorations each, then ROUNDS pairs (A then B, B then A, ...), each timed by the process's
 * CPU time. It prints each build's median rate and the median of the per-pair ratios B/A: on a
 * box whose load moves (this one's wall-clock figures move by a third from one minute to the
 * next) the ratio of neighbouring runs is the figure that holds. Not JMH: the pairing is the point.
 * <pre>
 * java [-Ddepth=8] -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.ExploreAB CELL ROUNDS CLASSPATH_A CLASSPATH_B
 * </pre>
 * ({@code -Ddepth} explores deeper than 7: runs of seconds rather than half a second, so the
 * process CPU time, counted in 10 ms ticks here, weighs less in each run's figure.
 * {@code -Dworkers=N} explores on N threads and times each run by the wall clock instead: what
 * more threads buy is less time, not less CPU.)
 * where each class path holds a build's library classes and this module's classes (a
 * {@code benchmarks.jar} of that commit, or {@code library/target/classes:benchmarks.jar}).
 */
public final class ExploreAB {

    private ExploreAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: ExploreAB CELL ROUNDS CLASSPATH_A CLASSPATH_B");
        }
        String cell = args[0];
        int rounds = Integer.parseInt(args[1]);
        Object[] explorers = {explorer(loader(args[2]), cell), explorer(loader(args[3]), cell)};
        for (int w = 0; w < 3; w++) {
            explore(explorers[0]);
            explore(explorers[1]);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][] rates = new double[2][rounds];
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < 2; k++) {
                int build = i % 2 == 0 ? k : 1 - k;
                long before = WORKERS == 1 ? os.getProcessCpuTime() : System.nanoTime();
                long states = explore(explorers[build]);
                rates[build][i] = states * 1e9 / ((WORKERS == 1 ? os.getProcessCpuTime() : System.nanoTime()) - before);
            }
            ratios[i] = rates[1][i] / rates[0][i];
            if (Boolean.getBoolean("pairs")) {
                System.out.printf("pair %d: A %,.0f  B %,.0f  B/A %.3f%n", i, rates[0][i], rates[1][i], ratios[i]);
            }
        }
        Arrays.sort(rates[0]);
        Arrays.sort(rates[1]);
        Arrays.sort(ratios);
        System.out.printf("%-45s A %,.0f  B %,.0f states per %s (medians); B/A %.3f (pairs: %.3f to %.3f, %d)%n",
                cell, rates[0][rounds / 2], rates[1][rounds / 2], WORKERS == 1 ? "CPU-second" : "second on " + WORKERS + " threads",
                ratios[rounds / 2], ratios[0], ratios[rounds - 1], rounds);
    }

    static ClassLoader loader(String classPath) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String p : classPath.split(java.io.File.pathSeparator)) {
            urls.add(Path.of(p).toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /** Threads per exploration ({@code -Dworkers}, 1 unless given). */
    private static final int WORKERS = Integer.getInteger("workers", 1);

    /** The build's {@code new Explorer(Cells.named(cell), Bounds.DEFAULT).withWorkers(WORKERS)}, by reflection. */
    static Object explorer(ClassLoader l, String cell) throws Exception {
        Method named = l.loadClass(Cells.class.getName()).getDeclaredMethod("named", String.class);
        named.setAccessible(true);
        Object c = named.invoke(null, cell);
        Class<?> bounds = l.loadClass("io.github.ptcheck.op.Bounds");
        Class<?> explorer = l.loadClass("io.github.ptcheck.explore.Explorer");
        Object e = explorer.getConstructor(l.loadClass("io.github.ptcheck.check.Cell"), bounds)
                .newInstance(c, bounds.getField("DEFAULT").get(null));
        return explorer.getMethod("withWorkers", int.class).invoke(e, WORKERS);
    }

    private static final int DEPTH = Integer.getInteger("depth", 7);

    /** One exploration to depth 7 (or {@code -Ddepth}): the distinct states it visited. */
    static long explore(Object explorer) throws Exception {
        Object r = explorer.getClass().getMethod("explore", int.class).invoke(explorer, DEPTH);
        return (long) r.getClass().getMethod("statesVisited").invoke(r);
    }
}
