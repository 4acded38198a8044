package io.github.ptcheck.cli;

/**
 * The exit codes of {@code ptcheck}, for scripts; {@link Main}'s help footer and docs/cli.md say them in words.
 */
final class Exit {

    /** Every cell gave what was expected of it (a pass, or its known or declared violation); a run broke nothing. */
    static final int OK = 0;
    /** A violation nobody expected, or a known verdict that changed; a run or replay broke an invariant. */
    static final int FOUND = 1;
    /** The command line is wrong: an unknown option, strategy, preset or operation, a missing or malformed file. */
    static final int USAGE = 2;
    /** ptcheck could not judge: a strategy threw, returned null or looped, or an error inside ptcheck. */
    static final int FAILURE = 3;

    private Exit() {
    }
}
