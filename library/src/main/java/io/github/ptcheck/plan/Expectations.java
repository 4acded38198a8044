package io.github.ptcheck.plan;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.strategy.KnownVerdict;
import io.github.ptcheck.strategy.KnownVerdicts;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.control.Option;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What is expected of each cell instead of a pass: the known verdicts of the built-ins
 * ({@link KnownVerdicts}: a kept broken patch breaks its invariant), and the cells a user lists
 * as expected to break an invariant (the plugin's {@code expectedViolations}, the command
 * line's {@code --expect}): a patch kept because it is broken, a finding not fixed yet.
 *
 * <p>A user's entry is written as a cell is: {@code strategy@preset}, {@code strategy} (that
 * strategy on any preset), or {@code @preset} (any strategy on that preset); it expects any
 * violation. Every checked cell it matches must break an invariant: one that passes means the
 * checker no longer finds the bug ({@link Verdict#PASSED_EXPECTED_TO_FAIL}).
 */
public final class Expectations {

    private record Pattern(String strategy, String preset) {
        boolean matches(Cell c) {
            return (strategy.isEmpty() || strategy.equals(c.strategy().name()))
                    && (preset.isEmpty() || preset.equals(c.preset().name()));
        }
    }

    private static final Expectations NONE = new Expectations(cell -> Option.none(), true);

    private final Function<Cell, Option<Expected>> expected;
    private final boolean empty;
    /** The share of a frontier split the run explored ({@link #inShare}), or null for a whole search. */
    private final String share;

    private Expectations(Function<Cell, Option<Expected>> expected, boolean empty) {
        this(expected, empty, null);
    }

    private Expectations(Function<Cell, Option<Expected>> expected, boolean empty, String share) {
        this.expected = expected;
        this.empty = empty;
        this.share = share;
    }

    /**
     * The same expectations, for one job of a CI matrix that split each cell's frontier, which
     * explored only {@code share} of it (e.g. {@code 1/3 of the frontier at depth 2}): a cell
     * expected to fail that it found clean is not judged by the job ({@link Verdict#knownFromAShare}),
     * and its {@link #words} say so, {@code no finding in this share (1/3 of the frontier at depth
     * 2); judged at merge}, not {@code PASSED, expected to fail}. The verdicts are unchanged.
     */
    public Expectations inShare(String share) {
        Objects.requireNonNull(share, "share");
        return new Expectations(expected, empty, share);
    }

    /** The share {@link #inShare} gave, or null: the run explored each cell whole. */
    public String share() {
        return share;
    }

    /** Every cell must pass. */
    public static Expectations none() {
        return NONE;
    }

    /**
     * The known verdicts: a built-in strategy on a built-in preset whose verdict is to break an
     * invariant is expected to break one of those invariants. Every other cell must pass.
     */
    public static Expectations knownVerdicts() {
        return knownVerdictsWithin(Integer.MAX_VALUE);
    }

    /**
     * The known verdicts an exhaustive exploration to {@code depth} can reach: a known bug whose
     * shortest counterexample is longer than that is expected of no such exploration.
     */
    public static Expectations knownVerdictsWithin(int depth) {
        return new Expectations(cell -> known(cell).filter(v -> !v.passes() && v.shortest() <= depth)
                .map(v -> new Expected(v.breaks(), "known verdict, " + v.docs())), false);
    }

    /** The known verdict of a cell, if its strategy and preset are the built-ins it names. */
    public static Option<KnownVerdict> known(Cell cell) {
        boolean builtIns = Strategies.find(cell.strategy().name()).contains(cell.strategy())
                && Presets.find(cell.preset().name()).contains(cell.preset());
        return builtIns ? KnownVerdicts.of(cell.strategy().name(), cell.preset().name()) : Option.none();
    }

    /** Any violation of the cells {@code cells} accepts. */
    public static Expectations matching(Predicate<Cell> cells, String why) {
        return matching(cells, Expected.anyViolation(why));
    }

    /** {@code expected} of the cells {@code cells} accepts. */
    public static Expectations matching(Predicate<Cell> cells, Expected expected) {
        Objects.requireNonNull(cells, "cells");
        Objects.requireNonNull(expected, "expected");
        return new Expectations(cell -> cells.test(cell) ? Option.of(expected) : Option.none(), false);
    }

    /**
     * The expectations of a user's entries, whose names must be known presets and strategies (a
     * misspelt entry would otherwise expect nothing, silently).
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it, in the front end's words
     */
    public static Expectations parse(List<String> entries, Catalog catalog, Words words) {
        if (entries.isEmpty()) {
            return NONE;
        }
        List<Pattern> patterns = entries.stream().map(e -> pattern(e, catalog, words)).toList();
        return matching(cell -> patterns.stream().anyMatch(p -> p.matches(cell)), words.expected());
    }

    /**
     * The user's entries that match none of {@code cells}: they expect nothing in this run (a
     * warning, not an error: a run narrowed to some cells is common, e.g. a reproduce command).
     */
    public static io.vavr.collection.List<String> unmatched(List<String> entries, io.vavr.collection.List<Cell> cells) {
        return io.vavr.collection.List.ofAll(entries).filter(e -> !cells.exists(split(e)::matches));
    }

    private static Pattern split(String e) {
        int at = e.indexOf('@');
        return new Pattern(at < 0 ? e : e.substring(0, at), at < 0 ? "" : e.substring(at + 1));
    }

    private static Pattern pattern(String e, Catalog catalog, Words words) {
        if (e.equals("all")) {
            throw new IllegalArgumentException("'all' in " + words.expected() + " would expect every cell to break an"
                    + " invariant; list the cells whose violation you expect, e.g. powerpc-naive-v1@powerpc64-hash-64k");
        }
        Pattern p = split(e);
        String strategy = p.strategy();
        String preset = p.preset();
        int at = e.indexOf('@');
        if (!strategy.isEmpty() && catalog.strategy(strategy).isEmpty()) {
            throw new IllegalArgumentException("unknown strategy '" + strategy + "' in " + words.expected() + " entry '"
                    + e + "'; known strategies: " + catalog.strategyNames().mkString(", ")
                    + " (" + words.addStrategy() + ")" + CellSelection.didYouMean(strategy, catalog.strategyNames()));
        }
        if (at >= 0 && catalog.preset(preset).isEmpty()) {
            throw new IllegalArgumentException("unknown preset '" + preset + "' in " + words.expected() + " entry '"
                    + e + "'; known presets: " + catalog.presetNames().mkString(", ") + " (" + words.addPreset() + ")"
                    + CellSelection.didYouMean(preset, catalog.presetNames()));
        }
        return p;
    }

    /** These expectations, and for a cell they expect nothing of, {@code other}'s. */
    public Expectations orElse(Expectations other) {
        if (empty) {
            return other;
        }
        if (other.empty) {
            return this;
        }
        return new Expectations(cell -> expected.apply(cell).orElse(() -> other.of(cell)), false, share);
    }

    /** What is expected of the cell, or none: it must pass. */
    public Option<Expected> of(Cell cell) {
        return expected.apply(cell);
    }

    /** The verdict of a report against what is expected of its cell. */
    public Verdict verdict(CellReport r) {
        return Verdict.of(r, of(r.cell()));
    }

    /**
     * The verdict in words: {@code passed}, {@code failed as expected}, ...; in a share
     * ({@link #inShare}), an expected violation not found is {@code no finding in this share
     * (1/3 of the frontier at depth 2); judged at merge}.
     */
    public String words(CellReport r) {
        Verdict v = verdict(r);
        return share != null && v == Verdict.PASSED_EXPECTED_TO_FAIL ? "no finding in this share (" + share
                + "); judged at merge" : v.words(of(r.cell()));
    }

    /** Whether nothing is expected of any cell. */
    public boolean isEmpty() {
        return empty;
    }
}
