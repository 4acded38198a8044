package io.github.ptcheck.gen;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): a 64-bit counter stepped by a fixed odd constant, put through a
 * bit mixer. Small, fast, and good enough to choose operations.
 *
 * <p>ptcheck has its own generator because a counterexample must come back from its seed on
 * every machine and JVM, now and later: {@code java.util.Random} fixes its algorithm, but
 * {@code ThreadLocalRandom}, {@code SplittableRandom} and the {@code RandomGenerator} factory
 * leave theirs free to change, and none of them is ours to pin. The algorithm below is the
 * whole contract: changing it changes every sequence every seed gives.
 *
 * <p>Not thread-safe: one instance per try.
 */
public final class SplitMix64 {

    /** The odd step of the counter: 2^64 divided by the golden ratio. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /**
     * The generator of one try: the check's seed and the try's index mixed, so that
     * neighbouring seeds and neighbouring tries start far apart.
     */
    public static SplitMix64 forTry(long seed, int tryIndex) {
        return new SplitMix64(mix(mix(seed) + GAMMA * (tryIndex + 1L)));
    }

    /**
     * A second generator of the same try, independent of {@link #forTry(long, int)}'s: draws
     * added later (the page-filling profile) come from here, so that the numbers the first one
     * gives, and the sequences they make, stay what they were.
     */
    public static SplitMix64 forTry(long seed, int tryIndex, int stream) {
        return new SplitMix64(mix(forTry(seed, tryIndex).state ^ mix(GAMMA * (stream + 1L))));
    }

    /** The finaliser of SplitMix64 (a variant of MurmurHash3's fmix64). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /**
     * A uniform int in {@code [0, bound)}: 31 random bits, drawn again when they fall in the
     * incomplete last block, so that no value is favoured.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, was " + bound);
        }
        long range = 1L << 31;
        long limit = range - range % bound;
        long bits;
        do {
            bits = nextLong() >>> 33;
        } while (bits >= limit);
        return (int) (bits % bound);
    }

    /** A uniform double in {@code [0, 1)}, from the top 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }
}
