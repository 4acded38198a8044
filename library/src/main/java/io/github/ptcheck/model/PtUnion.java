package io.github.ptcheck.model;

/**
 * Which field owns the second union of a page-table page: {@code pt_mm} /
 * {@code pt_frag_refcount} / {@code pt_index} in {@code struct ptdesc}.
 */
public enum PtUnion {
    NONE("-"), PT_MM("pt_mm"), PT_FRAG_REFCOUNT("pt_frag_refcount"), PT_INDEX("pt_index");

    private final String field;

    PtUnion(String field) {
        this.field = field;
    }

    public String field() {
        return field;
    }

    /**
     * {@code field=value} for a trace: {@code pt_mm} names its mm (a pointer in the kernel, so a
     * bare 0 would read as NULL), a large count is in hex.
     */
    public String show(int value) {
        return field + "=" + (this == PT_MM ? "mm" + value
                : value >= 0x10000 ? String.format("0x%x", value) : Integer.toString(value));
    }
}
