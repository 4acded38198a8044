package io.github.ptcheck.cex;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * The presets and strategies a counterexample file may name: the built-ins ({@link Presets},
 * {@link Strategies}) plus the ones a caller supplies. A strategy is code, so a file can only
 * name it; a preset is data, so a file may also define it in full (and ptcheck always writes
 * user presets in full, so that the file stands alone). Immutable.
 */
public final class Catalog {

    private static final Catalog BUILT_IN = new Catalog(LinkedHashMap.empty(), LinkedHashMap.empty());

    private final Map<String, Preset> presets;
    private final Map<String, Strategy> strategies;

    private Catalog(Map<String, Preset> presets, Map<String, Strategy> strategies) {
        this.presets = presets;
        this.strategies = strategies;
    }

    /** Only the built-in presets and strategies. */
    public static Catalog builtIn() {
        return BUILT_IN;
    }

    /**
     * This catalog and a preset of yours.
     *
     * @throws IllegalArgumentException if a different preset already has its name
     */
    public Catalog withPreset(Preset preset) {
        Objects.requireNonNull(preset, "preset");
        Option<Preset> known = preset(preset.name());
        if (known.isDefined() && !known.get().equals(preset)) {
            throw new IllegalArgumentException("a preset named '" + preset.name() + "' is already known ("
                    + known.get().source() + "); give yours another name");
        }
        return new Catalog(presets.put(preset.name(), preset), strategies);
    }

    /**
     * This catalog and a strategy of yours.
     *
     * @throws IllegalArgumentException if another strategy already has its name
     */
    public Catalog withStrategy(Strategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(strategy.name(), "strategy name");
        Option<Strategy> known = strategy(strategy.name());
        if (known.isDefined() && known.get() != strategy) {
            throw new IllegalArgumentException("a strategy named '" + strategy.name() + "' is already known ("
                    + known.get().getClass().getName() + "); give yours another name");
        }
        return new Catalog(presets, strategies.put(strategy.name(), strategy));
    }

    public Option<Preset> preset(String name) {
        return Presets.find(name).orElse(() -> presets.get(name));
    }

    public Option<Strategy> strategy(String name) {
        return Strategies.find(name).orElse(() -> strategies.get(name));
    }

    /** Whether the name is one of the built-in presets (which a file may not redefine). */
    public boolean builtInPreset(String name) {
        return Presets.find(name).isDefined();
    }

    /** Every preset name, built-ins first, for error messages. */
    public List<String> presetNames() {
        return Presets.all().map(Preset::name).appendAll(presets.keySet());
    }

    /** Every strategy name, built-ins first, for error messages. */
    public List<String> strategyNames() {
        return Strategies.all().map(Strategy::name).appendAll(strategies.keySet());
    }
}
