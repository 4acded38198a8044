package io.github.ptcheck.gen;

import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.OpKind;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;

/**
 * The operation weights of one try (swarm testing: Groce et al., "Swarm Testing", ISSTA 2012).
 * Each try draws its own weights per {@link OpKind} and switches some kinds off, so that over
 * many tries the generator visits shapes that one fixed mix of weights almost never builds: a
 * reader that never leaves while a whole page of tables is deferred (no {@code readUnlock}),
 * many deferrals in one grace period (no {@code runCallback}), teardown while callbacks are
 * queued (a heavy {@code exitMm}). One try in four also fills pages: {@code fill} and
 * {@code freeTlbSiblings} get weights, so that a page of 16 or 256 tables is handed out whole and
 * emptied around one table within a sequence of 40 operations.
 *
 * @param weights  relative weight of each kind, in {@link OpKind} order; 0 means switched off
 * @param locality percent of the time a table operation picks a table of the page the previous
 *                 table operation touched (and an {@code alloc}, the mm it allocated for): the
 *                 bugs live between tables that share a page
 */
public record Profile(Map<OpKind, Integer> weights, int locality) {

    public Profile {
        java.util.Objects.requireNonNull(weights, "weights");
        if (locality < 0 || locality > 100) {
            throw new IllegalArgumentException("locality must be in 0..100 (percent), was " + locality);
        }
    }

    /** Odds that a kind other than {@code alloc} is switched off for a try: one in this many. */
    private static final int OFF_ONE_IN = 4;

    /** Odds that a try fills pages ({@code fill} and {@code freeTlbSiblings} on): one in this many. */
    private static final int FILLS_ONE_IN = 2;

    /** The kinds whose weights come from the page-filling draw. */
    private static boolean pageWide(OpKind k) {
        return k == OpKind.FILL || k == OpKind.FREE_TLB_SIBLINGS;
    }

    /**
     * Draws the profile of a try. The draw takes the same random numbers whatever the bounds,
     * so that switching a kind off in the bounds does not reshuffle the other kinds' weights.
     *
     * @param rng   the try's generator
     * @param pages the try's second generator: whether the try fills pages, and the weights of
     *              {@code fill} and {@code freeTlbSiblings}. One try in {@value #FILLS_ONE_IN}
     *              does; the others draw from {@code rng} exactly what they drew before those
     *              operations existed, and so generate the same sequences.
     */
    public static Profile draw(SplitMix64 rng, SplitMix64 pages, Bounds bounds) {
        int[] w = new int[OpKind.values().length];
        for (OpKind k : OpKind.values()) {
            if (pageWide(k)) {
                continue;
            }
            boolean off = rng.nextInt(OFF_ONE_IN) == 0;
            int weight = 1 << rng.nextInt(5); // 1, 2, 4, 8 or 16
            if (k == OpKind.EXIT_MM) {
                // An exit ends an mm's allocations for the rest of the try: keep it rare, and
                // off in half the tries, or most tries would stop allocating early.
                off = off || rng.nextInt(2) == 0;
                weight = 1 + (weight >= 8 ? 1 : 0);
            }
            if (k == OpKind.ALLOC) {
                off = false; // without tables there is nothing to free
            }
            w[k.ordinal()] = off || !bounds.kinds().contains(k) ? 0 : weight;
        }
        boolean frees = false;
        for (OpKind k : OpKind.values()) {
            frees |= k.frees() && w[k.ordinal()] > 0;
        }
        if (!frees) {
            // A try that frees nothing checks only the teardown: switch a free path back on,
            // pte_free_defer first, as it is what this tool is about.
            for (OpKind k : new OpKind[]{OpKind.FREE_DEFERRED, OpKind.FREE_TLB, OpKind.FREE}) {
                if (bounds.kinds().contains(k)) {
                    w[k.ordinal()] = 1;
                    break;
                }
            }
        }
        int locality = 50 + rng.nextInt(46); // 50..95 percent
        boolean fills = pages.nextInt(FILLS_ONE_IN) == 0;
        for (OpKind k : OpKind.values()) {
            int weight = 1 << pages.nextInt(5);
            if (pageWide(k) && fills && bounds.kinds().contains(k)) {
                w[k.ordinal()] = weight;
            }
        }
        LinkedHashMap<OpKind, Integer> weights = LinkedHashMap.empty();
        for (OpKind k : OpKind.values()) {
            weights = weights.put(k, w[k.ordinal()]);
        }
        return new Profile(weights, locality);
    }

    public int weight(OpKind kind) {
        return weights.getOrElse(kind, 0);
    }

    /** E.g. {@code alloc=8 free=0 freeDeferred=2 ... locality=80%}. */
    @Override
    public String toString() {
        return weights.iterator().map(e -> e._1.spelling() + "=" + e._2).mkString(" ") + " locality=" + locality + "%";
    }
}
