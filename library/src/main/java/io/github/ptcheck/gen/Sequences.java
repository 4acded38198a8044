package io.github.ptcheck.gen;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;

import java.util.Objects;

/**
 * Where generators start. For a test of your own:
 *
 * <pre>{@code
 * Generator gen = Sequences.of(Presets.POWERPC64_HASH_64K, myStrategy)
 *         .cpus(2).mms(2).maxTables(32).maxLength(40);
 * for (Vector<Op> ops : gen.samples(42L, 100)) {
 *     Outcome o = new Executor(Presets.POWERPC64_HASH_64K, myStrategy).run(ops);
 *     assertTrue(o.passed(), () -> ops.mkString(", ") + ": " + o.violation().get().summary());
 * }
 * }</pre>
 *
 * <p>To check a strategy with shrinking and coverage, use {@link io.github.ptcheck.check.Runner},
 * which generates with the same generator.
 */
public final class Sequences {

    private Sequences() {
    }

    /**
     * A generator for {@code strategy} on {@code preset} with {@link Bounds#DEFAULT} (2 CPUs,
     * 2 mms, 40 tables) and {@link Generator#DEFAULT_MAX_LENGTH} operations.
     */
    public static Generator of(Preset preset, Strategy strategy) {
        Objects.requireNonNull(preset, "preset must not be null (Presets.named(name) gives the built-ins)");
        Objects.requireNonNull(strategy, "strategy must not be null (Strategies.named(name) gives the built-ins)");
        return new Generator(preset, strategy, Bounds.DEFAULT, Generator.DEFAULT_MAX_LENGTH);
    }

    /** The same, by the names reports and configuration use, e.g. {@code ("s390x", "s390-hh-v2")}. */
    public static Generator of(String preset, String strategy) {
        return of(Presets.named(preset), Strategies.named(Objects.requireNonNull(strategy,
                "strategy name must not be null; known strategies: " + Strategies.names())));
    }
}
