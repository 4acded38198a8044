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
 * the strategy, routine, step and operation named, instead of hanging it.
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
                    + (e.getMessage().contains("(the call timeout") ? " If it is only slow, raise -Dptcheck.callTimeout"
                    + " (seconds, " + callTimeout + " now)." : ""), e);
        }
    }
}
