package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.op.Bounds;
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
 * Exhaustive exploration: {@link Explorer#explore} from the boot state to a fixed depth with
 * 2 CPUs and 2 mms ({@link Bounds#DEFAULT}), on {@code workers} threads (1 unless given:
 * {@code -p workers=2}); the {@code states} counter adds the distinct states each exploration
 * visited, so JMH reports {@code explore:states} as distinct states per second (teardown checks
 * included, as the explorer makes them). The powerpc presets are measured with
 * {@code powerpc-refcount-v2} (see {@link Cells}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 3, jvmArgsAppend = {"-Xmx4g"})
@Threads(1)
public class ExploreBenchmark {

    @Param({"powerpc-refcount-v2@powerpc64-hash-64k", "powerpc-refcount-v2@powerpc64-radix-64k",
            "s390-pageactive-v6.6@s390x", "s390-fullpage-v6.7@s390x", "generic-v6.6@x86_64"})
    public String cell;

    @Param({"7"})
    public int depth;

    @Param({"1"})
    public int workers;

    private Explorer explorer;

    /** Distinct states visited, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long states;

        @Setup(Level.Iteration)
        public void reset() {
            states = 0;
        }
    }

    @Setup(Level.Trial)
    public void configure() {
        Cell c = Cells.named(cell);
        explorer = Cells.workers(new Explorer(c, Bounds.DEFAULT), workers);
        ExploreReport r = explorer.explore(depth);
        if (!r.passed() || r.depthCompleted() != depth) {
            throw new IllegalStateException(cell + " is meant to explore clean to depth " + depth + ": "
                    + r.summary());
        }
    }

    @Benchmark
    public ExploreReport explore(Counters counters) {
        ExploreReport r = explorer.explore(depth);
        counters.states += r.statesVisited();
        return r;
    }
}
