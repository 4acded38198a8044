package io.github.ptcheck.model;

import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.collection.TreeMap;

/**
 * The Vavr collections {@link Machine}'s public reads return ({@code pages()}, {@code mms()},
 * {@code readers()}), built from its arrays when asked for. The model itself and the explorer
 * read the arrays by index; these are for strategies, renderers and tests, which read a
 * machine a few times.
 */
final class Views {

    private Views() {
    }

    static Map<Integer, Page> pages(Page[] byPfn) {
        Map<Integer, Page> v = HashMap.empty();
        for (Page p : byPfn) {
            v = p == null ? v : v.put(p.pfn(), p);
        }
        return v;
    }

    static Map<Integer, Mm> mms(Mm[] byId) {
        Map<Integer, Mm> v = HashMap.empty();
        for (Mm mm : byId) {
            v = v.put(mm.id(), mm);
        }
        return v;
    }

    static TreeMap<Integer, Reader> readers(int[] cpus, Reader[] sections) {
        TreeMap<Integer, Reader> v = TreeMap.empty();
        for (int k = 0; k < cpus.length; k++) {
            v = v.put(cpus[k], sections[k]);
        }
        return v;
    }
}
