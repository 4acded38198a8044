package io.github.ptcheck.report;

import java.util.regex.Pattern;

/**
 * A word of a command ptcheck prints for a person to paste into a POSIX shell: a path or a name
 * with a space, a quote or a {@code $} in it is single-quoted, so that the command runs what it
 * says (a {@code --strategy-path} of {@code my classes} is one argument, not two; a cell named
 * {@code it's@x86_64} or a strategy class {@code Outer$Inner} is what the shell hands on); a plain
 * word stays as it is, so that the usual commands read as before. The command line's commands and
 * the Maven plugin's share it.
 */
public final class Shell {

    /** What a shell takes as one word, unquoted, with no expansion. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    /** {@code word} as one shell word: as it is when plain, else in single quotes. */
    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
