package io.github.ptcheck.cex;

import io.vavr.collection.Map;
import io.vavr.collection.Vector;

import java.io.IOException;
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

    /** Operation lines a file may hold; the next one is an error at its line. */
    public static final int MAX_OPERATIONS = 100_000;
    /** Characters a line may have before its comment (a comment may run to the end of the file's limit). */
    public static final int MAX_LINE_LENGTH = 4_096;
    /** Bytes (or, for {@link #parse}, characters) a file may have: 64 MiB. */
    public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;
    /** The mm and CPU numbers a file may name are below this: the most {@code Bounds} allows. */
    public static final int MAX_MM_OR_CPU = io.github.ptcheck.op.Bounds.MAX_CPUS;

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

    /**
     * Reads a counterexample file (UTF-8); errors name it by its path as given.
     *
     * @throws CounterexampleFormatException also for a file over {@link #MAX_FILE_BYTES} or bytes that are not
     *                                       UTF-8, at the line and column where that happens
     * @throws IOException                   if the file cannot be read
     */
    public static CounterexampleFile read(Path path, Catalog catalog) throws IOException {
        Objects.requireNonNull(catalog, "catalog");
        return parse(FileText.read(path), path.toString(), catalog);
    }

    /**
     * The text of a file as a counterexample file is read: at most {@link #MAX_FILE_BYTES},
     * UTF-8, for a caller that puts it together with text of its own before parsing it.
     *
     * @throws CounterexampleFormatException for a file over the limit or bytes that are not UTF-8
     */
    public static String readText(Path path) throws IOException {
        return FileText.read(path);
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
