package io.github.ptcheck.cex;

/**
 * "Did you mean" hints for names a person typed: an operation, a header key, a preset or a
 * strategy, in a counterexample file or in a front end's cell list.
 */
public final class Typos {

    private Typos() {
    }

    /**
     * The candidate closest to {@code word} if it is a likely typo (same letters ignoring case,
     * or at most two edits away), for a "did you mean" hint; empty if none is close.
     */
    public static String closest(String word, Iterable<String> candidates) {
        if (word.length() > 64) {
            return ""; // no typo of a name is that long, and the distance table grows with it
        }
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
