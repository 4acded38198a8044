package io.github.ptcheck.plan;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A misspelt cell names the strategy or preset it probably meant; one far from every name does not guess. */
class CellSelectionTest {

    private static final Words CLI = new Words("the cells", "--expect", "load yours with --strategy-class",
            "define yours with --preset");

    private static String error(String entry) {
        return assertThrows(IllegalArgumentException.class,
                () -> new CellSelection(List.empty(), List.empty(), CLI).select(List.of(entry))).getMessage();
    }

    @Test
    void aMisspeltStrategyOrPresetGetsTheNearestName() {
        String strategy = error("powerpc-naive-v2");
        assertTrue(strategy.startsWith("unknown strategy 'powerpc-naive-v2' in the cells; known strategies: "), strategy);
        assertTrue(strategy.endsWith(" (load yours with --strategy-class); did you mean 'powerpc-naive-v1'?"), strategy);
        String preset = error("powerpc-naive-v1@powerpc64-hash64k");
        assertTrue(preset.endsWith(" (define yours with --preset); did you mean 'powerpc64-hash-64k'?"), preset);
        String atPreset = error("@s390");
        assertTrue(atPreset.startsWith("unknown preset 's390' in the cells;"), atPreset);
        assertTrue(atPreset.endsWith("; did you mean 's390x'?"), atPreset);
    }

    @Test
    void aNameFarFromEveryKnownOneGetsNoGuess() {
        String m = error("ia64-v6.6");
        assertTrue(m.endsWith(" (load yours with --strategy-class)"), m);
        assertFalse(m.contains("did you mean"), m);
    }
}
