package io.github.ptcheck.explore;

import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.model.Words;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.rcu.Reader;
import io.github.ptcheck.rcu.RcuHead;
import io.vavr.Tuple2;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the kernel state of a {@link Machine} as a short byte string, so that the explorer
 * can keep, hash and compare visited states as bytes (a tenth of the memory of the machine,
 * and {@code Arrays.equals} instead of walking Vavr collections).
 *
 * <p>Two machines of one exploration get equal bytes exactly when they are
 * {@link Machine#equals equal}: every field that equality covers is written, in a fixed order
 * (pages and mms by number, tables, callbacks and list entries in their order), each count
 * before its elements, every number as a zigzag varint; so the bytes can be read back, and
 * different states cannot share them. Function names are numbered in the order first met, in
 * a {@link Names} the codecs of one exploration share (one per thread of a parallel search).
 * The preset and the mm config are not written: one exploration has one of each.
 *
 * <p>The codec knows the model's fields by name. If the model gains a field (a component of
 * {@code Page}, {@code Mm}, {@code Table}, {@code RcuCallback}, a kind of {@code Words} or
 * {@code RcuHead}, a field of {@code Machine}), {@link #StateCodec()} refuses to run rather
 * than merge states that differ in it: update {@link #write} and the lists below.
 */
final class StateCodec {

    /** The fields each model type has, in the order written; checked against the classes. */
    private static final Map<Class<?>, List<String>> KNOWN = Map.ofEntries(
            Map.entry(Page.class, List.of("pfn", "refcount", "flags", "words", "ptUnion", "ptValue", "frags", "ptl")),
            Map.entry(Mm.class, List.of("id", "exited", "pteFragPfn", "pteFragNext", "pgtableList")),
            Map.entry(Table.class, List.of("id", "mm", "pfn", "frag", "attached", "waitFor")),
            Map.entry(RcuCallback.class, List.of("head", "func", "table", "waitFor")),
            Map.entry(Reader.class, List.of("section", "held")),
            Map.entry(Words.Unused.class, List.of()),
            Map.entry(Words.LruEmpty.class, List.of()),
            Map.entry(Words.LruLinked.class, List.of("mm")),
            Map.entry(Words.LruPoisoned.class, List.of()),
            Map.entry(Words.RcuHeadQueued.class, List.of("func")),
            Map.entry(RcuHead.OfPage.class, List.of("pfn")),
            Map.entry(RcuHead.OfBatch.class, List.of("table")));
    /** Machine's fields that are state (written; preset and config are in boot) and that are not (loop guard, log). */
    private static final List<String> MACHINE_STATE = List.of("boot", "pages", "mms", "tables", "readers",
            "callbacks", "locks");
    private static final List<String> MACHINE_NOT_STATE = List.of("budget", "inflight", "waiting");

    private static final String MODEL_CHECK = checkModel();

    private final Names names;
    /** The names met so far by identity, numbered as in {@link #names}: a strategy's few literals. */
    private final String[] seen = new String[8];
    private final int[] seenIds = new int[8];
    private int seenCount;
    private byte[] buf = new byte[256];
    private int len;

    /** @throws IllegalStateException if the model has a field this codec does not write */
    StateCodec() {
        this(new Names());
    }

    /** A codec numbering function names in {@code names}, which other codecs of the exploration share. */
    StateCodec(Names names) {
        if (MODEL_CHECK != null) {
            throw new IllegalStateException(MODEL_CHECK);
        }
        this.names = names;
    }

    /** Function names by number, in the order first met; shared by the codecs of one exploration. */
    static final class Names {
        private final Map<String, Integer> ids = new HashMap<>();

        synchronized int id(String name) {
            return ids.computeIfAbsent(name, n -> ids.size());
        }
    }

    /** The state of {@code m} as bytes. */
    byte[] encode(Machine m) {
        len = 0;
        write(m);
        return Arrays.copyOf(buf, len);
    }

    /**
     * Writes the state of {@code m} into this codec's buffer ({@link #buffer()}, the first
     * {@link #length()} bytes), without copying: a state that is found in the table needs no
     * bytes of its own. The next call overwrites them; {@link #copy()} keeps them.
     */
    void encodeInPlace(Machine m) {
        len = 0;
        write(m);
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    /** The bytes of the last {@link #encodeInPlace}, as an array of their own. */
    byte[] copy() {
        return Arrays.copyOf(buf, len);
    }

    private void write(Machine m) {
        // Straight from the machine's arrays: pages by pfn, mms by number, tables by t-number,
        // readers by CPU, callbacks oldest first.
        put(m.pageCount());
        for (int pfn = m.nextAllocatedPfn(0); pfn >= 0; pfn = m.nextAllocatedPfn(pfn + 1)) {
            page(m.page(pfn));
        }
        put(m.mmCount());
        for (int id = m.nextUsedMm(0); id >= 0; id = m.nextUsedMm(id + 1)) {
            mm(m.usedMm(id));
        }
        int tables = m.tableCount();
        put(tables);
        for (int i = 0; i < tables; i++) {
            Table t = m.table(i);
            put(t.id());
            put(t.mm());
            put(t.pfn());
            put(t.frag());
            put(t.attached() ? 1 : 0);
            ints(t.waitFor());
        }
        put(m.readerCount());
        for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
            Reader r = m.reader(cpu);
            put(cpu);
            put(r.section().ordinal());
            ints(r.held());
        }
        // Spinlocks: empty between operations; held only inside an interleaved run.
        put(m.locks().size());
        for (Tuple2<String, Integer> l : m.locks()) {
            put(name(l._1));
            put(l._2);
        }
        int callbacks = m.callbackCount();
        put(callbacks);
        for (int i = 0; i < callbacks; i++) {
            RcuCallback cb = m.callback(i);
            if (cb.head() instanceof RcuHead.OfPage h) {
                put(0);
                put(h.pfn());
            } else if (cb.head() instanceof RcuHead.OfBatch b) {
                put(1);
                put(b.table());
            } else {
                throw new IllegalStateException("unknown rcu_head kind " + cb.head().getClass().getName());
            }
            put(name(cb.func()));
            put(cb.table());
            ints(cb.waitFor());
        }
    }

    private void page(Page p) {
        put(p.pfn());
        put(p.refcount());
        put(p.flags());
        Words w = p.words();
        if (w instanceof Words.Unused) {
            put(0);
        } else if (w instanceof Words.LruEmpty) {
            put(1);
        } else if (w instanceof Words.LruLinked l) {
            put(2);
            put(l.mm());
        } else if (w instanceof Words.RcuHeadQueued q) {
            put(3);
            put(name(q.func()));
        } else if (w instanceof Words.LruPoisoned) {
            put(4);
        } else {
            throw new IllegalStateException("unknown Words kind " + w.getClass().getName());
        }
        put(p.ptUnion().ordinal());
        put(p.ptValue());
        put(p.ptl() ? 1 : 0);
        int frags = p.frags().size();
        put(frags);
        if (frags == 1) {
            // Most pages hold one table: skip the tree iterator.
            Tuple2<Integer, Integer> f = p.frags().head();
            put(f._1);
            put(f._2);
        } else if (frags > 1) {
            for (Tuple2<Integer, Integer> f : p.frags()) {
                put(f._1);
                put(f._2);
            }
        }
    }

    private void mm(Mm mm) {
        put(mm.id());
        put(mm.exited() ? 1 : 0);
        put(mm.pteFragPfn());
        put(mm.pteFragNext());
        put(mm.pgtableList().size());
        for (Integer pfn : mm.pgtableList()) {
            put(pfn);
        }
    }

    private void ints(SortedSet<Integer> sorted) {
        int size = sorted.size();
        if (size <= 1) {
            put(size);
            if (size == 1) {
                put(sorted.head());
            }
            return;
        }
        int at = len;
        put(0); // the count, patched below (it is always small: CPUs, one byte)
        int n = 0;
        for (Integer v : sorted) {
            put(v);
            n++;
        }
        if (n > 63) {
            throw new IllegalStateException("more than 63 CPUs in one set");
        }
        buf[at] = (byte) (n << 1);
    }

    private int name(String s) {
        // The same few literals, most of the time: found by identity without hashing.
        for (int i = 0; i < seenCount; i++) {
            if (seen[i] == s) {
                return seenIds[i];
            }
        }
        int id = names.id(s);
        if (seenCount < seen.length) {
            seen[seenCount] = s;
            seenIds[seenCount++] = id;
        }
        return id;
    }

    /** A zigzag varint: small numbers of either sign take one byte. */
    private void put(int v) {
        int z = (v << 1) ^ (v >> 31);
        if (len + 5 > buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if ((z & ~0x7F) == 0) {
            // Nearly every number of a state (counts, CPUs, small pfns and t-numbers).
            buf[len++] = (byte) z;
            return;
        }
        do {
            buf[len++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        } while ((z & ~0x7F) != 0);
        buf[len++] = (byte) z;
    }

    /** Null when the model's fields are those this codec writes; else what changed. */
    private static String checkModel() {
        for (Map.Entry<Class<?>, List<String>> e : KNOWN.entrySet()) {
            RecordComponent[] rc = e.getKey().getRecordComponents();
            List<String> actual = rc == null ? List.of() : Arrays.stream(rc).map(RecordComponent::getName).toList();
            if (!actual.equals(e.getValue())) {
                return changed(e.getKey().getName() + " has fields " + actual + ", the codec writes " + e.getValue());
            }
        }
        for (Class<?> sealed : List.of(Words.class, RcuHead.class)) {
            Set<Class<?>> kinds = Set.of(sealed.getPermittedSubclasses());
            if (!KNOWN.keySet().containsAll(kinds)) {
                return changed(sealed.getName() + " has kinds " + kinds);
            }
        }
        TreeMap<String, Boolean> fields = new TreeMap<>();
        // The state lives in Machine's package-private superclass (MachineState); Machine adds none.
        java.util.List<Field> declared = new java.util.ArrayList<>(Arrays.asList(Machine.class.getDeclaredFields()));
        declared.addAll(Arrays.asList(Machine.class.getSuperclass().getDeclaredFields()));
        for (Field f : declared) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.put(f.getName(), true);
            }
        }
        TreeMap<String, Boolean> known = new TreeMap<>();
        MACHINE_STATE.forEach(n -> known.put(n, true));
        MACHINE_NOT_STATE.forEach(n -> known.put(n, true));
        if (!fields.keySet().equals(known.keySet())) {
            return changed("Machine has fields " + fields.keySet() + ", the codec knows " + known.keySet());
        }
        return null;
    }

    private static String changed(String what) {
        return "the model changed and the explorer's state codec does not know it: " + what
                + ". Update io.github.ptcheck.explore.StateCodec (write the new field) so that states that"
                + " differ in it are never merged.";
    }
}
