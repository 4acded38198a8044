package io.github.ptcheck.gen;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.Vector;

import java.util.Objects;

/**
 * Seeded, deterministic sequences of operations for one strategy on one preset, within bounds.
 * Immutable: each setter returns a new generator. Made by {@link Sequences#of}; see there for
 * an example.
 *
 * <p>The same {@code (seed, tryIndex)} gives the same sequence on every machine and JVM (the
 * generator is {@link SplitMix64}, and nothing depends on hash order or the clock). Different
 * tries of one seed are independent draws: each has its own {@link Profile} of weights.
 */
public final class Generator {

    /** Operations in a sequence when {@link #maxLength} is not set. */
    public static final int DEFAULT_MAX_LENGTH = 40;

    private final Preset preset;
    private final Strategy strategy;
    private final Bounds bounds;
    private final int maxLength;
    private final Executor executor;

    Generator(Preset preset, Strategy strategy, Bounds bounds, int maxLength) {
        this.preset = preset;
        this.strategy = strategy;
        this.bounds = bounds;
        this.maxLength = maxLength;
        this.executor = new Executor(preset, strategy);
    }

    public Preset preset() {
        return preset;
    }

    public Strategy strategy() {
        return strategy;
    }

    public Bounds bounds() {
        return bounds;
    }

    public int maxLength() {
        return maxLength;
    }

    /** CPUs that may take {@code rcu_read_lock} (cpu0 ..); 0 generates no readers. */
    public Generator cpus(int cpus) {
        if (cpus < 0) {
            throw new IllegalArgumentException("cpus must be >= 0 (0 means no reader ever), was " + cpus);
        }
        return new Generator(preset, strategy, bounds.withCpus(cpus), maxLength);
    }

    /** mms that allocate tables (mm0 ..). */
    public Generator mms(int mms) {
        if (mms < 1) {
            throw new IllegalArgumentException("mms must be >= 1 (tables belong to an mm), was " + mms);
        }
        return new Generator(preset, strategy, bounds.withMms(mms), maxLength);
    }

    /** Tables allocated in one sequence at the most. */
    public Generator maxTables(int maxTables) {
        if (maxTables < 1) {
            throw new IllegalArgumentException("maxTables must be >= 1, was " + maxTables);
        }
        return new Generator(preset, strategy, bounds.withMaxTables(maxTables), maxLength);
    }

    /** Operations in one sequence at the most (the teardown comes on top), up to {@link CheckConfig#MAX_LENGTH}. */
    public Generator maxLength(int maxLength) {
        Bounds.requireRange("maxLength", maxLength, 1, CheckConfig.MAX_LENGTH, "operations per sequence; a sequence"
                + " is held whole, with its run");
        return new Generator(preset, strategy, bounds, maxLength);
    }

    /** The kinds of operation offered; {@link OpKind#ALLOC} must be one. */
    public Generator kinds(OpKind... kinds) {
        Objects.requireNonNull(kinds, "kinds must not be null");
        return new Generator(preset, strategy, bounds.withKinds(LinkedHashSet.of(kinds)), maxLength);
    }

    /** All bounds at once. */
    public Generator bounds(Bounds bounds) {
        Objects.requireNonNull(bounds, "bounds must not be null (Bounds.DEFAULT is 2 CPUs, 2 mms, 40 tables)");
        return new Generator(preset, strategy, bounds, maxLength);
    }

    /**
     * One try as it is being generated, step by step.
     *
     * @throws IllegalArgumentException if {@code tryIndex < 0}
     */
    public Walk walk(long seed, int tryIndex) {
        if (tryIndex < 0) {
            throw new IllegalArgumentException("tryIndex must be >= 0, was " + tryIndex);
        }
        return new Walk(executor, bounds, maxLength, seed, tryIndex);
    }

    /**
     * The sequence of try {@code tryIndex} of {@code seed}: up to {@link #maxLength} operations,
     * each enabled when it comes. It is shorter when an operation broke an invariant (that one
     * is last) or nothing more was enabled.
     *
     * @throws io.github.ptcheck.check.StrategyFailure if the strategy throws, returns null or loops
     */
    public Vector<Op> sample(long seed, int tryIndex) {
        Walk w = walk(seed, tryIndex);
        while (!w.done()) {
            w.step();
        }
        return w.ops();
    }

    /** The sequences of tries {@code 0 .. count-1} of {@code seed}. */
    public Vector<Vector<Op>> samples(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        Vector<Vector<Op>> all = Vector.empty();
        for (int i = 0; i < count; i++) {
            all = all.append(sample(seed, i));
        }
        return all;
    }

    /** The weights try {@code tryIndex} of {@code seed} draws. */
    public Profile profile(long seed, int tryIndex) {
        return walk(seed, tryIndex).profile();
    }

    @Override
    public String toString() {
        return "Sequences.of(" + preset.name() + ", " + strategy.name() + ").cpus(" + bounds.cpus() + ").mms("
                + bounds.mms() + ").maxTables(" + bounds.maxTables() + ").maxLength(" + maxLength + ")";
    }
}
