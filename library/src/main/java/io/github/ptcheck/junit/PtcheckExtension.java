package io.github.ptcheck.junit;

import io.github.ptcheck.check.Cell;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

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
 */
public final class PtcheckExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, PtcheckProperty.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Property prop = Property.of(context);
        return prop.cells().toJavaStream().map(cell -> new CellInvocation(prop, cell));
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
