package io.github.ptcheck.cli;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.plan.StrategyLoader;
import io.github.ptcheck.plan.Words;
import io.github.ptcheck.report.Shell;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;

/**
 * A user's own strategies and presets: {@code --strategy-path} (jars and class folders),
 * {@code --strategy-class} (classes implementing {@code io.github.ptcheck.strategy.Strategy}
 * with a public no-argument constructor) and {@code --preset name:arch:pageSize:tableSize}
 * (with {@code :pte_free_defer=no} for a kernel without {@code pte_free_defer()}); and
 * {@code --call-timeout}, how long one call of a strategy method may take wherever a command
 * calls one (loading it, choosing cells, checking, exploring, running, replaying).
 */
final class UserOptions {

    /** How the command line names things in error messages. */
    static final Words WORDS = new Words("the cells", "--expect",
            "load yours with --strategy-path and --strategy-class", "define yours with --preset");

    @Option(names = "--strategy-path", paramLabel = "JAR_OR_DIR", split = "${sys:path.separator}",
            description = "Jars or class folders (the output of your compiler) that hold your strategy classes;"
                    + " repeat it, or separate them with '${sys:path.separator}'.")
    java.util.List<Path> strategyPath = new ArrayList<>();

    @Option(names = "--strategy-class", paramLabel = "CLASS",
            description = "A strategy of yours: the fully qualified name of a class in --strategy-path that"
                    + " implements io.github.ptcheck.strategy.Strategy with a public no-argument constructor;"
                    + " repeat it for several.")
    java.util.List<String> strategyClasses = new ArrayList<>();

    @Option(names = "--preset", paramLabel = "NAME:ARCH:PAGE:TABLE[:pte_free_defer=no]",
            description = "A preset of yours, sizes in bytes, e.g. powerpc64-hash-16:powerpc:65536:4096; repeat it"
                    + " for several. Add :pte_free_defer=no for a kernel without pte_free_defer() (no THP, as"
                    + " sparc32): no freeDeferred runs there.")
    java.util.List<String> presets = new ArrayList<>();

    @Option(names = "--call-timeout", paramLabel = "SECONDS", description = "Seconds one call of a strategy method"
            + " may take, at least 1 (decimals allowed; default: " + CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS + "); a"
            + " call that has not returned by then (a loop that calls no kernel primitive) leaves its cell not judged,"
            + " naming the strategy, routine, step and operation. Raise it for a strategy that is only slow.")
    String callTimeout;

