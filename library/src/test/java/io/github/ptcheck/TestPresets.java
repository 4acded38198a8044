package io.github.ptcheck;

import io.github.ptcheck.arch.Preset;

/** Presets the tests use besides the built-ins. */
public final class TestPresets {

    /**
     * sparc32-srmmu's geometry (16 tables of 256 B in a 4 KiB page) with {@code pte_free_defer()},
     * which sparc32 has not (no THP): small shared pages on which a deferral can run.
     */
    public static final Preset SRMMU_WITH_DEFER = Preset.of("srmmu-with-defer", "sparc", 4096, 256);

    private TestPresets() {
    }
}
