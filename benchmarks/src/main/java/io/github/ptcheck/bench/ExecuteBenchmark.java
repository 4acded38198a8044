package io.github.ptcheck.bench;

import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Execution throughput: pre-generated sequences run with {@link Executor#run} (untraced, every
 * invariant check made, the teardown and the leak check included), one thread.
 *
 * <p>One benchmark invocation runs one sequence; the {@code operations} counter adds the
 * operations that sequence executed ({@link Outcome#executed()}, teardown included), so JMH
 * reports {@code run:operations} as executed operations per second. With {@code -prof gc},
 * {@code gc.alloc.rate} divided by that rate is the allocation per executed operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
public class ExecuteBenchmark {

    /** Sequences per cell, run round robin: enough that no single shape dominates. */
    static final int SEQUENCES = 256;

    @Param({"powerpc-pageactive-v6.6@powerpc64-hash-64k", "powerpc-pageactive-v6.6@powerpc64-radix-64k",
            "s390-pageactive-v6.6@s390x", "s390-fullpage-v6.7@s390x", "generic-v6.6@x86_64"})
    public String cell;

    /** Operations per generated sequence at the most (the teardown comes on top). */
    @Param({"100"})
    public int maxLength;

    private Executor executor;
    private Vector<Op>[] sequences;
    private int next;

    /** Executed operations, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long operations;

        @Setup(Level.Iteration)
        public void reset() {
            operations = 0;
        }
    }

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void generate() {
        var c = Cells.named(cell);
        executor = c.executor();
        // Seed 1, tries 0..255: the sequences the Runner would try first with seed 1.
        sequences = Sequences.of(c.preset(), c.strategy()).maxLength(maxLength).samples(1L, SEQUENCES)
                .toJavaArray(Vector[]::new);
    }

    @Benchmark
    public Outcome run(Counters counters) {
        Outcome o = executor.run(sequences[next]);
        next = (next + 1) % SEQUENCES;
        counters.operations += o.executed();
        return o;
    }
}
