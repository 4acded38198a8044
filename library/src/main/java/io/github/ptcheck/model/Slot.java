package io.github.ptcheck.model;

/** Where {@code pte_alloc_one} put a table: a page and a fragment index in it. */
public record Slot(int pfn, int frag) {
}
