package io.github.ptcheck.model;

import io.vavr.collection.List;

/**
 * Per-mm page-table state ({@code mm->context} on powerpc and s390).
 *
 * @param id           mm number
 * @param exited       {@code exit_mmap()} has run: no more allocations
 * @param pteFragPfn   powerpc {@code mm->context.pte_frag}: the page of the next fragment never
 *                     handed out, or -1 when there is none
 * @param pteFragNext  the fragment index that cursor points at
 * @param pgtableList  s390 {@code mm->context.pgtable_list}: pages with a half that can be handed
 *                     out, head first
 */
public record Mm(int id, boolean exited, int pteFragPfn, int pteFragNext, List<Integer> pgtableList) {

    static Mm fresh(int id) {
        return new Mm(id, false, -1, 0, List.empty());
    }

    public String name() {
        return "mm" + id;
    }

    public boolean hasPteFrag() {
        return pteFragPfn >= 0;
    }

    Mm withExited() {
        return new Mm(id, true, pteFragPfn, pteFragNext, pgtableList);
    }

    Mm withPteFrag(int pfn, int next) {
        return new Mm(id, exited, pfn, next, pgtableList);
    }

    Mm withList(List<Integer> list) {
        return new Mm(id, exited, pteFragPfn, pteFragNext, list);
    }
}
