package io.github.ptcheck.plan;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;

/**
 * Turns cell entries into cells. Each entry is {@code strategy@preset}, {@code strategy} (on
 * every preset it serves), {@code @preset} (every strategy that serves it), or {@code all}
 * (every strategy on every preset it serves; also the default). Names resolve against the
 * built-ins plus the user's presets and strategies. The Maven plugin's {@code cells} and the
 * command line's cell arguments both go through here.
 */
public final class CellSelection {

    private final Map<String, Preset> presets;
    private final Map<String, Strategy> strategies;
    private final Words words;

    public CellSelection(List<Preset> userPresets, List<Strategy> userStrategies, Words words) {
        Map<String, Preset> ps = LinkedHashMap.empty();
        for (Preset p : Presets.all().appendAll(userPresets)) {
            ps = ps.put(p.name(), p);
        }
        Map<String, Strategy> ss = LinkedHashMap.empty();
        for (Strategy s : Strategies.all().appendAll(userStrategies)) {
            ss = ss.put(s.name(), s);
        }
        this.presets = ps;
        this.strategies = ss;
        this.words = words;
    }

    /**
     * The cells the entries name, in order, each once.
     *
     * @throws IllegalArgumentException naming the entry that is wrong and how to fix it
     */
    public List<Cell> select(List<String> entries) {
        List<String> wanted = entries == null || entries.isEmpty() ? List.of("all") : entries;
        List<Cell> cells = List.empty();
        for (String raw : wanted) {
            String e = raw == null ? "" : raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            cells = cells.appendAll(expand(e));
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("no cell selected by " + wanted + ": no strategy serves those presets;"
                    + " name a cell as strategy@preset to run a strategy on a preset it does not serve");
        }
        return cells.distinctBy(Cell::name);
    }

    private List<Cell> expand(String e) {
        if (e.equals("all")) {
            return strategies.values().toList().flatMap(s -> served(s));
        }
        int at = e.indexOf('@');
        if (at < 0) {
            List<Cell> cells = served(strategy(e));
            if (cells.isEmpty()) {
                throw new IllegalArgumentException("strategy " + e + " serves none of the presets " + presetNames()
                        + "; name the cell as " + e + "@<preset>");
            }
            return cells;
        }
        String sName = e.substring(0, at);
        Preset preset = preset(e.substring(at + 1));
        if (sName.isEmpty()) {
            return strategies.values().toList().filter(s -> s.serves(preset)).map(s -> new Cell(preset, s));
        }
        return List.of(new Cell(preset, strategy(sName)));
    }

    private List<Cell> served(Strategy s) {
        return presets.values().toList().filter(s::serves).map(p -> new Cell(p, s));
    }

    private Strategy strategy(String name) {
        // A built-in run as a what-if (<name>+pt_reclaim) is found by Strategies, not listed among them.
        return strategies.get(name).orElse(() -> Strategies.find(name)).getOrElseThrow(() -> new IllegalArgumentException("unknown strategy '" + name
                + "' in " + words.cells() + "; known strategies: " + strategies.keySet().mkString(", ")
                + " (" + words.addStrategy() + ")"));
    }

    private Preset preset(String name) {
        return presets.get(name).getOrElseThrow(() -> new IllegalArgumentException("unknown preset '" + name
                + "' in " + words.cells() + "; known presets: " + presetNames() + " (" + words.addPreset() + ")"));
    }

    private String presetNames() {
        return presets.keySet().mkString(", ");
    }
}
