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

    /**
     * Splits {@code text} into words; a {@code #} outside quotes ends it. {@code firstColumn} is
     * the column of {@code text}'s first character in its line.
     */
    static Vector<Token> tokens(String text, int firstColumn, String source, int line) {
        Vector<Token> out = Vector.empty();
        int i = 0;
        int n = text.length();
        while (i < n) {
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
            out = out.append(new Token(text.substring(start, i), firstColumn + start));
        }
        return out;
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

    /**
     * The candidate closest to {@code word} if it is a likely typo (same letters ignoring case,
     * or at most two edits away), for a "did you mean" hint; empty if none is close.
     */
    static String closest(String word, Iterable<String> candidates) {
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = c.equalsIgnoreCase(word) ? 0 : distance(word.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.min(2, Math.max(1, word.length() / 3)) ? best : "";
    }

    /**
     * Edit distance counting an insertion, a deletion, a substitution or a swap of two
     * neighbouring letters as one edit (optimal string alignment), for typo hints only.
     */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
