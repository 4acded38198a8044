package io.github.ptcheck.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command has its --help, with what it does and the exit codes (the *IT tests run the jar). */
class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"check", "explore", "merge", "run", "replay", "presets", "strategies"})
    void everyCommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{command, "--help"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err::toString);
        assertTrue(out.toString().startsWith("Usage: ptcheck " + command + " "), out::toString);
        assertTrue(out.toString().contains("  -h, --help "), out::toString);
        assertEquals("", err.toString());
    }
}
