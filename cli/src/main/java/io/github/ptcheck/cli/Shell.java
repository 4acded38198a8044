package io.github.ptcheck.cli;

import java.util.regex.Pattern;

/**
 * A word of a command ptcheck prints for a person to paste into a POSIX shell: a path or a name
 * with a space, a quote or a {@code $} in it is single-quoted, so that the command runs what it
 * says (a {@code --strategy-path} of {@code my classes} is one argument, not two); a plain word
 * stays as it is, so that the usual commands read as before.
 */
final class Shell {

    /** What a shell takes as one word, unquoted, with no expansion. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
