package io.github.ptcheck.junit;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Catalog;
import io.github.ptcheck.cex.CounterexampleFile;
import io.github.ptcheck.cex.CounterexampleFormatException;
import io.github.ptcheck.cex.Typos;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.StrategyMethods;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link PtcheckProperty} method with its annotation resolved and checked: the strategy, the
 * presets, the configuration, the seed and where it came from, and what each parameter is.
 * Everything a user can get wrong in the annotation or the configuration parameters is found
 * here, before any try runs, and reported as an {@link ExtensionConfigurationException} that
 * names the method, the problem and the fix.
 *
 * @param testClass       the class whose test this is: the method's, or one that inherits it
 * @param method          the test method
 * @param strategy        the strategy checked, created once
 * @param strategyClass   the user's strategy class, or null for a built-in
 * @param presets         the presets, one invocation each, in the order given
 * @param config          tries, seed, bounds
 * @param seedOrigin      where the seed came from, in words
 * @param dir             where counterexample files go
 * @param params          what each parameter of the method is
 * @param failOnViolation whether a run that breaks an invariant fails a try of a property over sequences
 */
record Property(Class<?> testClass, Method method, Strategy strategy, Class<? extends Strategy> strategyClass,
                Vector<Preset> presets, CheckConfig config, String seedOrigin, Path dir, Vector<Param> params,
                boolean failOnViolation) {

    /** The configuration parameter (or system property) that overrides the annotation's seed. */
    static final String SEED_KEY = "ptcheck.seed";
    /** The configuration parameter (or system property) that says where counterexample files go. */
    static final String DIR_KEY = "ptcheck.junit.dir";
    /** Where counterexample files go by default, relative to the working directory. */
    static final String DEFAULT_DIR = "target/ptcheck/junit";

    /** Resolves the annotation of the context's test method. */
    static Property of(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        PtcheckProperty a = AnnotationSupport.findAnnotation(method, PtcheckProperty.class).orElseThrow(
                () -> new ExtensionConfigurationException(where(method) + ": not annotated with @PtcheckProperty"));
        Vector<Param> params = Vector.of(method.getParameters()).map(Param::of);
        boolean perTry = params.exists(p -> p.perTry);
        if (!perTry && !a.failOnViolation()) {
            throw error(method, "failOnViolation = false only applies to a property over sequences (a method that"
                    + " takes a Sequence, Vector<Op> or Outcome); this method takes none, so the invariants are its"
                    + " property. Remove failOnViolation = false, or take the sequence and judge its run yourself");
        }
        if (perTry && !a.failOnViolation() && a.interleavings()) {
            throw error(method, "interleavings = true goes with failOnViolation = true: the body judges the"
                    + " sequential runs, and the interleaved runs are judged by the invariants, which failOnViolation"
                    + " = false leaves to the body. Remove one of them, or check the interleavings in a method of their"
                    + " own that takes no sequence");
        }
        long seed = a.seed();
        String seedOrigin = a.seed() == CheckConfig.DEFAULT_SEED ? "the default seed" : "seed = " + a.seed()
                + " in @PtcheckProperty";
        Option<String> fromConfig = setting(context, SEED_KEY);
        if (fromConfig.isDefined()) {
            try {
                seed = Long.parseLong(fromConfig.get().strip());
            } catch (NumberFormatException e) {
                throw error(method, SEED_KEY + " is '" + fromConfig.get() + "', which is not a 64-bit integer;"
                        + " set it like -D" + SEED_KEY + "=42 (it may be negative), or unset it to use the annotation's"
                        + " seed");
            }
            // An annotation that sets no seed has nothing to be overridden: "seed = 0" would read as one it set.
            // The reproduce command sets the seed the annotation has: nothing is overridden then either.
            seedOrigin = SEED_KEY + "=" + seed + (a.seed() == CheckConfig.DEFAULT_SEED ? ""
                    : a.seed() == seed ? ", as in @PtcheckProperty" : ", which overrides the annotation's seed = "
                    + a.seed());
        }
        CheckConfig config;
        try {
            config = CheckConfig.defaults().withSeed(seed).withTries(a.tries()).withMaxLength(a.maxLength())
                    .withBounds(new Bounds(a.cpus(), a.mms(), a.maxTables(), Bounds.DEFAULT.kinds()))
                    .withShrinkTimeLimit(Duration.ofSeconds(CheckConfig.DEFAULT_SHRINK_SECONDS))
                    .withPreemptions(preemptions(a))
                    .withCallTimeout(Duration.ofSeconds(Math.max(0, a.callTimeout())));
        } catch (IllegalArgumentException e) {
            throw error(method, e.getMessage() + "; fix that attribute of @PtcheckProperty");
        }
        String dirName = setting(context, DIR_KEY).getOrElse(DEFAULT_DIR);
        Path dir;
        try {
            dir = Path.of(dirName);
        } catch (InvalidPathException e) {
            throw error(method, DIR_KEY + " is '" + dirName + "', which is not a path here (" + e.getMessage()
                    + "); set it to a directory for counterexample files, or unset it for " + DEFAULT_DIR);
        }
        Class<? extends Strategy> strategyClass = strategyClass(method, a);
        // The user's class runs here (its static initializer, constructor, name(), serves()): watched, so that
        // one that never returns fails the test after the call timeout instead of hanging the whole test run.
        Tuple2<Strategy, Vector<Preset>> made;
        try {
            made = Watchdog.run(config.callTimeout(), null, null, () -> {
                Strategy s = strategyClass == null ? builtIn(method, a.strategy()) : create(method, strategyClass);
                return Tuple.of(s, presets(method, a, s));
            });
        } catch (StrategyFailure f) {
            throw error(method, f.getMessage() + ifSlow(f, a.callTimeout()));
        }
        return new Property(context.getRequiredTestClass(), method, made._1, strategyClass, made._2, config,
                seedOrigin, dir, params, a.failOnViolation());
    }

    /**
     * A JUnit configuration parameter, else the system property of that name. JUnit's launcher
     * reads system properties itself (after its explicit parameters, before
     * {@code junit-platform.properties}), but a launcher may turn that off (the EngineTestKit
     * does by default); a {@code -D} given on the command line is meant all the same.
     */
    private static Option<String> setting(ExtensionContext context, String key) {
        return Option.ofOptional(context.getConfigurationParameter(key)).orElse(() -> Option.of(System.getProperty(key)));
    }

    /** Whether the body is the property (it takes a sequence or its run) rather than the invariants. */
    boolean perTry() {
        return params.exists(p -> p.perTry);
    }

    Vector<Cell> cells() {
        return presets.map(p -> new Cell(p, strategy));
    }

    /**
     * {@code Outer$Inner#method}: the class as Surefire's {@code -Dtest} and stack traces spell it. The test class,
     * not the method's: Surefire runs no test of an abstract class that declares an inherited property.
     */
    String testName() {
        return where(testClass, method);
    }

    /** {@code pkg.Outer.Inner.method}, or with {@code .preset} when there are several presets. */
    Path fileFor(Cell cell) {
        String name = testClass.getName().replace('$', '.') + "." + method.getName()
                + (presets.size() > 1 ? "." + cell.preset().name() : "") + ".ptcheck";
        return dir.resolve(name);
    }

    /** For a call that ran past the call timeout, how to give a strategy that is only slow more time; else "". */
    static String ifSlow(StrategyFailure f, long seconds) {
        return f.getMessage().contains("(the call timeout") ? " If it is only slow, raise callTimeout in"
                + " @PtcheckProperty (now " + seconds + " s)." : "";
    }

    /** Where the annotation is, {@code Outer$Inner#method}: what an error in it names. */
    static String where(Method m) {
        return where(m.getDeclaringClass(), m);
    }

    private static String where(Class<?> c, Method m) {
        String pkg = c.getPackageName();
        return (pkg.isEmpty() ? c.getName() : c.getName().substring(pkg.length() + 1)) + "#" + m.getName();
    }

    static ExtensionConfigurationException error(Method m, String problem) {
        return new ExtensionConfigurationException("@PtcheckProperty on " + where(m) + ": " + problem);
    }

    // ------------------------------------------------------------------ strategy

    /** The user's strategy class: the attribute, else a parameter's concrete strategy type; null for a built-in. */
    private static Class<? extends Strategy> strategyClass(Method method, PtcheckProperty a) {
        boolean named = !a.strategy().isEmpty();
        boolean classed = a.strategyClass() != Strategy.class;
        if (named && classed) {
            throw error(method, "it names both strategy = \"" + a.strategy() + "\" and strategyClass = "
                    + a.strategyClass().getSimpleName() + ".class; give one: strategy for a built-in by name,"
                    + " strategyClass for yours");
        }
        if (classed) {
            return a.strategyClass();
        }
        if (named) {
            return null;
        }
        LinkedHashSet<Class<?>> types = LinkedHashSet.empty();
        for (Parameter p : method.getParameters()) {
            if (Param.concreteStrategy(p.getType())) {
                types = types.add(p.getType());
            }
        }
        if (types.size() == 1) {
            @SuppressWarnings("unchecked")
            Class<? extends Strategy> only = (Class<? extends Strategy>) types.head();
            return only;
        }
        throw error(method, (types.isEmpty() ? "it names no strategy" : "its parameters name several strategy"
                + " classes (" + types.map(Class::getSimpleName).mkString(", ") + ")") + "; name one with strategy ="
                + " \"...\" (a built-in: " + Strategies.names() + ") or strategyClass = YourStrategy.class, or take"
                + " one parameter of your strategy's class");
    }

    private static Strategy builtIn(Method method, String name) {
        Option<Strategy> known = Strategies.find(name);
        if (known.isDefined()) {
            return known.get();
        }
        String guess = Typos.closest(name, Strategies.all().map(Strategy::name));
        throw error(method, "unknown strategy \"" + name + "\"" + (guess.isEmpty() ? ""
                : " (did you mean \"" + guess + "\"?)") + "; the built-ins are " + Strategies.names()
                + ". For a strategy of yours use strategyClass = YourStrategy.class instead of strategy = \"...\"");
    }

    private static Strategy create(Method method, Class<? extends Strategy> type) {
        String name = type.getName();
        if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
            throw error(method, "strategyClass " + name + " is abstract; give a concrete class that implements"
                    + " Strategy");
        }
        if (type.getEnclosingClass() != null && !java.lang.reflect.Modifier.isStatic(type.getModifiers())) {
            throw error(method, "strategyClass " + name + " is an inner class, which needs an enclosing instance;"
                    + " make it a static nested class (or a top-level one) with a no-argument constructor");
        }
        Constructor<? extends Strategy> ctor;
        try {
            ctor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw error(method, "strategyClass " + name + " has no no-argument constructor, so ptcheck cannot create"
                    + " it; add a public " + type.getSimpleName() + "() constructor (a strategy keeps no state: it"
                    + " lives in the Machine)");
        }
        Strategy s;
        try {
            StrategyMethods.watched(name, "static initializer", () -> Class.forName(name, true, type.getClassLoader()));
            ctor.setAccessible(true);
            s = StrategyMethods.watched(name, "constructor", ctor::newInstance);
        } catch (ExceptionInInitializerError e) {
            throw new ExtensionConfigurationException("@PtcheckProperty on " + where(method) + ": strategyClass "
                    + name + " cannot be loaded: its static initializer threw " + e.getCause() + "; fix the static"
                    + " fields and blocks of the class", e.getCause());
        } catch (LinkageError e) {
            // e.g. NoClassDefFoundError: a static initializer that threw for an earlier test of this class
            throw new ExtensionConfigurationException("@PtcheckProperty on " + where(method) + ": strategyClass "
                    + name + " cannot be loaded (" + e + "); fix the class, or what it needs on the test class path", e);
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException("@PtcheckProperty on " + where(method) + ": strategyClass "
                    + name + " threw while being created: " + e.getCause() + "; fix its constructor", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("@PtcheckProperty on " + where(method) + ": strategyClass "
                    + name + " cannot be created (" + e + "); make its no-argument constructor public", e);
        }
        try {
            StrategyMethods.name(s);
        } catch (StrategyFailure f) {
            throw f.getCause() == null ? error(method, "strategyClass " + name + " returns no name(); give it a name"
                    + " such as \"mine-v1\" (reports, files and replay use it)") : error(method, f.getMessage());
        }
        return s;
    }

    // ------------------------------------------------------------------ presets

    private static Vector<Preset> presets(Method method, PtcheckProperty a, Strategy strategy) {
        if (!a.preset().isEmpty() && a.presets().length > 0) {
            throw error(method, "it names both preset = \"" + a.preset() + "\" and presets = {...}; give one");
        }
        Vector<String> specs = a.preset().isEmpty() ? Vector.of(a.presets()) : Vector.of(a.preset());
        if (specs.isEmpty()) {
            Vector<Preset> served;
            try {
                served = Vector.ofAll(Presets.all()).filter(p -> StrategyMethods.serves(strategy, p));
            } catch (StrategyFailure f) {
                throw error(method, f.getMessage());
            }
            if (served.isEmpty()) {
                throw error(method, "strategy " + strategy.name() + " serves no built-in preset, so there is nothing"
                        + " to check it on by default; name one with preset = \"...\" (" + Presets.names() + ", or"
                        + " one defined in full like \"mine arch=powerpc page=65536 table=4096\")");
            }
            return served;
        }
        Vector<Preset> presets = Vector.empty();
        for (String spec : specs) {
            Preset p = preset(method, spec);
            if (presets.exists(q -> q.name().equals(p.name()))) {
                throw error(method, "preset " + p.name() + " is listed twice in presets; list each once");
            }
            presets = presets.append(p);
        }
        return presets;
    }

    /** A built-in preset by name, or one defined in full in the counterexample file's syntax. */
    private static Preset preset(Method method, String spec) {
        if (spec.isBlank()) {
            throw error(method, "a preset is blank; give a name such as \"powerpc64-hash-64k\" (" + Presets.names()
                    + ")");
        }
        Option<Preset> builtIn = Presets.find(spec.strip());
        if (builtIn.isDefined()) {
            return builtIn.get();
        }
        if (spec.strip().matches("[A-Za-z0-9._-]+")) {
            // A name alone: said in the annotation's words (the file's parser would suggest "preset: ...", its own).
            String guess = Typos.closest(spec.strip(), Presets.all().map(Preset::name));
            throw error(method, "unknown preset \"" + spec.strip() + "\"" + (guess.isEmpty() ? ""
                    : " (did you mean \"" + guess + "\"?)") + "; the built-ins are " + Presets.names()
                    + ". For a preset of yours define it in full: preset = \"" + spec.strip()
                    + " arch=powerpc page=65536 table=4096\" (sizes in bytes)");
        }
        String text = "preset: " + spec.strip() + "\nstrategy: any\nviolation: none\nalloc mm0\n";
        try {
            return CounterexampleFile.parse(text, "preset", Catalog.builtIn()).counterexample().preset();
        } catch (CounterexampleFormatException e) {
            throw error(method, "preset \"" + spec + "\": " + e.problem());
        }
    }

    /** The preemptions of the annotation: its bound with interleavings on, else 0 (a bound alone is an error). */
    private static int preemptions(PtcheckProperty a) {
        if (!a.interleavings()) {
            if (a.preemptions() != CheckConfig.DEFAULT_PREEMPTIONS) {
                throw new IllegalArgumentException("preemptions = " + a.preemptions() + " has no effect without"
                        + " interleavings = true; add interleavings = true, or leave preemptions out");
            }
            return 0;
        }
        if (a.preemptions() < 1 || a.preemptions() > 2) {
            throw new IllegalArgumentException("preemptions must be 1 or 2 with interleavings = true, was "
                    + a.preemptions() + " (two operations overlap at most; CHESS finds most races within 2)");
        }
        return a.preemptions();
    }
}