    /** The default call timeout, which the commands a person pastes leave out. */
    private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS);

    /** The loaded strategies and presets, and the catalog of names with the built-ins. Close it when done. */
    record Loaded(List<Strategy> strategies, List<Preset> presets, Catalog catalog, StrategyLoader loader)
            implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            if (loader != null) {
                loader.close();
            }
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong and how to fix it
     */
    Loaded load() {
        List<Preset> ps = List.ofAll(presets).map(UserOptions::preset);
        Catalog catalog = Catalog.builtIn();
        for (Preset p : ps) {
            catalog = catalog.withPreset(p);
        }
        if (strategyClasses.isEmpty()) {
            if (!strategyPath.isEmpty()) {
                throw new IllegalArgumentException("--strategy-path is given but no --strategy-class: name the"
                        + " classes to load from it");
            }
            return new Loaded(List.empty(), ps, catalog, null);
        }
        if (strategyPath.isEmpty()) {
            throw new IllegalArgumentException("--strategy-class " + strategyClasses.get(0) + " needs --strategy-path:"
                    + " the jar or class folder that holds it");
        }
        for (Path p : strategyPath) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("--strategy-path " + p + " does not exist; give a jar or a folder"
                        + " of compiled classes (e.g. target/classes)");
            }
        }
        StrategyLoader loader = new StrategyLoader(strategyPath.stream().map(Path::toString).toList(),
                UserOptions.class.getClassLoader(), "in --strategy-path " + strategyPath,
                "check the class name and that the path holds it compiled (a jar, or the folder where its package"
                        + " folders start, such as target/classes)");
        List<Strategy> loaded = List.empty();
        try {
            for (String name : strategyClasses) {
                Strategy s = loader.load(name);
                catalog = catalog.withStrategy(s);
                loaded = loaded.append(s);
            }
        } catch (RuntimeException e) {
            try {
                loader.close();
            } catch (java.io.IOException ignored) {
                // the error that matters is e
            }
            throw e;
        }
        return new Loaded(loaded, ps, catalog, loader);
    }

    /**
     * {@code name:arch:pageSize:tableSize}, and {@code :pte_free_defer=no} (or {@code =yes}, the
     * default) after it: the form of the Maven plugin's {@code -Dptcheck.presets}.
     */
    static Preset preset(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length != 4 && parts.length != 5) {
            throw new IllegalArgumentException("--preset '" + spec + "' must be name:arch:pageSize:tableSize, e.g."
                    + " powerpc64-hash-16:powerpc:65536:4096, with :" + Preset.PTE_FREE_DEFER + "=no after it for a"
                    + " kernel without pte_free_defer()");
        }
        boolean defer = true;
        if (parts.length == 5) {
            String field = parts[4].trim();
            int eq = field.indexOf('=');
            if (eq < 0 || !field.substring(0, eq).trim().equals(Preset.PTE_FREE_DEFER)) {
                throw new IllegalArgumentException("--preset '" + spec + "': after the table size comes only "
                        + Preset.PTE_FREE_DEFER + "=no (or =yes, the default), not '" + field + "'; e.g."
                        + " sparc32-mine:sparc:4096:256:" + Preset.PTE_FREE_DEFER + "=no for a kernel without"
                        + " pte_free_defer() (no THP)");
            }
            try {
                defer = Preset.pteFreeDefer(field.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--preset '" + spec + "': " + e.getMessage());
            }
        }
        try {
            return Preset.of(parts[0].trim(), parts[1].trim(), Integer.parseInt(parts[2].trim()),
                    Integer.parseInt(parts[3].trim()), defer);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--preset '" + spec + "': the page and table sizes are whole numbers"
                    + " of bytes (name:arch:pageSize:tableSize)");
        }
    }

    /**
     * {@code --call-timeout} read, or the default; checked before anything runs, in the Maven
     * plugin's range (1 s and up).
     *
     * @throws IllegalArgumentException naming the option, its range and what was given
     */
    Duration callTimeout() {
        if (callTimeout == null) {
            return DEFAULT_CALL_TIMEOUT;
        }
        Duration d;
        try {
            d = CellOptions.seconds("--call-timeout", callTimeout);
        } catch (IllegalArgumentException e) {
            d = Duration.ZERO;
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--call-timeout must be at least 1 (seconds one strategy call may take;"
                    + " decimals allowed, e.g. 2.5), was " + callTimeout);
        }
        return d;
    }

    /**
     * The options again, for a command a person can paste: {@code --strategy-path ...
     * --strategy-class ...}, and {@code --call-timeout} when it is not the default (a slow
     * strategy needs it again).
     */
    String words() {
        return loadWords() + (callTimeout().equals(DEFAULT_CALL_TIMEOUT) ? "" : " --call-timeout "
                + callTimeout.strip());
    }

    /**
     * The options that load the user's strategies and presets, without {@code --call-timeout}:
     * for a counterexample file's replay line, which holds on any machine (a call timeout is a
     * matter of this one's speed, as a time budget is).
     */
    String loadWords() {
        StringBuilder sb = new StringBuilder();
        if (!strategyPath.isEmpty()) {
            sb.append(" --strategy-path ").append(Shell.quote(String.join(File.pathSeparator,
                    strategyPath.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList())));
        }
        strategyClasses.forEach(c -> sb.append(" --strategy-class ").append(Shell.quote(c)));
        presets.forEach(p -> sb.append(" --preset ").append(Shell.quote(p)));
        return sb.toString();
    }
}
