package io.github.ptcheck.maven;

import io.github.ptcheck.plan.StrategyLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrategyLoaderTest {

    static List<String> testClasses() throws Exception {
        return List.of(Path.of(Fixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }

    private static String error(String className) throws Exception {
        try (StrategyLoader l = UserStrategies.loader(testClasses())) {
            return assertThrows(IllegalArgumentException.class, () -> l.load(className)).getMessage();
        }
    }

    @Test
    void aStrategyClassIsLoadedByItsBinaryName() throws Exception {
        try (StrategyLoader l = UserStrategies.loader(testClasses())) {
            assertEquals("my-generic", l.load("io.github.ptcheck.maven.Fixtures$MyGeneric").name());
        }
    }

    @Test
    void aClassThatIsMissingNotAStrategyOrCannotBeCreatedGetsAClearMessage() throws Exception {
        assertTrue(error("com.example.Missing").startsWith("strategy class com.example.Missing is not on the"
                + " project's test classpath (java.lang.ClassNotFoundException: com.example.Missing); check the name"
                + " in <strategyClasses>"));
        assertEquals("strategy class io.github.ptcheck.maven.Fixtures$NotAStrategy does not implement"
                + " io.github.ptcheck.strategy.Strategy", error("io.github.ptcheck.maven.Fixtures$NotAStrategy"));
        assertEquals("strategy class io.github.ptcheck.maven.Fixtures$NoDefaultConstructor needs a public"
                + " no-argument constructor so that ptcheck can create it",
                error("io.github.ptcheck.maven.Fixtures$NoDefaultConstructor"));
    }

    @Test
    void aBareSimpleNameIsAnsweredWithTheFullNameFoundOnTheClasspath() throws Exception {
        String e = error("MyGeneric");
        assertTrue(e.startsWith("strategy class MyGeneric is not on the project's test classpath"), e);
        assertTrue(e.endsWith("; the fully qualified name is needed: io.github.ptcheck.maven.Fixtures$MyGeneric"), e);
    }
}
