package io.github.ptcheck.junit;

import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.lang.reflect.Method;

/**
 * The extension of one invocation of a {@link PtcheckProperty} template (one preset): resolves
 * ptcheck's parameters, then takes over the call of the method, running the tries itself.
 *
 * <p>JUnit resolves every parameter before any interceptor runs, so the per-try parameters
 * ({@code Sequence}, {@code Vector<Op>}, {@code Outcome}) and the {@code CellReport} resolve to
 * null here, and {@link #interceptTestTemplateMethod} calls the body with the real values.
 */
final class CellExtension implements ParameterResolver, InvocationInterceptor, TestExecutionExceptionHandler {

    private final Property prop;
    private final Cell cell;

    CellExtension(Property prop, Cell cell) {
        this.prop = prop;
        this.cell = cell;
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext context) {
        return pc.getDeclaringExecutable().equals(prop.method()) && prop.params().get(pc.getIndex()) != Param.FOREIGN;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
        Param kind = prop.params().get(pc.getIndex());
        switch (kind) {
            case CELL:
                return cell;
            case PRESET:
                return cell.preset();
            case STRATEGY:
                if (!pc.getParameter().getType().isInstance(cell.strategy())) {
                    throw error("parameter [" + pc.getParameter().getParameterizedType().getTypeName() + " "
                            + pc.getParameter().getName() + "] cannot take the property's strategy "
                            + cell.strategy().name() + " (a " + cell.strategy().getClass().getName() + "); declare it"
                            + " as Strategy or as that class");
                }
                return cell.strategy();
            case SEQUENCE:
            case OPS:
            case OUTCOME:
                return null; // given per try
            case CELL_REPORT:
                if (prop.perTry()) {
                    throw error("parameter [CellReport " + pc.getParameter().getName() + "] is given only when the"
                            + " invariants are the property, but this method also takes a sequence or its run, so its"
                            + " body is the property and runs per try; drop one of them");
                }
                return null; // given after the check
            default:
                throw error(Param.whyUnsupported(pc.getParameter()));
        }
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
                                            ExtensionContext context) {
        // ptcheck calls the body itself, once per try (or once after the check): not JUnit's call.
        invocation.skip();
        Body body = new Body(prop, ic.getTarget().orElse(null), ic.getArguments());
        // On a watched worker (the body too): a strategy call that never returns ends the test
        // with its name instead of hanging the test run.
        try {
            Watchdog.run(prop.config().callTimeout(), null, null, () -> {
                if (prop.perTry()) {
                    new SequenceCheck(prop, cell, body).run(context);
                } else {
                    new InvariantCheck(prop, cell, body).run(context);
                }
                return null;
            });
        } catch (StrategyFailure sf) {
            // This worker was given up on (a call in the property's own loop did not return), or a failure
            // came past the loop's catches: the failure carries the try and the operations as the locators
            // in force read them (Watchdog.locating).
            throw Failures.strategyFailure(prop, cell, sf);
        }
    }

    /** Says, when JUnit found no resolver for a parameter, which ones ptcheck gives. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        if (t instanceof ParameterResolutionException && !t.getMessage().startsWith("@PtcheckProperty")) {
            String junit = t.getMessage().endsWith(".") ? t.getMessage().substring(0, t.getMessage().length() - 1)
                    : t.getMessage();
            throw new ParameterResolutionException("@PtcheckProperty on " + prop.testName() + ": " + junit
                    + ". ptcheck gives " + Param.GIVEN + "; a parameter of another type needs a ParameterResolver"
                    + " of its own", t);
        }
        throw t;
    }

    private ParameterResolutionException error(String problem) {
        return new ParameterResolutionException("@PtcheckProperty on " + prop.testName() + ": " + problem);
    }
}
