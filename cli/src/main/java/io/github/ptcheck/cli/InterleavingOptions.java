package io.github.ptcheck.cli;

import io.github.ptcheck.check.CheckConfig;
import picocli.CommandLine.Option;

/**
 * {@code --interleavings} and {@code --preemptions}: the mode and its bound, as check and
 * explore take them. Giving a bound turns the mode on, so that {@code --preemptions 1} alone
 * cannot pass silently without a single interleaved run.
 */
final class InterleavingOptions {

    @Option(names = "--interleavings", description = "Also run operations overlapped on two CPUs, each kernel call a"
            + " point where the other CPU may step in (docs/model.md, Interleavings): check runs PCT schedules beside"
            + " every try, explore every schedule within the preemption bound.")
    boolean on;

    @Option(names = "--preemptions", paramLabel = "N", description = "The preemption bound of --interleavings, 1 or"
            + " 2 (default: " + CheckConfig.DEFAULT_PREEMPTIONS + "); giving it turns interleavings on, 0 turns them"
            + " off.")
    Integer bound;

    /** The preemptions the run uses: 0 for none. */
    int preemptions() {
        if (bound == null) {
            return on ? CheckConfig.DEFAULT_PREEMPTIONS : 0;
        }
        if (bound < 0 || bound > 2) {
            throw new IllegalArgumentException("--preemptions must be 0 (no interleavings), 1 or 2, was " + bound
                    + " (two operations overlap at most; CHESS finds most races within 2)");
        }
        if (on && bound == 0) {
            throw new IllegalArgumentException("--interleavings with --preemptions 0 runs nothing interleaved;"
                    + " give --preemptions 1 or 2, or leave out --interleavings");
        }
        return bound;
    }

    /** The options again, for a command that repeats the run: empty when off. */
    String words() {
        int p = preemptions();
        return p == 0 ? "" : " --interleavings" + (p == CheckConfig.DEFAULT_PREEMPTIONS ? "" : " --preemptions " + p);
    }

    /** For the header line: {@code ; interleavings: at most 2 preemptions}, or empty. */
    String header() {
        int p = preemptions();
        return p == 0 ? "" : "; interleavings: at most " + p + (p == 1 ? " preemption" : " preemptions");
    }
}
