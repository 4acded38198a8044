package io.github.ptcheck.bench;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Runner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Random checking: {@link Runner#check} of a passing cell, {@value #TRIES} tries per invocation
 * (generation, execution, coverage, teardown and leak check of each), reported as tries per
 * second. The powerpc presets are measured with {@code powerpc-refcount-v2}, since the merged
 * {@code powerpc-pageactive-v6.6} fails there at its first try (see {@link Cells}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
public class CheckBenchmark {

    static final int TRIES = 200;

    @Param({"powerpc-refcount-v2@powerpc64-hash-64k", "powerpc-refcount-v2@powerpc64-radix-64k",
            "s390-pageactive-v6.6@s390x", "s390-fullpage-v6.7@s390x", "generic-v6.6@x86_64"})
    public String cell;

    @Param({"40", "100"})
    public int maxLength;

    private Cell c;
    private Runner runner;

    @Setup(Level.Trial)
    public void configure() {
        c = Cells.named(cell);
        runner = new Runner(CheckConfig.defaults().withTries(TRIES).withMaxLength(maxLength));
        CellReport r = runner.check(c);
        if (!r.passed() || r.triesRun() != TRIES) {
            throw new IllegalStateException(cell + " is meant to pass " + TRIES + " tries: " + r);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public CellReport check() {
        return runner.check(c);
    }
}
