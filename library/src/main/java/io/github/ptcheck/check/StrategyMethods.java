package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.strategy.Strategy;

import java.util.function.Supplier;

/**
 * The strategy methods that are not routines of an operation ({@code name()}, {@code source()},
 * {@code serves()}, {@code mmConfig()}, {@code describe()}), called so that whatever they throw comes out as a
 * {@link StrategyFailure} naming the strategy and the method, and so that a call that never
 * returns is caught by the {@link Watchdog} like a routine. Engine code calls these rather than
 * the strategy's methods.
 */
public final class StrategyMethods {

    private StrategyMethods() {
    }

    /**
     * The strategy's {@code name()}.
     *
     * @throws StrategyFailure naming the class if it throws or returns null or a blank name
     */
    public static String name(Strategy s) {
        String className = s.getClass().getName();
        String name = call(className, "name()", s::name);
        if (name == null || name.isBlank()) {
            throw new StrategyFailure(className, 0, null, "name()", name == null ? "returned null"
                    : "returned a blank name", null);
        }
        return name;
    }

    /** The strategy's {@code source()}; null reads as empty. */
    public static String source(Strategy s) {
        String source = call(name(s), "source()", s::source);
        return source == null ? "" : source;
    }

    /** The strategy's {@code serves(preset)}. */
    public static boolean serves(Strategy s, Preset preset) {
        return call(name(s), "serves(" + preset.name() + ")", () -> s.serves(preset));
    }

    /**
     * The strategy's {@code mmConfig()}.
     *
     * @throws StrategyFailure if it throws or returns null
     */
    public static MmConfig mmConfig(Strategy s) {
        MmConfig c = call(name(s), "mmConfig()", s::mmConfig);
        if (c == null) {
            throw new StrategyFailure(name(s), 0, null, "mmConfig()", "returned null", null);
        }
        return c;
    }

    /** The strategy's {@code describe(page)}; null reads as empty. */
    public static String describe(Strategy s, Page page) {
        String d = call(name(s), "describe(page " + page.pfn() + ")", () -> s.describe(page));
        return d == null ? "" : d;
    }

    /**
     * Runs {@code body}, code of the strategy class {@code className} that is none of its methods
     * above (its static initializer and constructor, while it is loaded), as a strategy call: on
     * a {@link Watchdog} worker, one that never returns is given up on after the call timeout. What
     * it throws comes out unchanged, for the caller to explain.
     */
    public static <T, X extends Exception> T watched(String className, String what, Watchdog.Task<T, X> body)
            throws X {
        Watchdog.Worker w = Watchdog.enter(className, what, 0, null);
        try {
            return body.call();
        } finally {
            Watchdog.exit(w);
        }
    }

    private static <T> T call(String strategy, String method, Supplier<T> body) {
        Watchdog.Worker w = Watchdog.enter(strategy, method, 0, null);
        try {
            return body.get();
        } catch (StrategyFailure e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new StrategyFailure(strategy, 0, null, method, "ran out of memory (" + e.getMessage() + ")", null);
        } catch (InternalError | UnknownError e) {
            throw e; // the JVM's own, not the strategy's
        } catch (Throwable e) {
            throw new StrategyFailure(strategy, 0, null, method, "threw", e);
        } finally {
            Watchdog.exit(w);
        }
    }
}
