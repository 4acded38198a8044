package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.shrink.Shrinker;
import io.github.ptcheck.shrink.Shrunk;
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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Shrinking: the time from the first violation to a 1-minimal sequence, as the {@link
 * io.github.ptcheck.check.Runner} does it ({@link Shrinker#shrink}, the traced run of the result
 * included), for each known-broken cell, from the inputs of {@link ShrinkInputs}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
public class ShrinkBenchmark {

    @Param({"powerpc-naive-v1@powerpc64-hash-64k", "powerpc-naive-v1@powerpc64-radix-64k", "s390-naive-v1@s390x",
            "generic-v6.6@powerpc64-hash-64k"})
    public String cell;

    @Param({"padded100", "generated"})
    public String input;

    private Shrinker shrinker;
    private ShrinkInputs.Input in;

    @Setup(Level.Trial)
    public void prepare() {
        Cell c = Cells.named(cell);
        Executor executor = c.executor();
        in = ShrinkInputs.of(c, input);
        shrinker = new Shrinker(executor, Duration.ofSeconds(30));
        Shrunk s = shrinker.shrink(in.ops(), in.invariant());
        if (s.minimality() != Minimality.ONE_MINIMAL) {
            throw new IllegalStateException(cell + " " + input + ": shrinking ended " + s.minimality());
        }
        System.out.printf("%n%s %s: %d operations -> %d (%s), %d candidates run: %s%n", cell, input,
                in.ops().size(), s.ops().size(), in.invariant(), s.attempts(), s.ops().mkString(", "));
    }

    @Benchmark
    public Shrunk shrink() {
        return shrinker.shrink(in.ops(), in.invariant());
    }
}
