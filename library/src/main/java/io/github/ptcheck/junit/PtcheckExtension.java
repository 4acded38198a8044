package io.github.ptcheck.junit;

import io.github.ptcheck.check.Cell;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@link PtcheckProperty} methods: one invocation of the template per preset, each running
 * all its tries (see {@link PtcheckProperty} for why). Registered by the annotation; there is
 * no need to name it in {@code @ExtendWith}.
 *
 * <p>The annotation is resolved and checked when the invocations are asked for, so a mistake
 * in it (an unknown name, both a strategy and a strategy class, bounds out of range) fails the
 * test at once, naming the fix, before any try runs.
 *
 * <p>A method that is also a {@code @Test}, {@code @RepeatedTest}, {@code @ParameterizedTest} or
 * {@code @TestFactory} would be run by JUnit a second way too, as a plain method: its body alone,
 * no try, no invariant checked (an empty style-1 body passes). Each such run fails instead,
 * naming the annotation to remove, as does the property itself.
 */
public final class PtcheckExtension implements TestTemplateInvocationContextProvider, InvocationInterceptor,
        TestExecutionExceptionHandler {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(PtcheckExtension::isProperty).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        refuseCompeting(context.getRequiredTestMethod());
        Property prop = Property.of(context);
        return prop.cells().toJavaStream().map(cell -> new CellInvocation(prop, cell));
    }

    /** Another provider's invocation of a property (a {@code @RepeatedTest}'s repetition, say). */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                            ExtensionContext context) throws Throwable {
        refuse(invocation, ic.getExecutable());
        invocation.proceed();
    }

    /** A property that is also a {@code @Test}. */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                    ExtensionContext context) throws Throwable {
        refuse(invocation, ic.getExecutable());
        invocation.proceed();
    }

    /** A property that is also a {@code @TestFactory}. */
    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> ic,
                                            ExtensionContext context) throws Throwable {
        refuse(invocation, ic.getExecutable());
        return invocation.proceed();
    }

    /**
     * Another provider's invocation that failed before it was called: a {@code @ParameterizedTest}'s
     * finds no resolver for a {@code Sequence}; the annotation is the mistake, not the parameter.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        context.getTestMethod().filter(PtcheckExtension::isProperty).ifPresent(PtcheckExtension::refuseCompeting);
        throw t;
    }

    /** Skips {@code invocation} and throws if {@code m} is a property JUnit also runs another way. */
    private static void refuse(Invocation<?> invocation, Method m) {
        if (isProperty(m) && !competing(m).isEmpty()) {
            invocation.skip();
            refuseCompeting(m);
        }
    }

    private static boolean isProperty(Method m) {
        return AnnotationSupport.isAnnotated(m, PtcheckProperty.class);
    }

    /** What makes JUnit run a method, directly or as a meta-annotation ({@code @RepeatedTest} is a {@code @TestTemplate}). */
    private static final Vector<Class<? extends Annotation>> KINDS = Vector.of(Test.class, TestTemplate.class,
            TestFactory.class);

    /** The annotations on {@code m} that make JUnit run it besides {@code @PtcheckProperty}. */
    private static Vector<Class<? extends Annotation>> competing(Method m) {
        return Vector.of(m.getDeclaredAnnotations()).<Class<? extends Annotation>>map(Annotation::annotationType)
                .filter(t -> !AnnotationSupport.isAnnotated(t, PtcheckProperty.class) && t != PtcheckProperty.class)
                .filter(t -> KINDS.exists(k -> t == k || AnnotationSupport.isAnnotated(t, k)));
    }

    private static void refuseCompeting(Method m) {
        Vector<Class<? extends Annotation>> others = competing(m);
        if (others.isEmpty()) {
            return;
        }
        String names = others.map(t -> "@" + t.getSimpleName()).mkString(" and ");
        String fix = switch (others.head().getSimpleName()) {
            case "RepeatedTest" -> "; for more sequences, raise tries";
            case "ParameterizedTest" -> "; for several presets, give presets = {...}; for other inputs, loop over them"
                    + " in the body";
            default -> "";
        };
        throw Property.error(m, "the method is also annotated with " + names + ", so JUnit would run it that way"
                + " too, as a plain method: its body alone, with no try and no invariant checked. Remove " + names
                + ": @PtcheckProperty is a test on its own" + fix);
    }

    /** One preset of a property. */
    private static final class CellInvocation implements TestTemplateInvocationContext {
        private final Property prop;
        private final Cell cell;

        CellInvocation(Property prop, Cell cell) {
            this.prop = prop;
            this.cell = cell;
        }

        /** e.g. {@code powerpc-naive-v1 on powerpc64-hash-64k, 200 tries, seed 0}. */
        @Override
        public String getDisplayName(int invocationIndex) {
            int tries = prop.config().tries();
            return cell.strategy().name() + " on " + cell.preset().name() + ", " + tries + (tries == 1 ? " try"
                    : " tries") + ", seed " + prop.config().seed();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new CellExtension(prop, cell));
        }
    }
}
