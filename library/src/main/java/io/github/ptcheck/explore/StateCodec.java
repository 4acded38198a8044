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
            Map.entry(Page.class, List.of("pfn", "refcount", "flags", "words", "ptUnion", "ptValue", "fragments", "ptl")),
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
    /**
     * Machine's fields that are state (written) and that are not (loop guard, log, and the boot with
     * the preset and config, one for an exploration).
     */
    private static final List<String> MACHINE_STATE = List.of("pages", "mms", "tables", "readers", "callbacks",
            "locks");
    private static final List<String> MACHINE_NOT_STATE = List.of("budget", "inflight", "waiting");

    private static final String MODEL_CHECK = checkModel();

    private final Names names;
    /** The names met so far by identity, numbered as in {@link #names}: a strategy's few literals. */
    private final String[] seen = new String[8];
    private final int[] seenIds = new int[8];
    private int seenCount;
    private byte[] buf = new byte[256];
    private int len;
    /** Where each part of the state began in {@link #buf}, and where the last ended. */
    private int[] at = new int[Machine.PARTS + 1];
    /** The machine written before the one in {@link #buf} (null if none), its bytes and where its parts begin in them. */
    private Machine last;
    private byte[] lastBuf = new byte[256];
    private int[] lastAt = new int[Machine.PARTS + 1];
    /** The machine of {@link #reference}, its bytes and where its parts begin in them; null if none. */
    private Machine ref;
    /** The table number of {@link #ref}'s state, if the caller gave it; else -1. */
    private int refState = -1;
    private byte[] refBuf = new byte[256];
    private final int[] refAt = new int[Machine.PARTS + 1];
    /** Where the reference's pages and tables are in {@link #refBuf}; and the same being recorded (null if not). */
    private Positions refPos = new Positions();
    private Positions spare = new Positions();
    private Positions recording;

    /** Where a machine's pages (by pfn) and tables (by t-number) went in its bytes, with the objects written. */
    private static final class Positions {
        Page[] pages = new Page[16];
        int[] pageAt = new int[16];
        int[] pageEnd = new int[16];
        Table[] tables = new Table[16];
        /** Where table i's bytes begin; entry {@code tableCount} is where the last one's end. */
        int[] tableAt = new int[16];

        void clear() {
            Arrays.fill(pages, null);
            Arrays.fill(tables, null);
        }

        /** The pages recorded at or after byte {@code from} are {@code by} bytes further on. */
        void moved(int from, int by) {
            for (int pfn = 0; pfn < pages.length; pfn++) {
                if (pages[pfn] != null && pageAt[pfn] >= from) {
                    pageAt[pfn] += by;
                    pageEnd[pfn] += by;
                }
            }
        }

        /** Whether page {@code p} was written, at its pfn. */
        boolean has(int pfn, Page p) {
            return pfn < pages.length && pages[pfn] == p;
        }

        boolean has(int i, Table t) {
            return i < tables.length && tables[i] == t;
        }

        void page(int pfn, Page p, int start, int end) {
            if (pfn >= pages.length) {
                int n = Math.max(pfn + 1, pages.length * 2);
                pages = Arrays.copyOf(pages, n);
                pageAt = Arrays.copyOf(pageAt, n);
                pageEnd = Arrays.copyOf(pageEnd, n);
            }
            pages[pfn] = p;
            pageAt[pfn] = start;
            pageEnd[pfn] = end;
        }

        /** Table {@code i} ({@code t}; null past the last) begins at byte {@code start}. */
        void table(int i, Table t, int start) {
            if (i + 1 >= tables.length) {
                int n = Math.max(i + 2, tables.length * 2);
                tables = Arrays.copyOf(tables, n);
                tableAt = Arrays.copyOf(tableAt, n);
            }
            tables[i] = t;
            tableAt[i] = start;
        }
    }

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

    /**
     * Makes {@code m} the reference of the encodings that follow: they copy the bytes written here
     * for each part of their state that is the same object as {@code m}'s
     * ({@link Machine#sharesPart}), and within the pages and the tables for each page and table
     * that is, instead of walking it. The searches set the state they expand:
     * its successors and their teardowns share most of its parts (a reader entering changes the
     * readers alone), and an unchanged part then costs a copy of bytes already in the cache, not a
     * walk over objects spread through the heap. The bytes are the same either way.
     */
    void reference(Machine m) {
        reference(m, -1);
    }

    /** {@link #reference(Machine)}, the machine of state {@code state} of the table ({@link #sameAsReference}). */
    void reference(Machine m, int state) {
        len = 0;
        // Where each page and table went, by pfn and t-number: a successor shares most of them
        // even where it changed their part (an alloc adds a page and a table to the others).
        // Written against the last reference, as a successor is: the states a search expands
        // one after another are siblings and cousins, sharing most pages and tables.
        spare.clear();
        recording = spare;
        try {
            write(m);
        } finally {
            recording = null;
        }
        if (refBuf.length < len) {
            refBuf = new byte[buf.length];
        }
        System.arraycopy(buf, 0, refBuf, 0, len);
        System.arraycopy(at, 0, refAt, 0, at.length);
        Positions recorded = spare;
        spare = refPos;
        refPos = recorded;
        ref = m;
        refState = state;
    }

    /**
     * The table number given with the reference if {@code m} holds every part of its state as
     * the very same object the reference does (so it is that state, with no bytes written); else
     * -1. A teardown step that undoes what led to a state (a reader leaving that had just entered)
     * lands on the state being expanded.
     */
    int sameAsReference(Machine m) {
        if (refState < 0) {
            return -1;
        }
        for (int part = 0; part < Machine.PARTS; part++) {
            if (!m.sharesPart(ref, part)) {
                return -1;
            }
        }
        return refState;
    }

    private void write(Machine m) {
        // The machine written last keeps its bytes, in the other buffer: a teardown step's state
        // is written right after the state it stepped from, and shares all of its parts but one
        // or two with it (fewer with the reference, which is a step further back).
        Machine previous = last;
        byte[] other = lastBuf;
        lastBuf = buf;
        buf = other.length >= lastBuf.length ? other : new byte[lastBuf.length];
        int[] offsets = lastAt;
        lastAt = at;
        at = offsets;
        // Straight from the machine's arrays: pages by pfn, mms by number, tables by t-number,
        // readers by CPU, callbacks oldest first.
        for (int part = 0; part < Machine.PARTS; part++) {
            at[part] = len;
            // (While recording, pages and tables are copied one by one, each where it now goes.)
            boolean whole = recording == null || part != Machine.PART_PAGES && part != Machine.PART_TABLES;
            if (whole && previous != null && m.sharesPart(previous, part)) {
                copy(lastBuf, lastAt[part], lastAt[part + 1]);
            } else if (whole && ref != null && m.sharesPart(ref, part)) {
                copy(refBuf, refAt[part], refAt[part + 1]);
            } else {
                writePart(m, part);
            }
        }
        at[Machine.PARTS] = len;
        last = m;
    }

    private void writePart(Machine m, int part) {
        switch (part) {
            case Machine.PART_PAGES:
                int pagesAt = count();
                int pages = 0;
                for (int pfn = m.nextAllocatedPfn(0); pfn >= 0; pfn = m.nextAllocatedPfn(pfn + 1)) {
                    pages++;
                    Page p = m.page(pfn);
                    if (ref != null && refPos.has(pfn, p)) {
                        // The page the reference has: its bytes, without reading it (or its frags).
                        int start = len;
                        copy(refPos.pageAt[pfn], refPos.pageEnd[pfn]);
                        if (recording != null) {
                            recording.page(pfn, p, start, len);
                        }
                    } else {
                        int start = len;
                        page(p);
                        if (recording != null) {
                            recording.page(pfn, p, start, len);
                        }
                    }
                }
                int moved = counted(pagesAt, pages);
                if (moved != 0 && recording != null) {
                    recording.moved(pagesAt, moved);
                }
                break;
            case Machine.PART_MMS:
                int mmsAt = count();
                int mms = 0;
                for (int id = m.nextUsedMm(0); id >= 0; id = m.nextUsedMm(id + 1)) {
                    mm(m.usedMm(id));
                    mms++;
                }
                counted(mmsAt, mms);
                break;
            case Machine.PART_TABLES:
                tables(m);
                break;
            case Machine.PART_READERS:
                int readersAt = count();
                int readers = 0;
                for (int cpu = m.nextCpuInside(0); cpu >= 0; cpu = m.nextCpuInside(cpu + 1)) {
                    readers++;
                    Reader r = m.reader(cpu);
                    put(cpu);
                    put(r.section().ordinal());
                    ints(r.held());
                }
                counted(readersAt, readers);
                break;
            case Machine.PART_LOCKS:
                // Spinlocks: empty between operations; held only inside an interleaved run.
                put(m.lockCount());
                for (int i = 0; i < m.lockCount(); i++) {
                    put(name(m.lockName(i)));
                    put(m.lockHolder(i));
                }
                break;
            case Machine.PART_CALLBACKS:
                callbacks(m);
                break;
            default:
                throw new IllegalStateException("the codec does not know part " + part + " of the machine's state");
        }
    }

    private void tables(Machine m) {
        int tables = m.tableCount();
        put(tables);
        for (int i = 0; i < tables; i++) {
            Table t = m.table(i);
            if (ref != null && refPos.has(i, t)) {
                if (recording != null) {
                    recording.table(i, t, len);
                }
                copy(refPos.tableAt[i], refPos.tableAt[i + 1]);
                continue;
            }
            if (recording != null) {
                recording.table(i, t, len);
            }
            room(5 * VARINT);
            fast(t.id());
            fast(t.mm());
            fast(t.pfn());
            fast(t.frag());
            fast(t.attached() ? 1 : 0);
            ints(t.waitFor());
        }
        if (recording != null) {
            recording.table(tables, null, len);
        }
    }

    /** Appends bytes {@code from..to} of the reference's. */
    private void copy(int from, int to) {
        copy(refBuf, from, to);
    }

    /** Appends bytes {@code from..to} of {@code source} (the reference's, or the last machine's). */
    private void copy(byte[] source, int from, int to) {
        int n = to - from;
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(source, from, buf, len, n);
        len += n;
    }

    private void callbacks(Machine m) {
        int callbacks = m.callbackCount();
        put(callbacks);
        for (int i = 0; i < callbacks; i++) {
            RcuCallback cb = m.callback(i);
            room(4 * VARINT);
            if (cb.head() instanceof RcuHead.OfPage h) {
                fast(0);
                fast(h.pfn());
            } else if (cb.head() instanceof RcuHead.OfBatch b) {
                fast(1);
                fast(b.table());
            } else {
                throw new IllegalStateException("unknown rcu_head kind " + cb.head().getClass().getName());
            }
            fast(name(cb.func()));
            fast(cb.table());
            ints(cb.waitFor());
        }
    }

    private void page(Page p) {
        int frags = p.fragments().size();
        // Ten numbers and two per fragment at most: room for them all, checked once.
        room((10 + 2 * frags) * VARINT);
        fast(p.pfn());
        fast(p.refcount());
        fast(p.flags());
        Words w = p.words();
        if (w instanceof Words.Unused) {
            fast(0);
        } else if (w instanceof Words.LruEmpty) {
            fast(1);
        } else if (w instanceof Words.LruLinked l) {
            fast(2);
            fast(l.mm());
        } else if (w instanceof Words.RcuHeadQueued q) {
            fast(3);
            fast(name(q.func()));
        } else if (w instanceof Words.LruPoisoned) {
            fast(4);
        } else {
            throw new IllegalStateException("unknown Words kind " + w.getClass().getName());
        }
        fast(p.ptUnion().ordinal());
        fast(p.ptValue());
        fast(p.ptl() ? 1 : 0);
        fast(frags);
        if (frags == 1) {
            // Most pages hold one table: skip the tree iterator.
            Tuple2<Integer, Integer> f = p.fragments().head();
            fast(f._1);
            fast(f._2);
        } else if (frags > 1) {
            for (Tuple2<Integer, Integer> f : p.fragments()) {
                fast(f._1);
                fast(f._2);
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
        if (Machine.noCpus(sorted)) {
            put(0);
            return;
        }
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

    /**
     * Room for a count that is known only once its elements are written (a machine's pages, mms
     * and readers are counted as they are walked, not by a walk of their own before): where it
     * goes, one byte for now.
     */
    private int count() {
        room(VARINT);
        return len++;
    }

    /**
     * The count {@link #count()} made room for at {@code at}: {@code n}, the elements moved up if
     * it takes more than a byte; how many bytes they moved.
     */
    private int counted(int at, int n) {
        if (n < 64) {
            buf[at] = (byte) (n << 1); // the zigzag varint of a small count
            return 0;
        }
        int tail = len - at - 1;
        byte[] elements = Arrays.copyOfRange(buf, at + 1, len);
        len = at;
        put(n);
        room(tail);
        int moved = len - (at + 1);
        System.arraycopy(elements, 0, buf, len, tail);
        len += tail;
        return moved;
    }

    /** The most bytes a varint takes. */
    private static final int VARINT = 5;

    /** A zigzag varint: small numbers of either sign take one byte. */
    private void put(int v) {
        room(VARINT);
        fast(v);
    }

    /** Makes room in {@link #buf} for {@code n} more bytes: {@link #fast} writes without asking. */
    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** {@link #put} where {@link #room} made room for it: the hot writers check once per page, table or callback. */
    private void fast(int v) {
        int z = (v << 1) ^ (v >> 31);
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
