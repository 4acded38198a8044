package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Seq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands a log and the reports print so that a person can run a finding again: the
 * check of that one cell with the seed and every parameter that shapes the sequences, and the
 * replay of its counterexample file. They are meant to be pasted into a shell at the top of the
 * build (where {@code mvnw} is), so they name the project's POM with {@code -f} when it lies
 * below.
 *
 * <p>A parameter the POM sets in the plugin's {@code <configuration>} is not overridden by
 * {@code -D}; that is why the cell and the seed are best set per execution or left at their
 * defaults (docs/maven-plugin.md).
 */
final class Commands {

    private final String launcher;
    private final CheckRequest request;
    /** Whether explorations reduce by symmetry (the default); off, the commands say so. */
    private final boolean symmetry;

    /**
     * @param launcher {@code ./mvnw} or {@code mvn}, with {@code -f path/pom.xml} when needed
     * @param request  the parameters of this run
     */
    Commands(String launcher, CheckRequest request) {
        this(launcher, request, true);
    }

    private Commands(String launcher, CheckRequest request, boolean symmetry) {
        this.launcher = launcher;
        this.request = request;
        this.symmetry = symmetry;
    }

    /** These commands for a run whose explorations reduce by symmetry ({@code true}) or not. */
    Commands withSymmetry(boolean on) {
        return new Commands(launcher, request, on);
    }

    /**
     * {@code ./mvnw} if the top directory has the wrapper, else {@code mvn}; with {@code -f} and
     * the project's POM relative to that directory unless it is there.
     *
     * @param top     the directory commands run in (Maven's multi-module project directory)
     * @param project the project's base directory
     */
    static String launcher(Path top, Path project) {
        String mvn = top != null && Files.isRegularFile(top.resolve("mvnw")) ? "./mvnw" : "mvn";
        if (top == null || project == null) {
            return mvn;
        }
        Path rel = top.toAbsolutePath().normalize().relativize(project.toAbsolutePath().normalize());
        String r = rel.toString().replace('\\', '/');
        if (r.isEmpty()) {
            return mvn;
        }
        return mvn + " -f " + (r.startsWith("..") ? project.toAbsolutePath().normalize() + "/pom.xml" : r + "/pom.xml");
    }

    /** The launcher without its {@code -f}: Maven run on the whole build, from the top. */
    String launcherAtTop() {
        int f = launcher.indexOf(" -f ");
        return f < 0 ? launcher : launcher.substring(0, f);
    }

    /**
     * {@code ./mvnw ptcheck:check -Dptcheck.cells=<cell> -Dptcheck.seed=<seed>}, with every
     * parameter that shapes the sequences or the shrinking and differs from its default, the
     * user's strategy class and preset when the cell has them, and {@code test-compile} first
     * when the strategy is the user's (it must be compiled).
     */
    String check(Cell cell) {
        return check(io.vavr.collection.List.of(cell));
    }

    /** The same for several cells at once: {@code -Dptcheck.cells=<cell>,<cell>}. */
    String check(Seq<Cell> cells) {
        List<String> words = new ArrayList<>();
        words.add(launcher);
        Seq<Cell> user = cells.filter(c -> Strategies.find(c.strategy().name()).isEmpty());
        if (!user.isEmpty()) {
            words.add("test-compile");
        }
        words.add("ptcheck:check");
        words.add("-Dptcheck.cells=" + cells.map(Cell::name).mkString(","));
        words.add("-Dptcheck.seed=" + request.seed());
        option(words, "tries", request.tries(), CheckRequest.DEFAULT_TRIES);
        option(words, "maxLength", request.maxLength(), CheckRequest.DEFAULT_MAX_LENGTH);
        option(words, "cpus", request.cpus(), CheckRequest.DEFAULT_CPUS);
        option(words, "mms", request.mms(), CheckRequest.DEFAULT_MMS);
        option(words, "maxTables", request.maxTables(), CheckRequest.DEFAULT_MAX_TABLES);
        option(words, "shrinkTimeLimit", request.shrinkTimeLimit(), CheckRequest.DEFAULT_SHRINK_TIME_LIMIT);
        option(words, "depth", request.depth(), CheckRequest.DEFAULT_DEPTH);
        if (!symmetry && (request.depth() > 0 || request.effectivePreemptions() > 0)) {
            words.add("-Dptcheck.symmetry=false");
        }
        int preemptions = request.effectivePreemptions();
        if (preemptions > 0) {
            words.add("-Dptcheck.interleavings=true");
            option(words, "preemptions", preemptions, io.github.ptcheck.check.CheckConfig.DEFAULT_PREEMPTIONS);
        }
        if (request.stateBudget() != null) {
            words.add("-Dptcheck.stateBudget=" + request.stateBudget());
        }
        if (request.timeBudget() != null) {
            // It shaped the run: without it the command runs longer and may tell another story.
            words.add("-Dptcheck.timeBudget=" + request.timeBudget());
        }
        // Not a shape of the run, but without it a slow strategy the build gave more time times out.
        option(words, "callTimeout", request.callTimeout(), CheckRequest.DEFAULT_CALL_TIMEOUT);
        if (!user.isEmpty()) {
            words.add("-Dptcheck.strategyClasses=" + user.map(c -> c.strategy().getClass().getName()).distinct()
                    .mkString(","));
        }
        Seq<Cell> ownPresets = cells.filter(c -> Presets.find(c.preset().name()).isEmpty());
        if (!ownPresets.isEmpty()) {
            words.add("-Dptcheck.presets=" + ownPresets.map(c -> PresetParameter.spec(c.preset())).distinct()
                    .mkString(","));
        }
        return String.join(" ", words);
    }

    /**
     * {@code ./mvnw ptcheck:replay -Dptcheck.file=<file>}, with {@code test-compile} first for a
     * user's strategy, and the call timeout when it is not the default.
     */
    String replay(Cell cell, String file) {
        boolean userStrategy = Strategies.find(cell.strategy().name()).isEmpty();
        List<String> words = new ArrayList<>();
        words.add(launcher + (userStrategy ? " test-compile" : "") + " ptcheck:replay -Dptcheck.file=" + file);
        if (userStrategy) {
            words.add("-Dptcheck.strategyClasses=" + cell.strategy().getClass().getName());
        }
        option(words, "callTimeout", request.callTimeout(), CheckRequest.DEFAULT_CALL_TIMEOUT);
        return String.join(" ", words);
    }

    private static void option(List<String> words, String name, long value, long defaultValue) {
        if (value != defaultValue) {
            words.add("-Dptcheck." + name + "=" + value);
        }
    }
}
