package io.github.ptcheck.cex;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.OpKind;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one counterexample file (docs/counterexample-format.md). One pass over the lines;
 * the first problem ends it with a {@link CounterexampleFormatException} that says where and
 * what was expected. Used through {@link CounterexampleFile#parse}.
 */
final class CounterexampleParser {

    /** The source {@link Preset#of} gives a user's preset; a file does not write it. */
    static final String USER_DEFINED = Preset.of("p", "a", 1, 1).source();

    /** The header keys, in the order the writer writes them. */
    static final List<String> KEYS = List.of("preset", "strategy", "violation", "schedule", "seed", "try", "minimality",
            "ptcheck");

    private static final Pattern HEADER = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9_-]*)\\s*:");

    /** What each kind of operation argument looks like. */
    private enum Arg {
        MM("mm", "an mm like mm0", CounterexampleFile.MAX_MM_OR_CPU - 1),
        TABLE("t", "a table like t0", Integer.MAX_VALUE),
        CPU("cpu", "a CPU like cpu0", CounterexampleFile.MAX_MM_OR_CPU - 1),
        INDEX("", "a callback index like 0 (the k-th eligible callback, oldest first)", Integer.MAX_VALUE);

        final String prefix;
        final String expected;
        /** The largest number it may have: mms and CPUs as many as {@code Bounds} allows. */
        final int max;

        Arg(String prefix, String expected, int max) {
            this.prefix = prefix;
            this.expected = expected;
            this.max = max;
        }

        static Arg of(OpKind.Arg a) {
            return valueOf(a.name());
        }
    }

    private final String source;
    private final Catalog catalog;

    private Map<String, CounterexampleFile.Position> headers = LinkedHashMap.empty();
    private Preset preset;
    private String strategy;
    private Option<RecordedViolation> violation;
    private Option<Long> seed = Option.none();
    private Option<Integer> tryIndex = Option.none();
    private Option<Minimality> minimality = Option.none();
    private Option<Schedule> schedule = Option.none();
    private Option<String> version = Option.none();
    private Vector<Op> ops = Vector.empty();
    private Vector<CounterexampleFile.OpSite> sites = Vector.empty();
    private Vector<CounterexampleFile.Problem> unallocated = Vector.empty();
    private int allocLines;
    /** Whether a {@code fill} line came yet. */
    private boolean fillLines;

    CounterexampleParser(String source, Catalog catalog) {
        this.source = source;
        this.catalog = catalog;
    }

    CounterexampleFile parse(String text) {
        if (text.length() > CounterexampleFile.MAX_FILE_BYTES) {
            int at = CounterexampleFile.MAX_FILE_BYTES;
            int line = 1;
            int lineStart = 0;
            for (int i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
                line++;
                lineStart = i + 1;
            }
            throw new CounterexampleFormatException(source, line, at - lineStart + 1, "", "the text is longer than "
                    + CounterexampleFile.MAX_FILE_BYTES + " characters (64 MiB), the most a counterexample file may"
                    + " be; a counterexample is a few lines: cut it down to the operations that matter");
        }
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int n = 0;
        String line = "";
        while (true) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            parseLine(line, ++n);
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        int eofLine = n;
        int eofColumn = line.length() + 1;
        if (headers.isEmpty() && ops.isEmpty()) {
            throw new CounterexampleFormatException(source, 1, 1, "header lines and operations",
                    "the file has no header and no operation; expected header lines (preset:, strategy:,"
                            + " violation:) and then one operation per line");
        }
        int missingAt = ops.isEmpty() ? eofLine : sites.head().line();
        requireHeader("preset", "'preset: powerpc64-hash-64k'", missingAt);
        requireHeader("strategy", "'strategy: powerpc-pageactive-v6.6'", missingAt);
        requireHeader("violation", "'violation: RCU_HEAD_REUSE step=4 page=0' (or 'violation: none')", missingAt);
        if (ops.isEmpty()) {
            throw new CounterexampleFormatException(source, eofLine, eofColumn,
                    "an operation line", "the file ends after the header without any operation (truncated?);"
                    + " expected at least one operation line such as 'alloc mm0'");
        }
        String problem = schedule.map(sc -> Counterexample.scheduleProblem(sc, ops.size())).getOrNull();
        if (problem != null) {
            CounterexampleFile.Position at = headers.get("schedule").get();
            throw new CounterexampleFormatException(source, at.line(), at.column(), "turns naming operations 1 to "
                    + ops.size(), problem);
        }
        Counterexample c = new Counterexample(preset, strategy, violation, seed, tryIndex, minimality, version, ops,
                schedule);
        return new CounterexampleFile(source, c, headers, sites, unallocated);
    }

    private void requireHeader(String key, String example, int line) {
        if (!headers.containsKey(key)) {
            throw new CounterexampleFormatException(source, line, 1, "'" + key + ":'", "missing header '" + key
                    + ":'; expected it among the header lines before the first operation, e.g. " + example);
        }
    }

    private void parseLine(String line, int n) {
        Syntax.requirePlainText(line, source, n);
        Vector<Syntax.Token> tokens = Syntax.tokens(line, 1, source, n);
        if (tokens.isEmpty()) {
            return; // blank or comment
        }
        // The column just after the last non-comment, non-blank character: where "end of line" is reported.
        int end = tokens.last().column() + tokens.last().text().length();
        Matcher m = line.indexOf(':') < 0 ? null : HEADER.matcher(line);
        if (m != null && m.find()) {
            String key = m.group(2);
            int keyColumn = m.group(1).length() + 1;
            parseHeader(key, keyColumn, Syntax.tokens(line.substring(m.end()), m.end() + 1, source, n), n, end);
        } else {
            parseOp(tokens, n, end);
        }
    }

    // ------------------------------------------------------------------ headers

    private void parseHeader(String key, int keyColumn, Vector<Syntax.Token> value, int line, int end) {
        if (!KEYS.contains(key)) {
            String guess = Typos.closest(key, KEYS);
            throw CounterexampleFormatException.expected(source, line, keyColumn, "a header key ("
                    + KEYS.mkString(", ") + ")", key + ":", guess.isEmpty()
                    ? "operations have no ':'" : "did you mean '" + guess + ":'?");
        }
        if (!sites.isEmpty()) {
            throw new CounterexampleFormatException(source, line, keyColumn, "an operation", "header '" + key
                    + ":' after the first operation (line " + sites.head().line() + "); expected every header line"
                    + " before the operations");
        }
        if (headers.containsKey(key)) {
            throw new CounterexampleFormatException(source, line, keyColumn, "", "duplicate header '" + key
                    + ":' (first given on line " + headers.get(key).get().line() + "); give each header once");
        }
        int valueColumn = value.isEmpty() ? end : value.head().column();
        headers = headers.put(key, new CounterexampleFile.Position(line, valueColumn));
        switch (key) {
            case "preset" -> preset = parsePreset(value, line, end);
            case "strategy" -> strategy = oneWord(value, line, end, "a strategy name like powerpc-pageactive-v6.6");
            case "violation" -> violation = parseViolation(value, line, end);
            case "schedule" -> schedule = Option.of(parseSchedule(value, line, end));
            case "seed" -> seed = Option.of(parseSeed(value, line, end));
            case "try" -> tryIndex = Option.of((int) number(oneToken(value, line, end,
                    "a try number like 17"), line, "a try number like 17", 0, Integer.MAX_VALUE));
            case "minimality" -> minimality = Option.of(parseMinimality(value, line, end));
            case "ptcheck" -> version = Option.of(oneWord(value, line, end, "a ptcheck version like 0.1.0"));
            default -> throw new IllegalStateException(key);
        }
    }

    /** {@code schedule: 1:2 2 1}: turns as {@link Schedule#parse} reads them; at least one. */
    private Schedule parseSchedule(Vector<Syntax.Token> value, int line, int end) {
        String expected = "a schedule like '1:2 2 1' (turns N or N:K: operation N runs to its end, or K kernel calls)";
        if (value.isEmpty()) {
            throw CounterexampleFormatException.expected(source, line, end, expected, null,
                    "leave the line out for operations run whole, in order");
        }
        for (Syntax.Token t : value) {
            try {
                Schedule.parse(t.text());
            } catch (IllegalArgumentException e) {
                throw CounterexampleFormatException.expected(source, line, t.column(), expected, t.text(),
                        e.getMessage().endsWith(Schedule.TOO_LARGE) ? Schedule.TOO_LARGE : null);
            }
        }
        return Schedule.parse(value.map(Syntax.Token::text).mkString(" "));
    }

    private Syntax.Token oneToken(Vector<Syntax.Token> value, int line, int end, String expected) {
        if (value.isEmpty()) {
            throw CounterexampleFormatException.expected(source, line, end, expected, null, null);
        }
        if (value.size() > 1) {
            throw CounterexampleFormatException.expected(source, line, value.get(1).column(), "end of line after '"
                    + Syntax.excerpt(value.head().text()) + "'", value.get(1).text(), null);
        }
        return value.head();
    }

    private String oneWord(Vector<Syntax.Token> value, int line, int end, String expected) {
        Syntax.Token t = oneToken(value, line, end, expected);
        if (!Syntax.isBareWord(t.text())) {
            throw CounterexampleFormatException.expected(source, line, t.column(), expected, t.text(), "no quotes");
        }
        return t.text();
    }

    private Preset parsePreset(Vector<Syntax.Token> value, int line, int end) {
        String expectedName = "a preset name like powerpc64-hash-64k";
        if (value.isEmpty()) {
            throw CounterexampleFormatException.expected(source, line, end, expectedName, null, null);
        }
        Syntax.Token nameToken = value.head();
        String name = nameToken.text();
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw CounterexampleFormatException.expected(source, line, nameToken.column(),
                    expectedName + " (letters, digits, '.', '_', '-')", name, null);
        }
        Option<Preset> known = catalog.preset(name);
        if (value.size() == 1) {
            if (known.isEmpty()) {
                String guess = Typos.closest(name, catalog.presetNames());
                throw CounterexampleFormatException.expected(source, line, nameToken.column(),
                        "a known preset (" + catalog.presetNames().mkString(", ") + ") or one defined in full like 'preset: "
                                + Syntax.excerpt(name) + " arch=powerpc page=65536 table=4096'", name,
                        guess.isEmpty() ? "" : "did you mean '" + guess + "'?");
            }
            return known.get();
        }
        Map<String, Syntax.Token> attrs = attributes(value.tail(), line, List.of("arch", "page", "table", "source",
                Preset.PTE_FREE_DEFER), "a preset attribute arch=, page=, table=, source= or " + Preset.PTE_FREE_DEFER + "=");
        for (String required : List.of("arch", "page", "table")) {
            if (!attrs.containsKey(required)) {
                throw CounterexampleFormatException.expected(source, line, end, required + "=, to define preset '"
                        + Syntax.excerpt(name) + "' (a preset defined in the file needs arch=, page= and table=, sizes in bytes)",
                        null, null);
            }
        }
        String arch = attrValue(attrs, "arch", line, "an architecture like arch=powerpc");
        int page = (int) number(attrNumber(attrs, "page"), line, "a page size in bytes like page=65536", 1,
                Integer.MAX_VALUE);
        int table = (int) number(attrNumber(attrs, "table"), line, "a table size in bytes like table=4096", 1,
                Integer.MAX_VALUE);
        String src = attrs.containsKey("source") ? attrValue(attrs, "source", line, "a source like source=\"my board\"")
                : USER_DEFINED;
        Option<Boolean> defer = attrs.get(Preset.PTE_FREE_DEFER).map(t -> pteFreeDefer(t, line));
        Preset p;
        try {
            p = new Preset(name, arch, page, table, src, defer.getOrElse(true));
        } catch (IllegalArgumentException e) {
            throw new CounterexampleFormatException(source, line, nameToken.column(), "a valid preset", e.getMessage());
        }
        if (known.isDefined()) {
            Preset k = known.get();
            // Without pte_free_defer= the known preset's holds: a file names the preset it ran on.
            if (!k.arch().equals(arch) || k.pageSize() != page || k.tableSize() != table
                    || defer.exists(d -> d != k.hasPteFreeDefer())) {
                throw new CounterexampleFormatException(source, line, nameToken.column(), "another preset name",
                        "preset '" + Syntax.excerpt(name) + "' is already " + (catalog.builtInPreset(name) ? "built in" : "supplied")
                                + " as arch=" + k.arch() + " page=" + k.pageSize() + " table=" + k.tableSize()
                                + (k.hasPteFreeDefer() ? "" : " " + Preset.PTE_FREE_DEFER + "=no")
                                + "; give the preset defined here another name");
            }
            return k;
        }
        return p;
    }

    /** {@code key=value} words, each key once and from {@code allowed}. */
    private Map<String, Syntax.Token> attributes(Vector<Syntax.Token> words, int line, List<String> allowed,
                                                 String expected) {
        Map<String, Syntax.Token> out = LinkedHashMap.empty();
        for (Syntax.Token w : words) {
            int eq = w.text().indexOf('=');
            String key = eq < 0 ? "" : w.text().substring(0, eq);
            if (eq <= 0 || !allowed.contains(key)) {
                String guess = Typos.closest(eq < 0 ? w.text() : key, allowed);
                throw CounterexampleFormatException.expected(source, line, w.column(), expected, w.text(),
                        guess.isEmpty() ? "" : "did you mean '" + guess + "='?");
            }
            if (out.containsKey(key)) {
                throw new CounterexampleFormatException(source, line, w.column(), "", "duplicate attribute '" + key
                        + "=' (first given at column " + out.get(key).get().column() + ")");
            }
            out = out.put(key, new Syntax.Token(w.text().substring(eq + 1), w.column() + eq + 1));
        }
        return out;
    }

    private String attrValue(Map<String, Syntax.Token> attrs, String key, int line, String expected) {
        Syntax.Token t = attrs.get(key).get();
        String v = Syntax.unquote(t.text(), t.column(), source, line, expected);
        if (v.isEmpty() && !key.equals("source")) {
            throw CounterexampleFormatException.expected(source, line, t.column(), expected, key + "=", null);
        }
        return v;
    }

    /** {@code pte_free_defer=yes} or {@code no} ({@link Preset#pteFreeDefer}). */
    private boolean pteFreeDefer(Syntax.Token t, int line) {
        String expected = Preset.PTE_FREE_DEFER + "=yes or " + Preset.PTE_FREE_DEFER + "=no";
        String v = Syntax.unquote(t.text(), t.column(), source, line, expected);
        try {
            return Preset.pteFreeDefer(v);
        } catch (IllegalArgumentException e) {
            throw CounterexampleFormatException.expected(source, line, t.column(), expected,
                    Preset.PTE_FREE_DEFER + "=" + t.text(), "no for a kernel without pte_free_defer() (no"
                            + " CONFIG_TRANSPARENT_HUGEPAGE, as sparc32), where no freeDeferred runs; yes, the default,"
                            + " otherwise");
        }
    }

    private static Syntax.Token attrNumber(Map<String, Syntax.Token> attrs, String key) {
        return attrs.get(key).get();
    }

    private Option<RecordedViolation> parseViolation(Vector<Syntax.Token> value, int line, int end) {
        String expected = "an invariant (" + List.of(Invariant.values()).mkString(", ") + ") or 'none'";
        if (value.isEmpty()) {
            throw CounterexampleFormatException.expected(source, line, end, expected, null, null);
        }
        Syntax.Token first = value.head();
        if (first.text().equals("none")) {
            oneToken(value, line, end, expected);
            return Option.none();
        }
        Option<Invariant> inv = List.of(Invariant.values()).find(i -> i.name().equals(first.text()));
        if (inv.isEmpty()) {
            String guess = Typos.closest(first.text(), List.of(Invariant.values()).map(Invariant::name));
            throw CounterexampleFormatException.expected(source, line, first.column(), expected, first.text(),
                    guess.isEmpty() ? "" : "did you mean '" + guess + "'?");
        }
        Map<String, Syntax.Token> attrs = attributes(value.tail(), line, List.of("step", "page"),
                "step=N or page=N after the invariant");
        if (!attrs.containsKey("step")) {
            throw CounterexampleFormatException.expected(source, line, end, "step=N, the step of the violation,"
                    + " like step=4", null, null);
        }
        int step = (int) number(attrs.get("step").get(), line, "a step number >= 1 like step=4", 1, Integer.MAX_VALUE);
        int page = attrs.get("page").map(t -> (int) number(t, line, "a page number like page=0", 0,
                Integer.MAX_VALUE)).getOrElse(-1);
        return Option.of(new RecordedViolation(inv.get(), step, page));
    }

    private long parseSeed(Vector<Syntax.Token> value, int line, int end) {
        String expected = "a seed like 42 (a 64-bit integer)";
        Syntax.Token t = oneToken(value, line, end, expected);
        String s = t.text();
        String digits = s.startsWith("-") ? s.substring(1) : s;
        if (!allDigits(digits)) {
            throw CounterexampleFormatException.expected(source, line, t.column(), expected, s, null);
        }
        try {
            // Long.parseLong is linear in the digits (BigInteger's parse was not, on 10 MB of them).
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw CounterexampleFormatException.expected(source, line, t.column(), expected, s,
                    "the number does not fit in 64 bits");
        }
    }

    private Minimality parseMinimality(Vector<Syntax.Token> value, int line, int end) {
        List<Minimality> all = List.of(Minimality.values());
        String expected = "a minimality (" + all.map(Minimality::words).mkString(", ") + ")";
        if (value.isEmpty()) {
            throw CounterexampleFormatException.expected(source, line, end, expected, null, null);
        }
        String words = value.map(Syntax.Token::text).mkString(" ");
        return all.find(m -> m.words().equalsIgnoreCase(words) || m.name().equalsIgnoreCase(words))
                .getOrElseThrow(() -> CounterexampleFormatException.expected(source, line, value.head().column(),
                        expected, words, null));
    }

    /** A number in [min, max] written in decimal digits. */
    private long number(Syntax.Token t, int line, String expected, long min, long max) {
        return number(t.text(), t.text(), t.column(), line, expected, min, max);
    }

    private long number(String digits, String found, int column, int line, String expected,
                        long min, long max) {
        if (digits.startsWith("-") && allDigits(digits.substring(1))) {
            throw CounterexampleFormatException.expected(source, line, column, expected, found,
                    "numbers cannot be negative");
        }
        if (!allDigits(digits)) {
            throw CounterexampleFormatException.expected(source, line, column, expected, found, null);
        }
        long v;
        try {
            v = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE; // more digits than a long holds
        }
        if (v > max) {
            throw CounterexampleFormatException.expected(source, line, column, expected, found,
                    "the number is too large (at most " + max + ")");
        }
        if (v < min) {
            throw CounterexampleFormatException.expected(source, line, column, expected, found, null);
        }
        return v;
    }

    /** Whether {@code s} is one or more decimal digits (ASCII only, unlike {@code Character.isDigit}). */
    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ operations

    private void parseOp(Vector<Syntax.Token> tokens, int line, int end) {
        Syntax.Token word = tokens.head();
        Option<OpKind> kind = List.of(OpKind.values()).find(k -> k.spelling().equals(word.text()));
        if (kind.isEmpty() && KEYS.contains(word.text())) {
            // "preset powerpc64-hash-64k": a header line that lost its colon.
            throw new CounterexampleFormatException(source, line, word.column() + word.text().length(), "':'",
                    "'" + word.text() + "' is a header, not an operation; write it with a colon, '" + word.text()
                            + ": " + Syntax.excerpt(tokens.tail().map(Syntax.Token::text).mkString(" "))
                            + "', before the first operation");
        }
        if (kind.isEmpty()) {
            String guess = Typos.closest(word.text(), List.of(OpKind.values()).map(OpKind::spelling));
            throw new CounterexampleFormatException(source, line, word.column(), "an operation",
                    "unknown operation '" + Syntax.excerpt(word.text()) + "'; expected one of: " + Syntax.opWords()
                            + (guess.isEmpty() ? "" : " (did you mean '" + guess + "'?)"));
        }
        if (kind.get() == OpKind.FREE_DEFERRED && preset != null && !preset.hasPteFreeDefer()) {
            throw new CounterexampleFormatException(source, line, word.column(), "an operation " + preset.name()
                    + " has", "freeDeferred cannot run on " + preset.name() + ": it has no pte_free_defer ("
                    + preset.source() + "); free the table with free or freeTlb, or name a preset that has it");
        }
        List<Arg> args = args(kind.get());
        int[] values = new int[args.size()];
        int tableColumn = 0;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            if (i + 1 >= tokens.size()) {
                throw CounterexampleFormatException.expected(source, line, end, a.expected, null,
                        "'" + word.text() + "' takes " + usage(kind.get()));
            }
            Syntax.Token t = tokens.get(i + 1);
            String text = t.text();
            if (!text.startsWith(a.prefix) || text.length() == a.prefix.length()) {
                throw CounterexampleFormatException.expected(source, line, t.column(), a.expected, text,
                        "'" + word.text() + "' takes " + usage(kind.get()));
            }
            values[i] = (int) number(text.substring(a.prefix.length()), text, t.column(), line, a.expected,
                    0, a.max);
            if (a == Arg.TABLE) {
                tableColumn = t.column();
                checkAllocated(values[i], line, t.column());
            }
        }
        if (tokens.size() > args.size() + 1) {
            Syntax.Token extra = tokens.get(args.size() + 1);
            throw CounterexampleFormatException.expected(source, line, extra.column(), "end of line after '"
                    + Syntax.excerpt(tokens.take(args.size() + 1).map(Syntax.Token::text).mkString(" ")) + "'",
                    extra.text(),
                    "'" + word.text() + "' takes " + usage(kind.get()));
        }
        if (ops.size() >= CounterexampleFile.MAX_OPERATIONS) {
            throw new CounterexampleFormatException(source, line, word.column(), "", "more than "
                    + CounterexampleFile.MAX_OPERATIONS + " operations, the most a counterexample file may hold; a"
                    + " counterexample is a few operations: cut it down to the ones that matter");
        }
        Op op = op(kind.get(), values);
        if (kind.get() == OpKind.ALLOC) {
            allocLines++;
        }
        fillLines |= kind.get() == OpKind.FILL;
        ops = ops.append(op);
        sites = sites.append(new CounterexampleFile.OpSite(line, word.column(), tableColumn));
    }

    /**
     * Tables are named t0, t1, ... by the order of their alloc, so a table numbered at least the
     * count of alloc lines before it can never exist there (after a {@code fill} line, which makes
     * a page's rest of tables, the count is not known before the run). Recorded, not thrown: only
     * a strict replay rejects it (see {@link Replay}).
     */
    private void checkAllocated(int table, int line, int column) {
        if (table < allocLines || fillLines) {
            return; // how many tables a fill makes is known only when it runs: a strict replay checks then
        }
        String names = allocLines == 0 ? "no alloc line comes before it"
                : "only " + allocLines + " alloc line" + (allocLines == 1 ? " comes" : "s come")
                + " before it, naming t0" + (allocLines == 1 ? "" : " to t" + (allocLines - 1));
        unallocated = unallocated.append(new CounterexampleFile.Problem(line, column, "t" + table
                + " was never allocated: " + names + " (tables are named t0, t1, ... in the order of their alloc)"));
    }

    /**
     * Why {@code op} cannot be written into a counterexample file (a negative number, an mm or
     * CPU above the file's range), or null if it can.
     */
    static String numberProblem(Op op) {
        List<Arg> args = args(OpKind.of(op));
        List<Integer> numbers = Syntax.numbers(op);
        for (int i = 0; i < args.size(); i++) {
            int v = numbers.get(i);
            if (v < 0) {
                return "operation '" + op + "' has a negative number; a counterexample file names tables, CPUs, mms"
                        + " and callbacks from 0";
            }
            if (v > args.get(i).max) {
                return "operation '" + op + "' names " + args.get(i).prefix + v + "; a counterexample file names mms"
                        + " and CPUs 0 to " + args.get(i).max + ", as many as Bounds allows";
            }
        }
        return null;
    }

    private static List<Arg> args(OpKind k) {
        return k.args().map(Arg::of);
    }

    /** How an operation is written, e.g. {@code lookup cpu<N> t<N>}. */
    private static String usage(OpKind k) {
        List<Arg> args = args(k);
        return args.isEmpty() ? "no argument" : args.size() == 1 ? "one argument, " + args.head().expected
                : args.size() + " arguments: " + args.map(a -> a.expected).mkString(", then ");
    }

    private static Op op(OpKind k, int[] v) {
        return k.make(v);
    }
}
