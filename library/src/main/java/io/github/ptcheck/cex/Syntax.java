package io.github.ptcheck.cex;

import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.vavr.collection.List;
import io.vavr.collection.Vector;

/**
 * The lexical rules of a counterexample file, shared by the writer and the parser so that
 * whatever one writes the other reads: words separated by blanks, {@code #} to the end of the
 * line is a comment, and a value with blanks, {@code #} or {@code "} goes in double quotes with
 * {@code \"}, {@code \\} and {@code \n} escapes.
 */
final class Syntax {

    private Syntax() {
    }

    /** One word of a line and the 1-based column it starts at. */
    record Token(String text, int column) {
    }

    /** Whether {@code s} can be written without quotes. */
    static boolean isBareWord(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '#' || c == '"') {
                return false;
            }
        }
        return true;
    }

    /** {@code s} as a value the tokenizer gives back whole: bare if it can be, else quoted. */
    static String quote(String s) {
        if (isBareWord(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Characters of input a message quotes at the most ({@link #excerpt}). */
    static final int EXCERPT = 40;

    /**
     * At most {@value #EXCERPT} characters of {@code s}, with control, invisible and non-ASCII
     * blank characters written as {@code \}{@code uXXXX}, and {@code ...} when cut: how a message
     * quotes input, so that a 10 MB token or a run of NULs never reaches a log.
     */
    static String excerpt(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < s.length() && i < EXCERPT; i++) {
            char c = s.charAt(i);
            if (visible(c)) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return i < s.length() ? sb.append("...").toString() : sb.toString();
    }

    /** Whether a message may show {@code c} as it is: printable, and not a blank other than a space. */
    private static boolean visible(char c) {
        if (c < 0x80) {
            return c >= 0x20 && c < 0x7F;
        }
        int type = Character.getType(c);
        return !Character.isISOControl(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && type != Character.FORMAT && type != Character.SURROGATE && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED;
    }

    /**
     * Refuses a line with a control character (NUL, ESC, a lone carriage return, ...; a tab is
     * a blank) or half a surrogate pair: a counterexample file is plain text, and such
     * characters are invisible in an editor and garble a terminal.
     */
    static void requirePlainText(String line, String source, int n) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean bad = Character.isISOControl(c) && c != '\t';
            if (Character.isHighSurrogate(c) && i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1))) {
                i++;
                continue;
            }
            if (bad || Character.isSurrogate(c)) {
                String what = c == 0 ? "a NUL character (U+0000)" : bad ? "the control character "
                        + String.format("U+%04X", (int) c) : "half of a UTF-16 surrogate pair " + String.format("(U+%04X)",
                        (int) c);
                throw new CounterexampleFormatException(source, n, i + 1, "plain text", what + " in '"
                        + excerpt(line.substring(Math.max(0, i - 10))) + "'; a counterexample file is plain text:"
                        + " remove it");
            }
        }
    }

    /**
     * {@code s} with what {@link #requirePlainText} refuses written as {@code \}{@code uXXXX}:
     * the writer passes trace text (a strategy's notes, its callback names) through it, so that
     * every file ptcheck writes reads back.
     */
    static String plainText(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            boolean bad = !pair && ((Character.isISOControl(c) && c != '\t') || Character.isSurrogate(c));
            if (bad && sb == null) {
                sb = new StringBuilder(s.substring(0, i));
            }
            if (sb != null) {
                if (bad) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                    if (pair) {
                        sb.append(s.charAt(++i));
                    }
                }
            } else if (pair) {
                i++;
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Splits {@code text} into words; a {@code #} outside quotes ends it. {@code firstColumn} is
     * the column of {@code text}'s first character in its line.
     *
     * @throws CounterexampleFormatException if the words run past column
     *                                       {@link CounterexampleFile#MAX_LINE_LENGTH}
     */
    static Vector<Token> tokens(String text, int firstColumn, String source, int line) {
        Vector<Token> out = Vector.empty();
        int i = 0;
        int n = text.length();
        while (i < n) {
            requireWithinLine(firstColumn + i, source, line);
            char c = text.charAt(i);
            if (c == '#') {
                break;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '#') {
                if (text.charAt(i) == '"') {
                    int open = i;
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        i += text.charAt(i) == '\\' && i + 1 < n ? 2 : 1;
                    }
                    if (i >= n) {
                        throw CounterexampleFormatException.expected(source, line, firstColumn + open,
                                "a closing '\"' for the quote opened here", null, null);
                    }
                }
                i++;
            }
            requireWithinLine(firstColumn + i - 1, source, line);
            out = out.append(new Token(text.substring(start, i), firstColumn + start));
        }
        return out;
    }

    private static void requireWithinLine(int column, String source, int line) {
        if (column > CounterexampleFile.MAX_LINE_LENGTH) {
            throw new CounterexampleFormatException(source, line, CounterexampleFile.MAX_LINE_LENGTH + 1, "",
                    "the line is longer than " + CounterexampleFile.MAX_LINE_LENGTH + " characters before its"
                            + " comment, the most a counterexample line may be (no header or operation needs that"
                            + " many); a comment ('#' to the end of the line) may be longer");
        }
    }

    /** The value of a word: as is when bare, else the quoted text with its escapes resolved. */
    static String unquote(String raw, int column, String source, int line, String expected) {
        if (raw.indexOf('"') < 0) {
            return raw;
        }
        if (raw.length() < 2 || raw.charAt(0) != '"' || raw.charAt(raw.length() - 1) != '"') {
            throw CounterexampleFormatException.expected(source, line, column, expected, raw,
                    "put the whole value in double quotes");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                throw CounterexampleFormatException.expected(source, line, column + i, "\\\" for a quote inside"
                        + " quotes", "\"", null);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            if (e == '"' || e == '\\') {
                sb.append(e);
            } else if (e == 'n') {
                sb.append('\n');
            } else if (e == 'r') {
                sb.append('\r');
            } else if (e == 't') {
                sb.append('\t');
            } else {
                throw CounterexampleFormatException.expected(source, line, column + i - 1,
                        "an escape \\\", \\\\, \\n, \\r or \\t", "\\" + e, null);
            }
        }
        return sb.toString();
    }

    /** The numbers an operation names (mm, table, cpu, callback index), in its spelling's order. */
    static List<Integer> numbers(Op op) {
        return op.kind().args().map(a -> switch (a) {
            case MM -> op.mm();
            case TABLE -> op.table();
            case CPU -> op.cpu();
            case INDEX -> op.index();
        });
    }

    /** Every operation word, in the order of {@link OpKind}. */
    static String opWords() {
        return Vector.of(OpKind.values()).map(OpKind::spelling).mkString(", ");
    }
}
