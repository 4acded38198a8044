package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.sched.ScheduleExplorer;
import io.github.ptcheck.sched.ScheduleReport;
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
 * Exhaustive mode with interleavings: {@link ScheduleExplorer#explore} of a merged cell from the
 * boot state to a fixed depth with 1 reader CPU, 2 mms and 4 tables and at most 2 preemptions
 * (the bounds of the library's own test), one thread. The counters add the interleaved runs of
 * two operations tried ({@code schedules}) and the distinct states reached ({@code states}), so
 * JMH reports {@code explore:schedules} as schedules per second, each an overlapped run of two
 * operations from a stored state, its new state's teardown check included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 3, jvmArgsAppend = {"-Xmx4g"})
@Threads(1)
public class ScheduleBenchmark {

    @Param({"powerpc-refcount-v2@powerpc64-hash-64k", "s390-pageactive-v6.6@s390x", "generic-v6.6@x86_64"})
    public String cell;

    @Param({"4"})
    public int depth;

    private ScheduleExplorer explorer;

    /** Schedules tried and distinct states reached, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long schedules;
        public long states;

        @Setup(Level.Iteration)
        public void reset() {
            schedules = 0;
            states = 0;
        }
    }

    @Setup(Level.Trial)
    public void configure() {
        Cell c = Cells.named(cell);
        explorer = new ScheduleExplorer(c, Bounds.DEFAULT.withCpus(1).withMms(2).withMaxTables(4), 2);
        ScheduleReport r = explorer.explore(depth);
        if (!r.passed() || r.depthCompleted() != depth) {
            throw new IllegalStateException(cell + " is meant to be clean to depth " + depth + " with interleavings: "
                    + r.summary());
        }
    }

    @Benchmark
    public ScheduleReport explore(Counters counters) {
        ScheduleReport r = explorer.explore(depth);
        counters.schedules += r.schedules();
        counters.states += r.states();
        return r;
    }
}
