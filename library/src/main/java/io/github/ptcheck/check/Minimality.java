package io.github.ptcheck.check;

/** How far a counterexample was shrunk. */
public enum Minimality {
    /** Removing any single operation loses the violation (checked). */
    ONE_MINIMAL("1-minimal"),
    /** Shortest possible: found by breadth-first exhaustive exploration. */
    SHORTEST("shortest (exhaustive)"),
    /** The shrink time limit cut it short. */
    PARTIAL("partially shrunk");

    private final String words;

    Minimality(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
