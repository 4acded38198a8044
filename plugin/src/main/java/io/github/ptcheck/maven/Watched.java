package io.github.ptcheck.maven;

import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

import java.time.Duration;

/**
 * Runs a goal on a {@link Watchdog} worker, so that every strategy call it makes (routines,
 * {@code serves()} while the cells are chosen, {@code describe()} while reports are rendered)
 * is watched: one that has not returned within {@code callTimeout} seconds ends the build with
 * the strategy, routine, step and operation named, instead of hanging it. A cell's check or
 * exploration runs on a worker of its own beneath this one, so a call stuck there gives up on
 * that worker only, and the goal ends naming the cell as it does for a strategy that throws.
 */
final class Watched {

    private Watched() {
    }

    /** A goal's work. */
    @FunctionalInterface
    interface Goal<T> {
        T run() throws MojoExecutionException, MojoFailureException;
    }

    static <T> T run(int callTimeout, Goal<T> goal) throws MojoExecutionException, MojoFailureException {
        if (callTimeout < 1) {
            throw new MojoExecutionException("ptcheck: callTimeout must be at least 1 (seconds one strategy call may"
                    + " take), was " + callTimeout);
        }
        try {
            return Watchdog.<T, AbstractMojoExecutionException>run(Duration.ofSeconds(callTimeout), null, null,
                    goal::run);
        } catch (MojoExecutionException | MojoFailureException e) {
            throw e;
        } catch (AbstractMojoExecutionException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (StrategyFailure e) {
            throw new MojoExecutionException("ptcheck cannot judge strategy '" + e.strategy() + "': " + e.getMessage()
                    + slow(e, callTimeout), e);
        }
    }

    /**
     * What to do about a call that ran past the call timeout, for the end of the message of
     * {@code e}: raise it, if the strategy is only slow; else nothing. A cell's check or
     * exploration runs on a worker of its own ({@link Watchdog#runApart}), so the goal names the
     * cell and adds this itself.
     */
    static String slow(StrategyFailure e, long callTimeout) {
        return e.getMessage().contains("(the call timeout") ? " If it is only slow, raise -Dptcheck.callTimeout"
                + " (seconds, " + callTimeout + " now)." : "";
    }
}
