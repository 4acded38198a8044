package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.strategy.Strategy;

import java.util.Objects;

/** One thing to check: a strategy on a preset. */
public record Cell(Preset preset, Strategy strategy) {

    public Cell {
        Objects.requireNonNull(preset, "preset must not be null");
        Objects.requireNonNull(strategy, "strategy must not be null");
    }

    /** {@code strategy@preset}, e.g. {@code powerpc-naive-v1@powerpc64-hash-64k}. */
    public String name() {
        return strategy.name() + "@" + preset.name();
    }

    public Executor executor() {
        return new Executor(preset, strategy);
    }

    @Override
    public String toString() {
        return name();
    }
}
