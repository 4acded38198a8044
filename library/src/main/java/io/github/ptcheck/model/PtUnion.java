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
}
