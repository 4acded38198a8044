package io.github.ptcheck.plan;

/**
 * How a front end names its inputs, so that an error about a cell speaks the user's language:
 * the Maven plugin says {@code <cells>} and {@code <strategyClasses>}, the command line
 * {@code --expect} and {@code --strategy-class}.
 *
 * @param cells       what the cell entries are called, e.g. {@code <cells>}
 * @param expected    what the expected-violation entries are called, e.g. {@code <expectedViolations>}
 * @param addStrategy how to add a strategy of one's own, e.g. {@code add your own with <strategyClasses>}
 * @param addPreset   how to add a preset of one's own, e.g. {@code define your own with <presets>}
 */
public record Words(String cells, String expected, String addStrategy, String addPreset) {

    /** The Maven plugin's words. */
    public static final Words MAVEN = new Words("<cells>", "<expectedViolations>",
            "add your own with <strategyClasses>", "define your own with <presets>");
}
