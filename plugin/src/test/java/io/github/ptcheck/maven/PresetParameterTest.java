package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                + " powerpc64-hash-16:powerpc:65536:4096, with :pte_free_defer=no after it for a kernel without"
                + " pte_free_defer()",
                assertThrows(IllegalArgumentException.class, short3::toPreset).getMessage());
        assertEquals("preset 'b:powerpc:64k:4k': pageSize '64k' is not a whole number of bytes"
                + " (name:arch:pageSize:tableSize)",
                assertThrows(IllegalArgumentException.class, set("b:powerpc:64k:4k")::toPreset).getMessage());
        assertEquals("ptcheck: preset 'x' must be name:arch:pageSize:tableSize, e.g. powerpc64-hash-16:powerpc:65536:4096,"
                + " with :pte_free_defer=no after it for a kernel without pte_free_defer()",
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

    /** A kernel without pte_free_defer() (no THP, as sparc32): the command line's fifth field, the POM's element. */
    @Test
    void pteFreeDeferNoOnTheCommandLineAndInThePom() {
        Preset none = Preset.of("sparc32-mine", "sparc", 4096, 256, false);
        PresetParameter p = set("sparc32-mine:sparc:4096:256:pte_free_defer=no");
        assertEquals(none, p.toPreset());
        assertFalse(p.toPreset().hasPteFreeDefer());
        assertEquals("sparc32-mine:sparc:4096:256:pte_free_defer=no", PresetParameter.spec(none),
                "spec is the inverse of set: a printed -Dptcheck.presets makes the same preset");
        assertEquals(none, set(PresetParameter.spec(none)).toPreset());
        assertEquals(Preset.of("sparc32-mine", "sparc", 4096, 256), set("sparc32-mine:sparc:4096:256:pte_free_defer=yes")
                .toPreset());
        assertEquals("sparc32-mine:sparc:4096:256", PresetParameter.spec(set("sparc32-mine:sparc:4096:256:pte_free_defer=yes")
                .toPreset()), "a preset that has it is written as before");
        for (String pom : new String[] {"no", "false", " No "}) {
            assertEquals(none, new PresetParameter("sparc32-mine", "sparc", 4096, 256, pom).toPreset(), pom);
        }
        assertTrue(new PresetParameter("sparc32-mine", "sparc", 4096, 256, "yes").toPreset().hasPteFreeDefer());
        assertTrue(new PresetParameter("sparc32-mine", "sparc", 4096, 256).toPreset().hasPteFreeDefer(), "the default");
        assertEquals(none, Plan.of(CheckRequest.defaults().withPresets(new PresetParameter("sparc32-mine", "sparc", 4096,
                256, "no")).withCells("powerpc-naive-v1@sparc32-mine"), java.util.List.of()).catalog()
                .preset("sparc32-mine").get());
    }

    @Test
    void aBadPteFreeDeferSaysWhatItTakes() {
        assertEquals("preset b: <pteFreeDefer> (pte_free_defer= on the command line) is yes or no, not 'maybe': no"
                + " for a kernel without pte_free_defer() (it needs CONFIG_TRANSPARENT_HUGEPAGE, which sparc32 cannot"
                + " select), where no freeDeferred runs; yes, the default, otherwise",
                assertThrows(IllegalArgumentException.class,
                        () -> new PresetParameter("b", "sparc", 4096, 256, "maybe").toPreset()).getMessage());
        assertEquals("preset b: <pteFreeDefer> (pte_free_defer= on the command line) is yes or no, not 'maybe': no"
                + " for a kernel without pte_free_defer() (it needs CONFIG_TRANSPARENT_HUGEPAGE, which sparc32 cannot"
                + " select), where no freeDeferred runs; yes, the default, otherwise",
                assertThrows(IllegalArgumentException.class, set("b:sparc:4096:256:pte_free_defer=maybe")::toPreset)
                        .getMessage());
        assertEquals("preset 'b:sparc:4096:256:thp=no': after the tableSize comes only pte_free_defer=no (or =yes,"
                + " the default), not 'thp=no'; e.g. sparc32-mine:sparc:4096:256:pte_free_defer=no for a kernel without"
                + " pte_free_defer() (no THP)",
                assertThrows(IllegalArgumentException.class, set("b:sparc:4096:256:thp=no")::toPreset).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, set("b:sparc:4096:256:pte_free_defer=no:x")::toPreset)
                .getMessage().endsWith(", with :pte_free_defer=no after it for a kernel without pte_free_defer()"));
    }
}
