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
 *                      A user's preset has it (a file cannot say otherwise)
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

    /** A user-defined preset. */
    public static Preset of(String name, String arch, int pageSize, int tableSize) {
        return new Preset(name, arch, pageSize, tableSize, "user-defined");
    }

    /** How many PTE tables share one page: {@code PTE_FRAG_NR} on powerpc, 2 on s390x. */
    public int tablesPerPage() {
        return pageSize / tableSize;
    }

    @Override
    public String toString() {
        return name;
    }
}
