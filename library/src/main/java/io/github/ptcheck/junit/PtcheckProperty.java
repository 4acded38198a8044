package io.github.ptcheck.junit;

import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.strategy.Strategy;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A property test of a page-table freeing strategy, run by JUnit Jupiter: a test on its own
 * (it is a {@link TestTemplate} with {@link PtcheckExtension}), no {@code @Test} needed.
 *
 * <h2>Two styles, chosen by the method's parameters</h2>
 * <p><b>The invariants are the property</b> when the method takes no sequence: ptcheck checks
 * the strategy on each preset with the {@link io.github.ptcheck.check.Runner} (seeded tries,
 * the model's invariants checked at every step, the first violation shrunk) and fails the test
 * with the finding. The body runs once after a passing check; it may take the
 * {@link io.github.ptcheck.check.CellReport} to assert on coverage.
 * <pre>{@code
 * @PtcheckProperty(preset = "powerpc64-hash-64k", tries = 500)
 * void keepsTheInvariants(MyStrategy strategy) {
 * }
 * }</pre>
 *
 * <p><b>The body is the property</b> when the method takes a {@link Sequence}, a
 * {@code Vector<Op>} or an {@link io.github.ptcheck.check.Outcome} (the traced run of the
 * sequence): the body runs once per try, on the try's generated sequence. A try fails when the
 * body throws (an {@code AssertionError} or anything else) or, unless
 * {@link #failOnViolation()} is false, when the run breaks an invariant (then the body is not
 * called). The first failing try is shrunk by calling the body again on smaller sequences,
 * keeping the same failure (the same invariant, or an exception of the same class), and the
 * test fails with the shrunk sequence. A body that calls {@code Assumptions.assumeTrue(false)}
 * discards its try.
 * <pre>{@code
 * @PtcheckProperty(preset = "powerpc64-hash-64k", strategy = "powerpc-refcount-v2")
 * void neverThreeDeferredOnOnePage(Vector<Op> ops, Outcome run) {
 *     ...assertions over run.steps()...
 * }
 * }</pre>
 * Both styles may also take the {@link io.github.ptcheck.check.Cell},
 * {@link io.github.ptcheck.arch.Preset} and {@link Strategy}; other parameters are left to other
 * {@code ParameterResolver}s ({@code TestInfo}, {@code TestReporter}, ...).
 *
 * <h2>One test per preset, not one per try</h2>
 * Each preset is one invocation of the template (named e.g.
 * {@code powerpc-naive-v1 on powerpc64-hash-64k, 200 tries, seed 0}); all its tries run inside
 * that invocation. Hundreds of tries as hundreds of JUnit invocations would drown the report in
 * passing entries and spend its time on per-invocation lifecycle, while the one thing a reader
 * needs, the shrunk counterexample, can only be produced across tries (shrinking re-runs the
 * body on candidates that are no try at all). So {@code @BeforeEach} and {@code @AfterEach} run
 * once around all the tries of a preset, on one test instance: keep per-try state inside the
 * body. The body is called by reflection, so extensions that intercept test methods see the
 * template invocation once, not each try.
 *
 * <h2>The seed</h2>
 * The seed of a run is, first found: the JUnit configuration parameter {@code ptcheck.seed}
 * (which JUnit reads from the launcher's explicit parameters, then the JVM system property
 * {@code -Dptcheck.seed=...}, then {@code junit-platform.properties}; ptcheck reads the system
 * property itself where a launcher turns that off); else {@link #seed()}; else
 * {@value CheckConfig#DEFAULT_SEED}. The same seed runs the same tries in the same order
 * on every machine, so a failure's seed reproduces it.
 *
 * <h2>A failure</h2>
 * The test fails with the violation (or the body's failure), the seed and try, the shrunk
 * sequence, its trace, the counterexample file written and the commands that reproduce it. The
 * file goes to {@code target/ptcheck/junit/<class>.<method>.ptcheck} (with
 * {@code .<preset>} before {@code .ptcheck} when the property names several presets), relative
 * to the working directory (the module's directory under Maven Surefire); the configuration
 * parameter or system property {@code ptcheck.junit.dir} moves it. Files are overwritten by the
 * next failure of the same test and never deleted. See {@code docs/junit.md}.
 *
 * <h2>Bad input</h2>
 * An unknown preset or strategy name, both a strategy name and a strategy class, a strategy
 * class that cannot be created, bounds out of range or a malformed {@code ptcheck.seed} fail the
 * test with an {@code ExtensionConfigurationException} naming the problem and the fix; a
 * parameter ptcheck cannot give fails with a {@code ParameterResolutionException}; a strategy
 * that throws fails the test with the try, the sequence and the strategy's exception as cause.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(PtcheckExtension.class)
public @interface PtcheckProperty {

    /**
     * The preset to check on: a built-in name ({@code powerpc64-hash-64k}) or a preset defined
     * in full as a counterexample file does ({@code "mine arch=powerpc page=65536 table=4096"}).
     * Give this or {@link #presets()}, not both; with neither, every built-in preset the strategy
     * {@linkplain Strategy#serves serves}.
     */
    String preset() default "";

    /** Several presets, each an invocation of its own; see {@link #preset()}. */
    String[] presets() default {};

    /**
     * A built-in strategy by name, e.g. {@code powerpc-pageactive-v6.6}. Give this or
     * {@link #strategyClass()}, not both; with neither, the class of the method's parameter of
     * a concrete {@link Strategy} type.
     */
    String strategy() default "";

    /**
     * Your strategy, created once per test method with its no-argument constructor. The default,
     * {@code Strategy.class}, means none.
     */
    Class<? extends Strategy> strategyClass() default Strategy.class;

    /** Sequences to try per preset (at least 1). */
    int tries() default CheckConfig.DEFAULT_TRIES;

    /**
     * The seed of try 0, unless the configuration parameter or system property
     * {@code ptcheck.seed} is set, which wins (so that a failure can be reproduced without an edit).
     */
    long seed() default CheckConfig.DEFAULT_SEED;

    /** Operations in one sequence at the most (at least 1); the teardown comes on top. */
    int maxLength() default CheckConfig.DEFAULT_MAX_LENGTH;

    /** CPUs that may take {@code rcu_read_lock} (0 for none); as {@code Bounds.DEFAULT}. */
    int cpus() default 2;

    /** mms that allocate tables (at least 1); as {@code Bounds.DEFAULT}. */
    int mms() default 2;

    /** Tables allocated in one sequence at the most (at least 1); as {@code Bounds.DEFAULT}. */
    int maxTables() default 40;

    /**
     * Interleavings: also run each try with two neighbouring operations overlapped on two CPUs
     * under PCT schedules of at most {@link #preemptions} preemptions, for the invariants. A
     * violation is reported with its schedule. A body over sequences sees the sequential runs;
     * once every try passed, the interleaved runs of the same tries are judged by the invariants
     * (so not with {@code failOnViolation = false}). Off by default. See docs/model.md,
     * "Interleavings".
     */
    boolean interleavings() default false;

    /**
     * The preemption bound of {@link #interleavings}: 1 or 2 ({@value CheckConfig#DEFAULT_PREEMPTIONS},
     * CHESS's bound, by default). Another value without {@code interleavings = true} is an error,
     * not a setting that does nothing.
     */
    int preemptions() default CheckConfig.DEFAULT_PREEMPTIONS;

    /**
     * Seconds one call of a strategy method may take (at least 1): a call that has not returned
     * by then fails the test with the strategy, routine, step and operation named, instead of
     * hanging the test run. The strategy's thread is left running until the JVM exits (Java
     * cannot stop it); the tries and the body run on a thread of ptcheck's (see
     * {@link io.github.ptcheck.check.Watchdog}).
     */
    int callTimeout() default CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS;

    /**
     * For a property over sequences: whether a run that breaks an invariant fails the try
     * without calling the body (the default). Set it to false to let the body judge runs that
     * break invariants (it sees the violation in the {@code Outcome}). Must stay true when the
     * invariants are the property.
     */
    boolean failOnViolation() default true;
}
