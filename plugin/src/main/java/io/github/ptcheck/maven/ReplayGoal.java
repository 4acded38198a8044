package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.cex.CounterexampleFormatException;
import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.cex.ReplayResult;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategy;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ptcheck:replay} does: read a counterexample file, run it traced, print the trace
 * and whether it reproduced what the file records, and fail the build if the run broke an
 * invariant.
 */
final class ReplayGoal {

    private final Catalog catalog;
    private final boolean failOnViolation;
    private final Log log;

    ReplayGoal(Catalog catalog, boolean failOnViolation, Log log) {
        this.catalog = catalog;
        this.failOnViolation = failOnViolation;
        this.log = log;
    }

    /**
     * The catalog of the built-ins plus the user's presets and strategies.
     *
     * @throws IllegalArgumentException if a name of theirs is taken
     */
    static Catalog catalog(List<PresetParameter> presets, List<Strategy> strategies) {
        Catalog c = Catalog.builtIn();
        for (PresetParameter p : presets) {
            Preset preset = p.toPreset();
            c = c.withPreset(preset);
        }
        for (Strategy s : strategies) {
            c = c.withStrategy(s);
        }
        return c;
    }

    ReplayResult execute(Path file) throws MojoExecutionException, MojoFailureException {
        ReplayResult r;
        try {
            r = new Replay(catalog).withHowToAddStrategy("name yours in <strategyClasses> or with"
                    + " -Dptcheck.strategyClasses=com.example.YourStrategy").replay(file);
        } catch (NoSuchFileException e) {
            throw new MojoExecutionException("ptcheck: no counterexample file " + file + "; give an existing one with"
                    + " -Dptcheck.file=<path> (ptcheck:check writes them into target/ptcheck)", e);
        } catch (IOException e) {
            throw new MojoExecutionException("ptcheck cannot read " + file + ": " + e, e);
        } catch (CounterexampleFormatException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (StrategyFailure e) {
            throw new MojoExecutionException("ptcheck cannot judge " + file + ": " + e.getMessage(), e);
        }
        log.info("ptcheck replay of " + file + ": " + r.cell().strategy().name() + " on "
                + FindingLog.describe(r.cell().preset()) + ", " + r.counterexample().ops().size()
                + (r.counterexample().ops().size() == 1 ? " operation" : " operations")
                + r.counterexample().schedule().map(sc -> ", interleaved under schedule " + sc).getOrElse(""));
        boolean violated = r.outcome().violation().isDefined();
        for (String line : FindingLog.lines(new TextTrace(r.cell().strategy()).render(r.outcome()))) {
            if (violated) {
                log.error(line);
            } else {
                log.info(line);
            }
        }
        switch (r.verdict()) {
            case REPRODUCED -> {
                if (violated) {
                    log.error(r.explanation());
                } else {
                    log.info(r.explanation());
                }
            }
            case NOT_REPRODUCED -> log.warn(r.explanation());
            case DIFFERENT_VIOLATION -> log.error(r.explanation());
        }
        if (violated) {
            String message = "ptcheck: the replay of " + file + " broke an invariant: "
                    + r.outcome().violation().get().summary() + " (" + (r.reproduced() ? "reproduced"
                    : "not the violation the file records") + ")";
            if (failOnViolation) {
                throw new MojoFailureException(message);
            }
            log.warn(message);
            log.warn("failOnViolation is false: the build goes on.");
        }
        return r;
    }
}
