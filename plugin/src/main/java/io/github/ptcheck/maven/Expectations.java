package io.github.ptcheck.maven;

import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.check.Cell;

import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code expectedViolations} parameter: cells whose violation is known and accepted for
 * now (a patch kept because it is broken, a finding reported upstream but not fixed). Each
 * entry is written as in {@code cells}: {@code strategy@preset}, {@code strategy} (that
 * strategy on any preset), or {@code @preset} (any strategy on that preset). Every checked cell
 * an entry matches must break an invariant: one that passes means ptcheck no longer finds the
 * bug, and fails the build as a violation would.
 */
final class Expectations implements Predicate<Cell> {

    private record Pattern(String entry, String strategy, String preset) {
        boolean matches(Cell c) {
            return (strategy.isEmpty() || strategy.equals(c.strategy().name()))
                    && (preset.isEmpty() || preset.equals(c.preset().name()));
        }
    }

    private final List<Pattern> patterns;

    private Expectations(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    static Expectations none() {
        return new Expectations(List.of());
    }

    /**
     * The expectations of those entries, whose names must be known presets and strategies (a
     * misspelt entry would otherwise expect nothing, silently).
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    static Expectations of(List<String> entries, Catalog catalog) {
        return new Expectations(entries.stream().map(e -> pattern(e, catalog)).toList());
    }

    private static Pattern pattern(String e, Catalog catalog) {
        if (e.equals("all")) {
            throw new IllegalArgumentException("'all' in <expectedViolations> would expect every cell to break an"
                    + " invariant; list the cells whose violation you expect, e.g. powerpc-naive-v1@powerpc64-hash-64k");
        }
        int at = e.indexOf('@');
        String strategy = at < 0 ? e : e.substring(0, at);
        String preset = at < 0 ? "" : e.substring(at + 1);
        if (!strategy.isEmpty() && catalog.strategy(strategy).isEmpty()) {
            throw new IllegalArgumentException("unknown strategy '" + strategy + "' in <expectedViolations> entry '"
                    + e + "'; known strategies: " + catalog.strategyNames().mkString(", ")
                    + " (add your own with <strategyClasses>)");
        }
        if (at >= 0 && catalog.preset(preset).isEmpty()) {
            throw new IllegalArgumentException("unknown preset '" + preset + "' in <expectedViolations> entry '" + e
                    + "'; known presets: " + catalog.presetNames().mkString(", ") + " (define your own with <presets>)");
        }
        return new Pattern(e, strategy, preset);
    }

    /** Whether a violation of this cell is expected. */
    @Override
    public boolean test(Cell cell) {
        return patterns.stream().anyMatch(p -> p.matches(cell));
    }

    /** The entries that match none of {@code cells}: they expect nothing in this run. */
    io.vavr.collection.List<String> unmatched(io.vavr.collection.List<Cell> cells) {
        return io.vavr.collection.List.ofAll(patterns).filter(p -> !cells.exists(p::matches)).map(Pattern::entry);
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }
}
