package io.github.ptcheck.maven;

import io.github.ptcheck.plan.StrategyLoader;
import io.github.ptcheck.strategy.Strategy;
import org.apache.maven.plugin.MojoExecutionException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The user's strategies, with the class loader that loaded them (closed when the goal is done). */
final class UserStrategies implements AutoCloseable {

    /** Supplies the classpath only when there are classes to load. */
    interface Classpath {
        List<String> get() throws MojoExecutionException;
    }

    private final StrategyLoader loader;
    private final List<Strategy> strategies;

    private UserStrategies(StrategyLoader loader, List<Strategy> strategies) {
        this.loader = loader;
        this.strategies = strategies;
    }

    static UserStrategies load(List<String> classNames, Classpath classpath) throws MojoExecutionException {
        if (classNames.isEmpty()) {
            return new UserStrategies(null, List.of());
        }
        StrategyLoader loader = loader(classpath.get());
        List<Strategy> loaded = new ArrayList<>();
        try {
            for (String name : classNames) {
                loaded.add(loader.load(name));
            }
        } catch (IllegalArgumentException e) {
            closeQuietly(loader);
            throw new MojoExecutionException("ptcheck: " + e.getMessage(), e);
        }
        return new UserStrategies(loader, List.copyOf(loaded));
    }

    /** A loader of the project's classes, whose messages speak of the POM. */
    static StrategyLoader loader(List<String> classpath) {
        return new StrategyLoader(classpath, UserStrategies.class.getClassLoader(), "on the project's test classpath",
                "check the name in <strategyClasses> and that the class is compiled (ptcheck:check runs in the verify"
                        + " phase, after test-compile)");
    }

    List<Strategy> strategies() {
        return strategies;
    }

    @Override
    public void close() {
        if (loader != null) {
            closeQuietly(loader);
        }
    }

    private static void closeQuietly(StrategyLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Nothing was written through it; a class loader that cannot close leaks a file handle at worst.
        }
    }
}
