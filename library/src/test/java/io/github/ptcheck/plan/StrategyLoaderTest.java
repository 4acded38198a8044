package io.github.ptcheck.plan;

import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strategy classes that cannot be used, each refused with what is wrong and the fix, none by a raw exception. */
class StrategyLoaderTest {

    public static class Named extends ForwardingStrategy {
        private final String name;

        public Named(String name) {
            super(Strategies.named("generic-v6.6"));
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }

    public static class Fine extends Named {
        public Fine() {
            super("fine");
        }
    }

    public static class TwoWords extends Named {
        public TwoWords() {
            super("my strat");
        }
    }

    public static class Newline extends Named {
        public Newline() {
            super("a\nb");
        }
    }

    public static class At extends Named {
        public At() {
            super("a@b");
        }
    }

    public static class NameThrows extends Named {
        public NameThrows() {
            super("x");
        }

        @Override
        public String name() {
            throw new IllegalStateException("name boom");
        }
    }

    public abstract static class Abstract extends Fine {
    }

    static class PackagePrivate extends Fine {
        public PackagePrivate() {
        }
    }

    public static class StaticInitThrows extends Fine {
        static final int BOOM = boom();

        static int boom() {
            throw new IllegalStateException("init boom");
        }
    }

    public static class CtorLoops extends Fine {
        @SuppressWarnings("InfiniteLoopStatement")
        public CtorLoops() {
            while (true) {
                Thread.onSpinWait();
            }
        }
    }

    private static StrategyLoader loader() throws Exception {
        String classes = Path.of(StrategyLoaderTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return new StrategyLoader(List.of(classes), StrategyLoaderTest.class.getClassLoader(), "in the classes",
                "check the name");
    }

    private static String error(Class<?> type) throws Exception {
        try (StrategyLoader l = loader()) {
            return assertThrows(IllegalArgumentException.class, () -> l.load(type.getName())).getMessage();
        }
    }

    @Test
    void aUsableClassLoads() throws Exception {
        try (StrategyLoader l = loader()) {
            assertEquals("fine", l.load(Fine.class.getName()).name());
        }
    }

    @Test
    void aNameThatCannotNameACellIsRefusedWhenTheClassIsLoaded() throws Exception {
        assertTrue(error(TwoWords.class).contains(" is named 'my strat' by its name(), which has a blank or control"
                + " character; a strategy's name must be one word"), error(TwoWords.class));
        assertTrue(error(Newline.class).contains(" is named 'a\\nb' by its name()"), error(Newline.class));
        assertTrue(error(At.class).contains(" is named 'a@b' by its name(), which has an '@';"), error(At.class));
    }

    @Test
    void aNameThatThrowsIsTheStrategysFault() throws Exception {
        try (StrategyLoader l = loader()) {
            StrategyFailure f = assertThrows(StrategyFailure.class, () -> l.load(NameThrows.class.getName()));
            assertTrue(f.getMessage().contains("threw in name(): java.lang.IllegalStateException: name boom"),
                    f.getMessage());
            assertTrue(f.getMessage().endsWith(". Fix the strategy: name() must return its answer promptly, never"
                    + " throw or loop."), f.getMessage());
        }
    }

    @Test
    void aClassPtcheckCannotCreateSaysWhyAndTheFix() throws Exception {
        assertEquals("strategy class " + Abstract.class.getName() + " is abstract, so ptcheck cannot create it; name"
                + " a concrete class that extends it", error(Abstract.class));
        assertEquals("strategy class " + PackagePrivate.class.getName() + " is not public, so ptcheck cannot create"
                + " it; make it public (and static, if it is nested in another class)", error(PackagePrivate.class));
        assertEquals("strategy class " + StaticInitThrows.class.getName() + " cannot be loaded: its static initializer"
                + " threw java.lang.IllegalStateException: init boom; fix the static fields and blocks of the class",
                error(StaticInitThrows.class));
    }

    @Test
    void aConstructorThatNeverReturnsIsGivenUpOnAfterTheCallTimeout() throws Exception {
        try (StrategyLoader l = loader()) {
            StrategyFailure f = assertThrows(StrategyFailure.class, () -> Watchdog.run(Duration.ofMillis(300), null,
                    null, () -> l.load(CtorLoops.class.getName())));
            assertTrue(f.getMessage().contains("did not return within 300 ms (the call timeout") && f.getMessage()
                    .contains(" in constructor"), f.getMessage());
            assertTrue(f.getMessage().endsWith(". Fix the strategy: its constructor must finish promptly, never throw or"
                    + " loop (keep no work in it; state lives in the Machine)."), f.getMessage());
        }
    }
}
