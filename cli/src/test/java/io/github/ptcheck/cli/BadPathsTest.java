package io.github.ptcheck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paths that cannot be read or written, and empty entries: a usage error (exit 2) in plain words
 * with the fix, before any cell runs, never a Java exception.
 */
class BadPathsTest {

    @TempDir
    Path dir;

    private static void assertUsage(String expected, String... args) {
        Ptcheck.Run r = Ptcheck.inProcess(args);
        assertEquals(2, r.exit(), r::toString);
        assertEquals("ptcheck: " + expected + "\n", r.err(), r::toString);
        assertFalse(r.out().contains("cells, seed"), "refused before the check starts: " + r);
    }

    /**
     * A --json path that became a directory while the cells ran (it was a file when the run
     * began): said at the end, after the results, and exit 2 at least, not a bare exception.
     */
    @Test
    void aJsonReportThatCannotBeWrittenAfterTheRunIsSaidAndFailsTheRun() throws Exception {
        CellOptions options = new CellOptions();
        options.json = Files.createDirectories(dir.resolve("ptcheck.json"));
        options.writeJson(io.vavr.collection.List.empty(), io.github.ptcheck.plan.Expectations.none(), cells -> "again");
        java.io.StringWriter err = new java.io.StringWriter();
        java.io.PrintWriter pw = new java.io.PrintWriter(err, true);
        assertEquals(Exit.USAGE, options.reportWritten(pw, Exit.FOUND), "a job without its report does not pass");
        assertEquals(Exit.FAILURE, options.reportWritten(pw, Exit.FAILURE), "a cell not judged still exits 3");
        assertTrue(err.toString().startsWith("ptcheck: the --json report " + options.json + " could not be written"
                + " (Is a directory), though it could be when the run began; the results above stand, but no report"
                + " was written: give --json a file in a folder that may be written, and run again\n"), err::toString);
    }

    @Test
    void aDirectoryWhereAFileIsReadOrWrittenIsSaidSo() throws Exception {
        String d = dir.toString();
        assertUsage("the file " + d + " is a directory; give a file", "replay", d);
        assertUsage("--file " + d + " is a directory; give a file", "run", "generic-v6.6@x86_64", "--file", d);
        assertUsage("--json " + d + " is a directory; give a file name in it, e.g. " + dir.resolve("ptcheck.json"),
                "check", "generic-v6.6@x86_64", "--json", d);
        assertUsage("--json needs a file name, e.g. --json target/ptcheck.json", "check", "generic-v6.6@x86_64",
                "--json", "");
        assertUsage("--save " + d + " is a directory; give a file name in it, e.g. " + dir.resolve("bug.ptcheck"),
                "run", "generic-v6.6@x86_64", "alloc mm0", "--save", d);
        // An empty name: said so, with an example that fits the option (run --save writes a counterexample file).
        assertUsage("--save needs a file name, e.g. --save target/bug.ptcheck", "run", "generic-v6.6@x86_64",
                "alloc mm0", "--save", "");
        assertUsage("--file was given an empty name; give the file of operations, e.g. --file ops.txt", "run",
                "generic-v6.6@x86_64", "--file", "");
        assertUsage("the file name is empty; give the counterexample file, e.g. ptcheck replay"
                + " target/ptcheck/bug.ptcheck", "replay", "");
        assertUsage("--json " + d + " is a directory; give a file name in it, e.g. " + dir.resolve("ptcheck.json"),
                "merge", "job1.json", "--json", d);
    }

    @Test
    void checkSaveTakesADirectoryAndRunSaveMakesItsFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertUsage("--save " + file + " is a file; --save takes a directory for the counterexample files, e.g."
                + " --save target/ptcheck", "check", "generic-v6.6@x86_64", "--save", file.toString());
        assertUsage("--save needs a directory, e.g. --save target/ptcheck", "check", "generic-v6.6@x86_64", "--save",
                "");
        Path deep = dir.resolve("new/folder/x.ptcheck");
        Ptcheck.Run r = Ptcheck.inProcess("run", "generic-v6.6@x86_64", "alloc mm0", "--save", deep.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.isRegularFile(deep), r::toString);
    }

    @Test
    void anEmptyCellOrExpectEntryIsAUsageError() {
        assertUsage("--expect '' names no cell; give the cell expected to break an invariant, e.g. --expect"
                + " my-strategy@x86_64, or leave --expect out", "check", "generic-v6.6@x86_64", "--expect", "");
        assertUsage("no cell named: the cells are empty; name cells such as generic-v6.6@x86_64, a strategy, @preset"
                + " or all", "check", "");
    }
}
