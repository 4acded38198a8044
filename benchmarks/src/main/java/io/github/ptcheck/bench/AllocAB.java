package io.github.ptcheck.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bytes two builds of the library allocate per distinct state, exploring one cell as
 * {@link ExploreAB} does (same class loaders, same {@code -Ddepth}, one thread): a figure that
 * is the same from run to run and does not move with the box's load, where a rate change of a
 * few per cent drowns in it. An allocation is not a cost of its own, so read it beside
 * {@code ExploreAB}'s rates, not instead of them.
 * <pre>
 * java [-Ddepth=8] -cp benchmarks/target/benchmarks.jar io.github.ptcheck.bench.AllocAB CELL CLASSPATH_A CLASSPATH_B
 * </pre>
 * The explorer runs on a watchdog worker that ends with the exploration, so a thread of this
 * class reads every thread's allocation counter every 0.2 ms and keeps the last value seen; the
 * worker's last fraction of a millisecond (building the report) may be missed, a few bytes a state.
 */
public final class AllocAB {

    private AllocAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: AllocAB CELL CLASSPATH_A CLASSPATH_B");
        }
        Object[] explorers = {ExploreAB.explorer(ExploreAB.loader(args[1]), args[0]),
                ExploreAB.explorer(ExploreAB.loader(args[2]), args[0])};
        for (int w = 0; w < 3; w++) {
            ExploreAB.explore(explorers[0]);
            ExploreAB.explore(explorers[1]);
        }
        double a = perState(explorers[0]);
        double b = perState(explorers[1]);
        System.out.printf("%-45s A %,.0f  B %,.0f bytes allocated per state; B/A %.3f%n", args[0], a, b, b / a);
    }

    /** Bytes every thread but this one and the poller allocated during one exploration, per state visited. */
    private static double perState(Object explorer) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = counters(threads);
        Map<Long, Long> last = new HashMap<>(before);
        AtomicBoolean done = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            while (!done.get()) {
                Map<Long, Long> now = counters(threads);
                synchronized (last) {
                    last.putAll(now);
                }
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.setDaemon(true);
        poller.start();
        long states = ExploreAB.explore(explorer);
        done.set(true);
        poller.join();
        last.putAll(counters(threads));
        last.remove(poller.getId());
        last.remove(Thread.currentThread().getId());
        long bytes = 0;
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            bytes += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return (double) bytes / states;
    }

    private static Map<Long, Long> counters(com.sun.management.ThreadMXBean threads) {
        Map<Long, Long> m = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long b = threads.getThreadAllocatedBytes(id);
            if (b > 0) {
                m.put(id, b);
            }
        }
        return m;
    }
}
