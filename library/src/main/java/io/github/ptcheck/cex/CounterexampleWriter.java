package io.github.ptcheck.cex;

import io.github.ptcheck.Version;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.control.Option;

import java.util.StringJoiner;

/**
 * Writes a counterexample file (docs/counterexample-format.md): a comment saying what the
 * file is, the header lines in a fixed order, a blank line, one operation per line, and the
 * trace as comment lines. Deterministic: equal input, equal bytes; lines end with {@code \n}.
 */
final class CounterexampleWriter {

    /** The fully qualified prefix of the plugin's goals, which works outside a project too. */
    static final String MAVEN_PLUGIN = "io.github.ptcheck:ptcheck-maven-plugin:";

    /** The comment line that opens the trace part of a file. */
    static final String TRACE_MARK = "# ---- trace of this run (comment lines: replay ignores them) ----";

    private CounterexampleWriter() {
    }

    static String write(Counterexample c, String trace) {
        return write(c, trace, null);
    }

    /**
     * {@link #write(Counterexample, String)}, the replay command of a strategy that is not built in
     * loading it with {@code load} ({@code --strategy-path ... --strategy-class ...}); null for
     * placeholders a person fills in.
     */
    static String write(Counterexample c, String trace, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ptcheck counterexample (format: docs/counterexample-format.md)\n");
        sb.append("# Edit freely; lines from '#' on are comments. Run it again, from any directory:\n");
        if (Strategies.find(c.strategy()).isDefined()) {
            sb.append("#   ptcheck replay <this file>\n");
            sb.append("#   mvn ").append(MAVEN_PLUGIN).append(Version.current())
                    .append(":replay -Dptcheck.file=<this file>\n");
        } else {
            String options = load(load);
            sb.append("#   ptcheck replay ").append(options).append(" <this file>\n");
            // The goal knows only the strategies it is told of: without strategyClasses it says unknown strategy.
            // Its full coordinates, as above: a project that does not declare the plugin (JUnit only, or a
            // command-line user's) has no 'ptcheck' prefix, and Maven would say "No plugin found for prefix".
            sb.append("#   mvn test-compile ").append(MAVEN_PLUGIN).append(Version.current())
                    .append(":replay -Dptcheck.file=<this file> -Dptcheck.strategyClasses=")
                    .append(strategyClasses(options)).append("   (in the project that holds the strategy)\n");
        }
        sb.append(WrittenChecksum.PREFIX).append(WrittenChecksum.of(c))
                .append(c.schedule().isEmpty() ? " (of the preset, strategy and" : " (of the preset, strategy, schedule and")
                .append(" operations as written: replay tells an edit by it)\n");
        String presetLine = "preset: " + preset(c.preset());
        if (presetLine.length() > CounterexampleFile.MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("preset '" + c.preset().name() + "' does not fit in a counterexample"
                    + " file's line of " + CounterexampleFile.MAX_LINE_LENGTH + " characters (its source or arch is "
                    + presetLine.length() + " characters long); shorten its source");
        }
        sb.append(presetLine).append('\n');
        sb.append("strategy: ").append(c.strategy()).append('\n');
        sb.append("violation: ").append(c.violation().map(RecordedViolation::toString).getOrElse("none")).append('\n');
        c.schedule().forEach(sc -> sb.append("schedule: ").append(sc).append('\n'));
        c.seed().forEach(s -> sb.append("seed: ").append(s).append('\n'));
        c.tryIndex().forEach(t -> sb.append("try: ").append(t).append('\n'));
        c.minimality().forEach(m -> sb.append("minimality: ").append(m.words()).append('\n'));
        c.version().forEach(v -> sb.append("ptcheck: ").append(v).append('\n'));
        sb.append('\n');
        for (Op op : c.ops()) {
            sb.append(op).append('\n');
        }
        if (trace != null && !trace.isBlank()) {
            sb.append('\n').append(TRACE_MARK).append('\n');
            for (String line : trace.strip().split("\r?\n", -1)) {
                sb.append(line.isEmpty() ? "#" : "# " + Syntax.plainText(line)).append('\n');
            }
        }
        return sb.toString();
    }

    /** How the file's replay command loads a strategy of the user's: {@code load}, or placeholders. */
    private static String load(String load) {
        String placeholders = "--strategy-path <its classes> --strategy-class <its class>";
        if (load == null || load.isBlank()) {
            return placeholders;
        }
        String oneLine = load.strip();
        // A comment line the file's own limit holds, with no line break a path could carry in.
        return oneLine.length() > CounterexampleFile.MAX_LINE_LENGTH / 2 || oneLine.indexOf('\n') >= 0
                || oneLine.indexOf('\r') >= 0 ? placeholders : oneLine;
    }

    /** The classes the options load ({@code --strategy-class C}, comma-separated), or {@code <its class>}. */
    private static String strategyClasses(String options) {
        StringJoiner classes = new StringJoiner(",");
        String[] words = options.trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("--strategy-class") && !words[i + 1].startsWith("<")) {
                classes.add(words[i + 1]);
            }
        }
        return classes.length() == 0 ? "<its class>" : classes.toString();
    }

    /**
     * A built-in preset by name; any other in full, so that the file stands alone:
     * {@code mine arch=powerpc page=65536 table=4096}, and {@code pte_free_defer=no} when it has none.
     */
    static String preset(Preset p) {
        Option<Preset> builtIn = Presets.find(p.name());
        if (builtIn.isDefined()) {
            if (!builtIn.get().equals(p)) {
                throw new IllegalArgumentException("preset '" + p.name() + "' (page " + p.pageSize() + ", table "
                        + p.tableSize() + ") is not the built-in preset of that name; give it another name so that"
                        + " its counterexample file can say which one it ran on");
            }
            return p.name();
        }
        StringBuilder sb = new StringBuilder(p.name())
                .append(" arch=").append(Syntax.quote(p.arch()))
                .append(" page=").append(p.pageSize())
                .append(" table=").append(p.tableSize());
        if (!p.source().equals(CounterexampleParser.USER_DEFINED)) {
            sb.append(" source=").append(Syntax.quote(p.source()));
        }
        if (!p.hasPteFreeDefer()) {
            // Only when it has none, so that the files and checksums of every other preset stay as they were.
            sb.append(' ').append(Preset.PTE_FREE_DEFER).append("=no");
        }
        return sb.toString();
    }
}
