package io.github.ptcheck.cli;

import io.github.ptcheck.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command has its --help, with what it does and the exit codes, and its --version (the *IT
 * tests run the jar).
 */
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

    /** Each command's help lists {@code -V, --version}; each prints the version, not nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"-V", "--version", "check -V", "explore --version", "merge -V", "run --version",
        "replay -V", "presets --version", "strategies -V"})
    void everyCommandPrintsTheVersion(String args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args.split(" "), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err::toString);
        assertEquals("ptcheck " + Version.current() + System.lineSeparator(), out.toString());
        assertEquals("", err.toString());
    }
}
