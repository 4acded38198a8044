package io.github.ptcheck.junit;

import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Outcome;
import org.junit.platform.commons.support.ReflectionSupport;

import java.util.List;

/**
 * The body of a {@link PtcheckProperty} method, called by reflection with the arguments JUnit
 * resolved, the per-try ones ({@link Param#perTry}, and the {@link CellReport}) put in.
 */
final class Body {

    private final Property prop;
    private final Object target;
    private final List<Object> resolved;

    /**
     * @param target   the test instance
     * @param resolved the arguments JUnit resolved for the template invocation (null where
     *                 ptcheck gives a value per call)
     */
    Body(Property prop, Object target, List<Object> resolved) {
        this.prop = prop;
        this.target = target;
        this.resolved = resolved;
    }

    /** Calls the body; whatever it throws comes out unwrapped. */
    void call(Sequence seq, Outcome outcome, CellReport report) {
        Object[] args = new Object[resolved.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (prop.params().get(i)) {
                case SEQUENCE -> seq;
                case OPS -> seq.ops();
                case OUTCOME -> outcome;
                case CELL_REPORT -> report;
                default -> resolved.get(i);
            };
        }
        ReflectionSupport.invokeMethod(prop.method(), target, args);
    }

    /** Whether the body takes the run of its sequence, which is then traced for it. */
    boolean takesOutcome() {
        return prop.params().contains(Param.OUTCOME);
    }
}
