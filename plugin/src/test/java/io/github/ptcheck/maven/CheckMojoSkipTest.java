package io.github.ptcheck.maven;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** When ptcheck:check skips a project, and the line that says why. */
class CheckMojoSkipTest {

    @Test
    void anAggregatorIsSkippedSayingWhyAndHowToCheckItAnyway() {
        assertEquals("ptcheck: skipped: this project only aggregates modules (packaging pom with 2 modules); the"
                        + " modules are checked on their own. To check it too, set -Dptcheck.checkAggregator=true or"
                        + " <checkAggregator>true</checkAggregator>",
                CheckMojo.skipped(false, false, false, "pom", List.of("strategies", "checks"), false));
        assertNull(CheckMojo.skipped(false, false, false, "pom", List.of("checks"), true), "forced");
    }

    @Test
    void aPomProjectWithoutModulesAndAJarProjectAreChecked() {
        assertNull(CheckMojo.skipped(false, false, false, "pom", List.of(), false),
                "a pom project without modules may exist to run the built-ins");
        assertNull(CheckMojo.skipped(false, false, false, "jar", List.of(), false));
    }

    @Test
    void theSkipSwitchesComeFirstAndAreNamed() {
        assertEquals("ptcheck: skipped (ptcheck.skip)", CheckMojo.skipped(true, true, false, "jar", List.of(), false));
        assertEquals("ptcheck: skipped (skipTests)", CheckMojo.skipped(false, true, true, "pom", List.of("a"), false));
        assertEquals("ptcheck: skipped (maven.test.skip)",
                CheckMojo.skipped(false, false, true, "jar", List.of(), true));
    }
}
