package io.github.ptcheck.arch;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;

/** The presets of the spec (section 2), by name. */
public final class Presets {

    private static final int K = 1024;

    public static final Preset X86_64 = new Preset("x86_64", "x86", 4 * K, 4 * K,
            "generic: 512 x 8 B PTEs fill one page");
    public static final Preset ARM64_4K = new Preset("arm64-4k", "arm64", 4 * K, 4 * K,
            "generic: 512 x 8 B PTEs fill one page");
    public static final Preset ARM64_64K = new Preset("arm64-64k", "arm64", 64 * K, 64 * K,
            "generic: 8192 x 8 B PTEs fill one page");
    public static final Preset POWERPC64_HASH_64K = new Preset("powerpc64-hash-64k", "powerpc", 64 * K, 4 * K,
            "H_PTE_FRAG_NR = 16: 2 KiB of PTEs + 2 KiB of hash-slot data per table (book3s64/hash-64k.h)");
    public static final Preset POWERPC64_RADIX_64K = new Preset("powerpc64-radix-64k", "powerpc", 64 * K, 256,
            "RADIX_PTE_FRAG_NR = 256 (book3s64/radix-64k.h)");
    public static final Preset POWERPC64_4K = new Preset("powerpc64-4k", "powerpc", 4 * K, 4 * K,
            "book3s64 with 4K pages: PTE_FRAG_NR = 1");
    public static final Preset S390X = new Preset("s390x", "s390", 4 * K, 2 * K,
            "arch/s390/mm/pgalloc.c up to 6.6: two 2 KiB tables (256 x 8 B) per 4 KiB page");
    public static final Preset S390X_PGSTE = new Preset("s390x-pgste", "s390", 4 * K, 4 * K,
            "arch/s390/mm/pgalloc.c: with PGSTEs (KVM) a table is PTEs + PGSTEs, a whole page");
    public static final Preset SPARC64 = new Preset("sparc64", "sparc", 8 * K, 8 * K,
            "arch/sparc/mm/init_64.c: one table per 8 KiB page");
    /** No THP: arch/sparc/Kconfig selects HAVE_ARCH_TRANSPARENT_HUGEPAGE for SPARC64 only. */
    public static final Preset SPARC32_SRMMU = new Preset("sparc32-srmmu", "sparc", 4 * K, 256,
            "sparc32 SRMMU: 64 x 4 B PTEs per table; no THP, so no pte_free_defer", false);

    private static final Map<String, Preset> BY_NAME = io.vavr.collection.List.of(X86_64, ARM64_4K, ARM64_64K,
            POWERPC64_HASH_64K, POWERPC64_RADIX_64K, POWERPC64_4K, S390X, S390X_PGSTE, SPARC64, SPARC32_SRMMU)
            .foldLeft(LinkedHashMap.empty(), (m, p) -> m.put(p.name(), p));

    private Presets() {
    }

    /** Every built-in preset, in the spec's order. */
    public static io.vavr.collection.List<Preset> all() {
        return BY_NAME.values().toList();
    }

    public static Option<Preset> find(String name) {
        return name == null ? Option.none() : BY_NAME.get(name);
    }

    /**
     * The built-in preset of that name.
     *
     * @throws IllegalArgumentException naming the known presets, if there is none
     */
    public static Preset named(String name) {
        if (name == null) {
            throw new IllegalArgumentException("preset name is null; known presets: " + names());
        }
        return find(name).getOrElseThrow(() -> new IllegalArgumentException(
                "unknown preset '" + name + "'; known presets: " + names()
                        + " (or define your own with Preset.of(name, arch, pageSize, tableSize))"));
    }

    public static String names() {
        return BY_NAME.keySet().mkString(", ");
    }
}
