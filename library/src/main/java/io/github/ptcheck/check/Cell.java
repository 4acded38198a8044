package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.strategy.Strategy;

import java.util.Objects;

/** One thing to check: a strategy on a preset. */
public record Cell(Preset preset, Strategy strategy) {

    /** @throws StrategyFailure if the strategy's {@code name()} throws or gives no name */
    public Cell {
        Objects.requireNonNull(preset, "preset must not be null");
        Objects.requireNonNull(strategy, "strategy must not be null");
        StrategyMethods.name(strategy);
    }

    /** {@code strategy@preset}, e.g. {@code powerpc-naive-v1@powerpc64-hash-64k}. */
    public String name() {
        return StrategyMethods.name(strategy) + "@" + preset.name();
    }

    public Executor executor() {
        return new Executor(preset, strategy);
    }

    @Override
    public String toString() {
        return name();
    }
}
