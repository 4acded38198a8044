package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Preset;

/**
 * A preset defined in the POM, for geometries ptcheck does not ship:
 * <pre>{@code
 * <presets>
 *   <preset>
 *     <name>powerpc64-hash-16</name>
 *     <arch>powerpc</arch>
 *     <pageSize>65536</pageSize>
 *     <tableSize>4096</tableSize>
 *   </preset>
 * </presets>
 * }</pre>
 */
public class PresetParameter {

    private String name;
    private String arch;
    private int pageSize;
    private int tableSize;

    public PresetParameter() {
    }

    public PresetParameter(String name, String arch, int pageSize, int tableSize) {
        this.name = name;
        this.arch = arch;
        this.pageSize = pageSize;
        this.tableSize = tableSize;
    }

    /** The preset, or an IllegalArgumentException naming the missing or wrong field. */
    Preset toPreset() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a <preset> in <presets> has no <name>");
        }
        if (arch == null || arch.isBlank()) {
            throw new IllegalArgumentException("preset " + name + " has no <arch> (e.g. powerpc, s390, x86)");
        }
        return Preset.of(name, arch, pageSize, tableSize);
    }
}
