package io.github.ptcheck.cex;

/**
 * A counterexample file that cannot be read: where (source, line, column, all 1-based), what
 * was expected there and what was found. The message reads like a compiler's, e.g.
 * {@code bug.ptcheck:7:14: expected a table like t0, found 'tx'}.
 */
public final class CounterexampleFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String expected;
    private final String problem;

    /**
     * @param source   the file name (or any name the caller gave the text)
     * @param line     1-based line
     * @param column   1-based column
     * @param expected what would have been valid there, in words; empty when the problem is not
     *                 a missing or wrong token (a duplicate header, a table never allocated)
     * @param problem  the message without the location
     */
    public CounterexampleFormatException(String source, int line, int column, String expected, String problem) {
        super(source + ":" + line + ":" + column + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.expected = expected == null ? "" : expected;
        this.problem = problem;
    }

    /**
     * {@code expected <what>, found '<token>'} (or {@code found end of line}), then a hint; the
     * token is quoted as a short excerpt ({@link Syntax#excerpt}).
     */
    static CounterexampleFormatException expected(String source, int line, int column, String expected,
                                                  String found, String hint) {
        String f = found == null ? "end of line" : "'" + Syntax.excerpt(found) + "'";
        return new CounterexampleFormatException(source, line, column, expected,
                "expected " + expected + ", found " + f + (hint == null || hint.isEmpty() ? "" : "; " + hint));
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What would have been valid at that place; empty when not applicable. */
    public String expected() {
        return expected;
    }

    /** The message without the {@code source:line:column:} prefix. */
    public String problem() {
        return problem;
    }
}
