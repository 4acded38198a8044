package io.github.ptcheck.report;

/**
 * Escaping for XML 1.0 and HTML text and attribute values. Characters XML 1.0 cannot hold at
 * all (most control characters, lone surrogates) become U+FFFD; every character outside
 * printable ASCII is written as a numeric reference, so the output is ASCII and reads the same
 * in any encoding.
 */
final class Xml {

    private Xml() {
    }

    /** Text content: {@code & < >} escaped; newlines and tabs kept. */
    static String text(String s) {
        return escape(s, false);
    }

    /**
     * An attribute value in double quotes: also {@code " '} escaped, and newlines and tabs as
     * references so that attribute-value normalisation keeps them.
     */
    static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append("&#").append(Character.toCodePoint(c, s.charAt(++i))).append(';');
                continue;
            }
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\'' -> sb.append(attribute ? "&#39;" : "'");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        sb.append("&#65533;"); // not allowed in XML 1.0, even as a reference
                    } else if (c > 0x7e) {
                        sb.append("&#").append((int) c).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
