package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PresetParameterTest {

    @Test
    void theCommandLineFormIsNameArchPageSizeTableSize() {
        PresetParameter p = new PresetParameter();
        p.set(" board7:powerpc:65536:4096 ");
        assertEquals(Preset.of("board7", "powerpc", 65536, 4096), p.toPreset());
        assertEquals("board7:powerpc:65536:4096", PresetParameter.spec(p.toPreset()), "spec is the inverse of set");
    }

    /** The text as Maven hands it over; set never throws (Maven would wrap it in an InvocationTargetException). */
    private static PresetParameter set(String text) {
        PresetParameter p = new PresetParameter();
        p.set(text);
        return p;
    }

    @Test
    void aWrongCommandLineFormSaysWhatIsExpectedWhenTheGoalReadsIt() {
        PresetParameter short3 = set("board7:powerpc:65536");
        assertEquals("preset 'board7:powerpc:65536' must be name:arch:pageSize:tableSize, e.g."
                + " powerpc64-hash-16:powerpc:65536:4096",
                assertThrows(IllegalArgumentException.class, short3::toPreset).getMessage());
        assertEquals("preset 'b:powerpc:64k:4k': pageSize '64k' is not a whole number of bytes"
                + " (name:arch:pageSize:tableSize)",
                assertThrows(IllegalArgumentException.class, set("b:powerpc:64k:4k")::toPreset).getMessage());
        assertEquals("ptcheck: preset 'x' must be name:arch:pageSize:tableSize, e.g. powerpc64-hash-16:powerpc:65536:4096",
                "ptcheck: " + assertThrows(IllegalArgumentException.class, () -> Plan.of(CheckRequest.defaults()
                        .withPresets(set("x")), java.util.List.of())).getMessage());
    }

    @Test
    void missingFieldsAreNamed() {
        assertEquals("a <preset> in <presets> has no <name>", assertThrows(IllegalArgumentException.class,
                () -> new PresetParameter(null, "x86", 4096, 4096).toPreset()).getMessage());
        assertEquals("preset b has no <arch> (e.g. powerpc, s390, x86)", assertThrows(IllegalArgumentException.class,
                () -> new PresetParameter("b", " ", 4096, 4096).toPreset()).getMessage());
        assertEquals("preset b has no <pageSize> (bytes in one page, e.g. 65536)",
                assertThrows(IllegalArgumentException.class,
                        () -> new PresetParameter("b", "x86", 0, 4096).toPreset()).getMessage());
    }
}
