package io.github.ptcheck.cli;

import io.github.ptcheck.check.Watchdog;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A command that may use the user's strategies and presets: it loads them, runs, and closes
 * their class loader, whatever happens.
 */
abstract class UserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The options that name the user's strategies and presets. */
    @Mixin
    UserOptions user;

    /** The command's work, with the user's strategies loaded; returns the exit code ({@link Exit}). */
    abstract int run(UserOptions.Loaded loaded, PrintWriter out) throws Exception;

    /**
     * Loads and runs on a watched worker ({@link Watchdog}), so that a strategy whose constructor or
     * {@code serves()} loops ends the command after the call timeout (a routine that loops in a
     * cell's check or exploration ends only that cell: those run on a worker of their own,
     * {@link Watchdog#runApart}); under an {@link ExitGuard}, so that one calling
     * {@code System.exit} is no pass. The worker's call timeout is {@code --call-timeout}: run,
     * replay and the interleaving search inherit it from here, check and explore are given it.
     */
    @Override
    @SuppressWarnings("try") // the guard works by being open: its body never names it
    public final Integer call() throws Exception {
        Duration callTimeout = user.callTimeout();
        try (ExitGuard guard = new ExitGuard(spec.commandLine().getOut(), err())) {
            return Watchdog.run(callTimeout, null, null, () -> {
                try (UserOptions.Loaded loaded = user.load()) {
                    return run(loaded, spec.commandLine().getOut());
                }
            });
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
