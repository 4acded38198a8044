package io.github.ptcheck.check;

/**
 * A strategy threw, returned null, or looped: ptcheck cannot judge a sequence the strategy
 * cannot run, so this is an error of the strategy, not a verdict on the kernel scheme.
 */
public final class StrategyFailure extends RuntimeException {

    private final String strategy;
    private final int step;

    public StrategyFailure(String strategy, int step, String op, String routine, String problem, Throwable cause) {
        super("strategy '" + strategy + "' " + problem + " in " + routine + " at step " + step + " (" + op + ")"
                + (cause == null ? "" : ": " + cause) + ". Fix the strategy: every routine must return the"
                + " machine (or the violation a primitive returned), never throw or loop.", cause);
        this.strategy = strategy;
        this.step = step;
    }

    public String strategy() {
        return strategy;
    }

    public int step() {
        return step;
    }
}
