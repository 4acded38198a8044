package io.github.ptcheck.plan;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Typos;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyMethods;
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
 *
 * <p>What is wrong is an error; what is probably not meant but harmless is a warning
 * ({@link #choose}), and the cells still run: a cell named twice (it runs once), and a strategy
 * named on a preset it does not serve (it runs there, as asked: that is how one checks a scheme
 * where the kernel does not use it).
 */
public final class CellSelection {

    /** The cells, each once, in order, and the warnings about the entries. */
    public record Selected(List<Cell> cells, List<String> warnings) {
    }

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
        return choose(entries).cells();
    }

    /**
     * The cells the entries name, in order, each once, and warnings about entries that are
     * probably not meant.
     *
     * @throws IllegalArgumentException naming the entry that is wrong and how to fix it
     */
    public Selected choose(List<String> entries) {
        List<String> wanted = entries == null || entries.isEmpty() ? List.of("all") : entries;
        List<Cell> cells = List.empty();
        List<String> warnings = List.empty();
        Map<String, String> entryOf = LinkedHashMap.empty();
        for (String raw : wanted) {
            String e = raw == null ? "" : raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            for (Cell c : expand(e)) {
                String first = entryOf.get(c.name()).getOrNull();
                if (first == null) {
                    entryOf = entryOf.put(c.name(), e);
                    cells = cells.append(c);
                } else {
                    warnings = warnings.append("cell " + c.name() + " is named twice in " + words.cells()
                            + (first.equals(e) ? " ('" + e + "')" : ", by '" + first + "' and by '" + e + "'")
                            + "; it runs once");
                }
            }
            warnings = warnings.appendAll(notServed(e));
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("no cell selected by " + wanted + ": no strategy serves those presets;"
                    + " name a cell as strategy@preset to run a strategy on a preset it does not serve");
        }
        return new Selected(cells, warnings);
    }

    /** The warning for {@code strategy@preset} where the strategy does not serve the preset, if it does not. */
    private List<String> notServed(String e) {
        int at = e.indexOf('@');
        if (at <= 0) {
            return List.empty();
        }
        Strategy s = strategy(e.substring(0, at));
        Preset p = preset(e, e.substring(at + 1));
        if (StrategyMethods.serves(s, p)) {
            return List.empty();
        }
        List<String> served = presets.values().toList().filter(x -> StrategyMethods.serves(s, x)).map(Preset::name);
        return List.of("strategy " + s.name() + " does not serve " + p.name() + " (the kernel does not use it there)"
                + "; checking " + e + " anyway, as " + words.cells() + " asks" + (served.isEmpty() ? ""
                : " (it serves " + served.mkString(", ") + ")"));
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
        Preset preset = preset(e, e.substring(at + 1));
        if (sName.isEmpty()) {
            return strategies.values().toList().filter(s -> StrategyMethods.serves(s, preset))
                    .map(s -> new Cell(preset, s));
        }
        return List.of(new Cell(preset, strategy(sName)));
    }

    private List<Cell> served(Strategy s) {
        return presets.values().toList().filter(p -> StrategyMethods.serves(s, p)).map(p -> new Cell(p, s));
    }

    private Strategy strategy(String name) {
        if (!strategies.containsKey(name) && presets.containsKey(name)) {
            // A preset where a strategy was expected: the reader meant the cells on that preset.
            List<String> serving = strategies.values().toList().filter(s -> StrategyMethods.serves(s, presets.get(name)
                    .get())).map(Strategy::name);
            throw new IllegalArgumentException("'" + name + "' in " + words.cells() + " is a preset, not a strategy:"
                    + " write <strategy>@" + name + (serving.isEmpty() ? "" : ", e.g. " + serving.head() + "@" + name
                    + " (the strategies that serve it: " + serving.mkString(", ") + ")") + ", or @" + name
                    + " for every strategy that serves it");
        }
        // A built-in run as a what-if (<name>+pt_reclaim) is found by Strategies, not listed among them.
        return strategies.get(name).orElse(() -> Strategies.find(name)).getOrElseThrow(() -> new IllegalArgumentException(
                "unknown strategy '" + name + "' in " + words.cells() + "; known strategies: "
                        + strategies.keySet().mkString(", ") + " (" + words.addStrategy() + ")"
                        + didYouMean(name, strategies.keySet())));
    }

    private Preset preset(String entry, String name) {
        if (name.isEmpty()) {
            String s = entry.substring(0, entry.length() - 1);
            String example = strategies.get(s).map(st -> presets.values().find(p -> StrategyMethods.serves(st, p))
                    .map(p -> s + "@" + p.name()).getOrElse(s + "@x86_64")).getOrElse("generic-v6.6@x86_64");
            throw new IllegalArgumentException("cell '" + entry + "' in " + words.cells() + " names no preset after"
                    + " '@'; write strategy@preset, e.g. " + example + (strategies.containsKey(s) ? ", or " + s
                    + " alone for every preset it serves" : ""));
        }
        return presets.get(name).getOrElseThrow(() -> new IllegalArgumentException("unknown preset '" + name
                + "' in " + words.cells() + "; known presets: " + presetNames() + " (" + words.addPreset() + ")"
                + didYouMean(name, presets.keySet())));
    }

    /** {@code ; did you mean 'powerpc-naive-v1'?} for a likely typo of one of {@code names}, else nothing. */
    static String didYouMean(String name, Iterable<String> names) {
        String guess = Typos.closest(name, names);
        return guess.isEmpty() ? "" : "; did you mean '" + guess + "'?";
    }

    private String presetNames() {
        return presets.keySet().mkString(", ");
    }
}
