package io.github.ptcheck.explore;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The explorer's last line against running out of memory: whether garbage collections keep
 * leaving the heap nearly full. The state budget ({@link Explorer#heapStateBudget()}) assumes
 * {@link Explorer#BYTES_PER_STATE} a state, which holds where a page has a few tables; a state
 * with a full radix page (256 tables) costs several times that, so an exploration sized by it
 * could run out. This guard stops such a search cleanly instead, as if its state budget had been
 * what it had visited: after two garbage collections in a row (counted from when the search
 * began) each left less than {@value #FREE_PERCENT}% of the maximum heap free.
 *
 * <p>Unlike the state budget it depends on when the collector runs, so it is not reproducible
 * from the same {@code -Xmx}; it only comes into play where the budget would have run out of
 * memory. The heap pools' usage after each collection comes from the JVM's notifications
 * ({@code com.sun.management}); on a JVM without them the guard never fires.
 */
final class HeapGuard {

    /** Below this share of the heap free after a collection, the heap counts as nearly full. */
    static final int FREE_PERCENT = 15;

    /** The guard of this JVM, listening to its collector. */
    static final HeapGuard JVM = new HeapGuard();
    private static final boolean INSTALLED = install(JVM);

    /** Collections so far, and of those the last that left the heap nearly full and the one before. */
    private final AtomicLong collections = new AtomicLong();
    private volatile long lastFull = -1;
    private volatile long fullBefore = -1;

    /** A search's view of the guard, from now on. */
    Watch watch() {
        return new Watch(this, collections.get());
    }

    /** Whether the heap has been nearly full after the last two collections since {@code since}. */
    record Watch(HeapGuard guard, long since) {
        boolean low() {
            long last = guard.lastFull;
            long before = guard.fullBefore;
            return last == guard.collections.get() && before == last - 1 && before > since;
        }
    }

    private static boolean install(HeapGuard guard) {
        try {
            Set<String> heapPools = new HashSet<>();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    heapPools.add(p.getName());
                }
            }
            long max = Runtime.getRuntime().maxMemory();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (!(gc instanceof javax.management.NotificationEmitter emitter)) {
                    continue;
                }
                emitter.addNotificationListener((n, handback) -> {
                    if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(n.getType())) {
                        return;
                    }
                    Map<String, MemoryUsage> after = com.sun.management.GarbageCollectionNotificationInfo
                            .from((javax.management.openmbean.CompositeData) n.getUserData())
                            .getGcInfo().getMemoryUsageAfterGc();
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
                        used += heapPools.contains(e.getKey()) ? e.getValue().getUsed() : 0;
                    }
                    guard.collected(used, max);
                }, null, null);
            }
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false; // no com.sun.management, or no notifications: the state budget alone
        }
    }

    /** One collection, which left {@code used} bytes of a heap of at most {@code max}. */
    synchronized void collected(long used, long max) {
        long n = collections.incrementAndGet();
        if (max - used < max / 100 * FREE_PERCENT) {
            fullBefore = lastFull;
            lastFull = n;
        }
    }

    /** Whether the guard listens to the collector (false on a JVM without its notifications). */
    static boolean installed() {
        return INSTALLED;
    }
}
