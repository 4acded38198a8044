package io.github.ptcheck.report;

import io.github.ptcheck.check.CellReport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay command a counterexample file of a strategy that is not built in opens with. */
class FindingFileTest {

    private static final String PLACEHOLDERS =
            "\n#   ptcheck replay --strategy-path <its classes> --strategy-class <its class> <this file>\n";

    /** The command-line options that loaded the strategy go into the file as they were given. */
    @Test
    void theOptionsThatLoadedTheStrategyAreTheFilesReplayCommand() {
        CellReport r = SampleReports.leaky();
        String text = FindingFile.text(r.cell(), r.finding().get(),
                "--strategy-path /home/me/classes --strategy-class com.example.Leaky");
        assertTrue(text.contains("\n#   ptcheck replay --strategy-path /home/me/classes --strategy-class"
                + " com.example.Leaky <this file>\n"), text);
        assertTrue(text.contains("\n#   mvn test-compile io.github.ptcheck:ptcheck-maven-plugin:"
                + io.github.ptcheck.Version.current() + ":replay -Dptcheck.file=<this file>"
                + " -Dptcheck.strategyClasses=com.example.Leaky   (in the project that holds the strategy)\n"), text);
    }

    /** Without them, a class the command line could not load (this one is package-private) leaves placeholders. */
    @Test
    void aClassTheCommandLineCannotLoadLeavesPlaceholders() {
        CellReport r = SampleReports.leaky();
        assertTrue(FindingFile.text(r.cell(), r.finding().get()).contains(PLACEHOLDERS));
        assertTrue(FindingFile.text(r.cell(), r.finding().get(), " ").contains(PLACEHOLDERS), "blank is none");
        String twoLines = FindingFile.text(r.cell(), r.finding().get(), "--strategy-path a\n--strategy-class b");
        assertTrue(twoLines.contains(PLACEHOLDERS), "a line break never reaches the file: " + twoLines);
    }

    /** A strategy --strategy-class could load is named, its class path left to the reader. */
    @Test
    void aLoadableClassIsNamed() {
        assertEquals("--strategy-path <its classes> --strategy-class io.github.ptcheck.report.FindingFileTest$Loadable",
                FindingFile.loadable(Loadable.class));
        assertNull(FindingFile.loadable(NoDefaultConstructor.class), "no public no-argument constructor");
        assertNull(FindingFile.loadable(Inner.class), "an inner class needs its outer instance");
        assertNull(FindingFile.loadable(new Object() { }.getClass()), "anonymous");
        assertNull(FindingFile.loadable(SampleReports.Leaky.class), "package-private");
    }

    public static class Loadable {
        public Loadable() {
        }
    }

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(int x) {
        }
    }

    public class Inner {
        public Inner() {
        }
    }
}
