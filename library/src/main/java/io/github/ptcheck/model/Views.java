package io.github.ptcheck.model;

import io.github.ptcheck.rcu.Reader;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;

/**
 * The Vavr collections {@link Machine}'s public reads return ({@code pages()}, {@code mms()},
 * {@code tables()}, {@code readers()}), built from its state when asked for. The model itself and the explorer
 * read the arrays by index; these are for strategies, renderers and tests, which read a
 * machine a few times.
 */
final class Views {

    private Views() {
    }

    static Map<Integer, Page> pages(Object byPfn) {
        Map<Integer, Page> v = HashMap.empty();
        for (int k = IntTrie.next(byPfn, 0); k >= 0; k = IntTrie.next(byPfn, k + 1)) {
            v = v.put(k, (Page) IntTrie.get(byPfn, k));
        }
        return v;
    }

    static Map<Integer, Mm> mms(Object byId) {
        Map<Integer, Mm> v = HashMap.empty();
        for (int k = IntTrie.next(byId, 0); k >= 0; k = IntTrie.next(byId, k + 1)) {
            v = v.put(k, (Mm) IntTrie.get(byId, k));
        }
        return v;
    }

    static Vector<Table> tables(Object byId) {
        Vector<Table> v = Vector.empty();
        for (int k = IntTrie.next(byId, 0); k >= 0; k = IntTrie.next(byId, k + 1)) {
            v = v.append((Table) IntTrie.get(byId, k));
        }
        return v;
    }

    static TreeMap<Integer, Reader> readers(Object byCpu) {
        TreeMap<Integer, Reader> v = TreeMap.empty();
        for (int k = IntTrie.next(byCpu, 0); k >= 0; k = IntTrie.next(byCpu, k + 1)) {
            v = v.put(k, (Reader) IntTrie.get(byCpu, k));
        }
        return v;
    }
}
