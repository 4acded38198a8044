package io.github.ptcheck.arch;

import java.util.Objects;

/**
 * The page-table geometry of one architecture configuration: how big a page is, how big one
 * PTE table is, and so how many tables share a page. A preset is data, not behaviour; a user
 * may make their own with {@link #of}.
 *
 * @param name          the name used in reports, configuration and files (e.g. {@code s390x})
 * @param arch          the architecture family the kernel code lives under ({@code x86},
 *                      {@code arm64}, {@code powerpc}, {@code s390}, {@code sparc}, ...)
 * @param pageSize      bytes in one page ({@code PAGE_SIZE})
 * @param tableSize     bytes one PTE table takes in that page
 * @param source        where the figures come from in the kernel
 * @param hasPteFreeDefer whether the kernel there has {@code pte_free_defer()}: it is built only with
 *                      {@code CONFIG_TRANSPARENT_HUGEPAGE} (khugepaged's {@code retract_page_tables()} is
 *                      its one caller), which an architecture without THP (sparc32) cannot select; there
 *                      the alphabet offers no {@code freeDeferred} and a file that has one is an error.
 *                      A user's preset has it unless defined with {@code pte_free_defer=no}
 *                      ({@link #of(String, String, int, int, boolean)}, {@link #PTE_FREE_DEFER})
 */
public record Preset(String name, String arch, int pageSize, int tableSize, String source, boolean hasPteFreeDefer) {

    /** A preset whose kernel has {@code pte_free_defer()}, as every one but sparc32's. */
    public Preset(String name, String arch, int pageSize, int tableSize, String source) {
        this(name, arch, pageSize, tableSize, source, true);
    }

    public Preset {
        Objects.requireNonNull(name, "preset name must not be null");
        Objects.requireNonNull(arch, "preset arch must not be null");
        Objects.requireNonNull(source, "preset source must not be null");
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("preset name '" + name
                    + "' must be letters, digits, '.', '_' or '-' (it is written into counterexample files)");
        }
        if (pageSize <= 0 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("preset " + name + ": page size " + pageSize
                    + " must be a positive power of two");
        }
        if (tableSize <= 0 || tableSize > pageSize || pageSize % tableSize != 0) {
            throw new IllegalArgumentException("preset " + name + ": table size " + tableSize
                    + " must divide the page size " + pageSize);
        }
    }

    /**
     * The key that says whether a user's preset has {@code pte_free_defer()}, with the value
     * {@code yes} (the default) or {@code no}, in every place a user defines a preset: a
     * counterexample file's and a {@code @PtcheckProperty}'s {@code pte_free_defer=no}, the command
     * line's {@code --preset name:arch:pageSize:tableSize:pte_free_defer=no}, the Maven plugin's
     * {@code -Dptcheck.presets} (and {@code <pteFreeDefer>no</pteFreeDefer>} in the POM).
     */
    public static final String PTE_FREE_DEFER = "pte_free_defer";

    /** A user-defined preset, with {@code pte_free_defer()} (as every built-in but sparc32-srmmu). */
    public static Preset of(String name, String arch, int pageSize, int tableSize) {
        return of(name, arch, pageSize, tableSize, true);
    }

    /**
     * A user-defined preset; {@code hasPteFreeDefer} false for a kernel without {@code
     * pte_free_defer()} (no {@code CONFIG_TRANSPARENT_HUGEPAGE}, as sparc32), where no {@code
     * freeDeferred} runs.
     */
    public static Preset of(String name, String arch, int pageSize, int tableSize, boolean hasPteFreeDefer) {
        return new Preset(name, arch, pageSize, tableSize, "user-defined", hasPteFreeDefer);
    }

    /**
     * The value of {@link #PTE_FREE_DEFER}: {@code yes} or {@code no} ({@code true} and {@code
     * false} too, any case).
     *
     * @throws IllegalArgumentException saying what it takes and what each value means
     */
    public static boolean pteFreeDefer(String value) {
        return pteFreeDefer(PTE_FREE_DEFER, value);
    }

    /**
     * {@link #pteFreeDefer(String)}, the message naming the value as {@code what} (e.g. {@code
     * <pteFreeDefer>}).
     */
    public static boolean pteFreeDefer(String what, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        switch (v) {
            case "yes", "true":
                return true;
            case "no", "false":
                return false;
            default:
                throw new IllegalArgumentException(what + " is yes or no, not '" + (value == null ? ""
                        : value.strip()) + "': no for a kernel without pte_free_defer() (it needs"
                        + " CONFIG_TRANSPARENT_HUGEPAGE, which sparc32 cannot select), where no freeDeferred runs;"
                        + " yes, the default, otherwise");
        }
    }

    /**
     * {@link #source()}, and {@code ; no pte_free_defer} for a preset that has none if the source
     * does not say so already (a user's preset: {@code user-defined; no pte_free_defer}).
     */
    public String sourceAndDefer() {
        return hasPteFreeDefer || source.contains(PTE_FREE_DEFER) ? source : source + "; no " + PTE_FREE_DEFER;
    }

    /** How many PTE tables share one page: {@code PTE_FRAG_NR} on powerpc, 2 on s390x. */
    public int tablesPerPage() {
        // Asked at every operation: a shift, not a division. The page size is a power of two and
        // the table size divides it (the constructor checks both), so the table size is one too.
        return pageSize >>> Integer.numberOfTrailingZeros(tableSize);
    }

    @Override
    public String toString() {
        return name;
    }
}
