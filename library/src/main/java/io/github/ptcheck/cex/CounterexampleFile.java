package io.github.ptcheck.cex;

import io.vavr.collection.Map;
import io.vavr.collection.Vector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A counterexample read from text, with where each part stood in it, so that later errors
 * (an unknown strategy, a table never allocated) can point at a line and column too.
 *
 * @param source         the name errors start with (the file name)
 * @param counterexample what the file says
 * @param headers        header key to the position of its value
 * @param sites          per operation, where it stands
 * @param unallocated    operations naming a table that no alloc line before them could have
 *                       made; accepted (the operation is skipped when run), but a strict replay
 *                       rejects them
 */
public record CounterexampleFile(String source, Counterexample counterexample,
                                 Map<String, Position> headers, Vector<OpSite> sites,
                                 Vector<Problem> unallocated) {

    /** A 1-based line and column. */
    public record Position(int line, int column) {
    }

    /**
     * Where one operation stands.
     *
     * @param line        its line
     * @param column      the column of its first word
     * @param tableColumn the column of the table it names, or 0 if it names none
     */
    public record OpSite(int line, int column, int tableColumn) {
    }

    /** A problem at a place, not fatal by itself. */
    public record Problem(int line, int column, String message) {
    }

    public CounterexampleFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(counterexample, "counterexample");
        if (sites.size() != counterexample.ops().size()) {
            throw new IllegalArgumentException("one site per operation: " + sites.size() + " sites for "
                    + counterexample.ops().size() + " operations");
        }
    }

    /**
     * Reads counterexample text.
     *
     * @param text    the file's content
     * @param source  the name errors start with, e.g. {@code bug.ptcheck}
     * @param catalog the presets a name-only {@code preset:} line may refer to
     * @throws CounterexampleFormatException at the first problem, with line, column and what was expected
     */
    public static CounterexampleFile parse(String text, String source, Catalog catalog) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(catalog, "catalog");
        return new CounterexampleParser(source == null ? "<counterexample>" : source, catalog).parse(text);
    }

    /** Reads a counterexample file (UTF-8); errors name it by its path as given. */
    public static CounterexampleFile read(Path path, Catalog catalog) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString(), catalog);
    }

    /** The line of the {@code index}-th operation (0-based). */
    public int lineOf(int index) {
        return sites.get(index).line();
    }

    /**
     * This file, if every table it names could have been allocated by an alloc line before;
     * otherwise the error for the first that could not.
     *
     * @throws CounterexampleFormatException e.g. {@code bug.ptcheck:7:14: t3 was never allocated: ...}
     */
    public CounterexampleFile requireTablesAllocated() {
        if (!unallocated.isEmpty()) {
            throw error(unallocated.head());
        }
        return this;
    }

    CounterexampleFormatException error(Problem p) {
        return new CounterexampleFormatException(source, p.line(), p.column(), "", p.message());
    }
}
