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
 * or on the command line, one preset as {@code name:arch:pageSize:tableSize}, several separated
 * by commas: {@code -Dptcheck.presets=powerpc64-hash-16:powerpc:65536:4096}. Maven hands such a
 * text to {@link #set(String)}. A kernel without {@code pte_free_defer()} (no THP, as sparc32):
 * {@code <pteFreeDefer>no</pteFreeDefer>}, or {@code :pte_free_defer=no} after the table size on
 * the command line; no {@code freeDeferred} runs on such a preset.
 */
public class PresetParameter {

    private String name;
    private String arch;
    private int pageSize;
    private int tableSize;
    /** {@code yes} (when absent) or {@code no}; text, so that a wrong value is an error, not false. */
    private String pteFreeDefer;
    /** Why the command-line text could not be read, said by {@link #toPreset} (see {@link #set}). */
    private String problem;

    public PresetParameter() {
    }

    public PresetParameter(String name, String arch, int pageSize, int tableSize) {
        this(name, arch, pageSize, tableSize, null);
    }

    /** {@code pteFreeDefer} as in the POM: {@code yes}, {@code no}, or null for the default, yes. */
    public PresetParameter(String name, String arch, int pageSize, int tableSize, String pteFreeDefer) {
        this.name = name;
        this.arch = arch;
        this.pageSize = pageSize;
        this.tableSize = tableSize;
        this.pteFreeDefer = pteFreeDefer;
    }

    /**
     * The command-line form {@code name:arch:pageSize:tableSize[:pte_free_defer=no]}; Maven calls this when the
     * parameter is given as text rather than as child elements. It never throws: Maven would
     * bury the message under {@code Cannot set default: InvocationTargetException}; a malformed
     * text is reported by {@link #toPreset}, which the goal calls, with the plain message.
     */
    public void set(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length != 4 && parts.length != 5) {
            problem = "preset '" + text + "' must be name:arch:pageSize:tableSize, e.g."
                    + " powerpc64-hash-16:powerpc:65536:4096, with :" + Preset.PTE_FREE_DEFER + "=no after it for a"
                    + " kernel without pte_free_defer()";
            return;
        }
        this.name = parts[0].trim();
        this.arch = parts[1].trim();
        this.pageSize = number(text, "pageSize", parts[2]);
        this.tableSize = number(text, "tableSize", parts[3]);
        if (parts.length == 5) {
            String field = parts[4].trim();
            int eq = field.indexOf('=');
            if (eq < 0 || !field.substring(0, eq).trim().equals(Preset.PTE_FREE_DEFER)) {
                problem = problem != null ? problem : "preset '" + text + "': after the tableSize comes only "
                        + Preset.PTE_FREE_DEFER + "=no (or =yes, the default), not '" + field + "'; e.g."
                        + " sparc32-mine:sparc:4096:256:" + Preset.PTE_FREE_DEFER + "=no for a kernel without"
                        + " pte_free_defer() (no THP)";
            } else {
                this.pteFreeDefer = field.substring(eq + 1).trim();
            }
        }
    }

    private int number(String text, String what, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            problem = problem != null ? problem : "preset '" + text + "': " + what + " '" + s.trim()
                    + "' is not a whole number of bytes (name:arch:pageSize:tableSize)";
            return 0;
        }
    }

    /**
     * The command-line form of a preset, {@code name:arch:pageSize:tableSize}, and {@code
     * :pte_free_defer=no} when it has none: what a printed command needs to make the same preset.
     */
    static String spec(Preset p) {
        return p.name() + ":" + p.arch() + ":" + p.pageSize() + ":" + p.tableSize()
                + (p.hasPteFreeDefer() ? "" : ":" + Preset.PTE_FREE_DEFER + "=no");
    }

    /** The preset, or an IllegalArgumentException naming the missing or wrong field. */
    Preset toPreset() {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a <preset> in <presets> has no <name>");
        }
        if (arch == null || arch.isBlank()) {
            throw new IllegalArgumentException("preset " + name + " has no <arch> (e.g. powerpc, s390, x86)");
        }
        if (pageSize == 0) {
            throw new IllegalArgumentException("preset " + name + " has no <pageSize> (bytes in one page, e.g. 65536)");
        }
        if (tableSize == 0) {
            throw new IllegalArgumentException("preset " + name + " has no <tableSize> (bytes of one PTE table, e.g. 4096)");
        }
        boolean defer;
        try {
            defer = pteFreeDefer == null || Preset.pteFreeDefer("<pteFreeDefer> (" + Preset.PTE_FREE_DEFER
                    + "= on the command line)", pteFreeDefer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("preset " + name + ": " + e.getMessage());
        }
        return Preset.of(name, arch, pageSize, tableSize, defer);
    }

    @Override
    public String toString() {
        return name + ":" + arch + ":" + pageSize + ":" + tableSize
                + (pteFreeDefer == null ? "" : ":" + Preset.PTE_FREE_DEFER + "=" + pteFreeDefer);
    }
}
