package io.github.ptcheck.report;

import io.github.ptcheck.Version;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Shard;
import io.github.ptcheck.plan.Expectations;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Seq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The results of a check as JSON, for tools: one object per cell with its counts, coverage
 * and finding (violation fields, shrunk and original sequences, the schedule of an interleaved
 * run ({@code schedule}, null for operations run whole, and its {@code preemptions}), the
 * counterexample file and the text trace), and {@code otherFindings}, the findings of other invariants
 * the shrinker met or later tries broke ({@link io.github.ptcheck.check.CellReport#otherFindings}),
 * each with the same keys (its own {@code try} among them).
 * Keys come in a fixed order; the same reports give the same bytes.
 *
 * <p>Seeds are written as strings: they are 64-bit, and JSON numbers beyond 2^53 lose digits
 * in JavaScript and in many other readers. A violation's {@code page} is null when it names
 * none; a finding's {@code try} is null when exhaustive exploration found it. A cell's
 * {@code verdict} is what the check found; {@code expected} says whether the caller declared the
 * cell expected to break an invariant ({@link #expecting}), and {@code asExpected} whether the
 * verdict matches that (a pass, or a violation where one was expected).
 *
 * <p>At the top, after the version: the Maven {@code module} ({@link #module}), the
 * {@code bounds} the cells were checked within ({@link #bounds}, {@link RunBounds}) and the
 * {@code shard} entry of a CI matrix's job ({@link #sharded}), each when given. Last, the
 * report's {@code checksum} ({@link ReportChecksum}), by which {@link ShardMerge} tells a report
 * edited after it was written.
 */
public final class JsonReport {

    private final Function<CellReport, String> reproduce;
    private final Expectations expected;
    /** The job of a CI matrix this report is one of, and the split depth of the frontier (-1: cells); or null. */
    private final Shard shard;
    private final int splitDepth;
    /** Whether the explorations reduced by symmetry (written with the shard: every job must do the same). */
    private final boolean symmetry;
    /**
     * The Maven module the check ran in ({@code groupId:artifactId}), or null: the jobs of two
     * modules' matrices are both job 1/n, and only this tells {@link ShardMerge} they are not one.
     */
    private final String module;
    /** The bounds and options the run had ({@code "bounds"}), or null to write none. */
    private final RunBounds bounds;
    /** The cells whose strategy failed, each written at its position among the judged ones. */
    private final Seq<NotJudged> notJudged;
    /**
     * The options that loaded the user's strategies ({@code --strategy-path ... --strategy-class
     * ...}), for the replay line of the counterexample files in the report, or null ({@link #loading}).
     */
    private final String load;

    /** @param reproduce the command that reproduces a failing cell (see {@link ConsoleSummary}); may be null */
    public JsonReport(Function<CellReport, String> reproduce) {
        this(reproduce, Expectations.none(), null, -1, true, null, null, io.vavr.collection.List.empty(), null);
    }

    private JsonReport(Function<CellReport, String> reproduce, Expectations expected, Shard shard, int splitDepth,
                       boolean symmetry, String module, RunBounds bounds, Seq<NotJudged> notJudged, String load) {
        this.reproduce = reproduce;
        this.expected = Objects.requireNonNull(expected, "expected");
        this.shard = shard;
        this.splitDepth = splitDepth;
        this.symmetry = symmetry;
        this.module = module;
        this.bounds = bounds;
        this.notJudged = Objects.requireNonNull(notJudged, "notJudged");
        this.load = load;
    }

    public JsonReport() {
        this(null);
    }

    /** The same report, with the cells {@code expected} accepts declared as expected to break an invariant. */
    public JsonReport expecting(Predicate<Cell> expected) {
        return expecting(Expectations.matching(expected, "expected"));
    }

    /**
     * The same report, judging each cell by what {@code expected} says of it (see
     * {@link ConsoleSummary#expecting(Expectations)}).
     */
    public JsonReport expecting(Expectations expected) {
        return new JsonReport(reproduce, expected, shard, splitDepth, symmetry, module, bounds, notJudged, load);
    }

    /**
     * The same report, saying it is job {@code shard} of a CI matrix ({@code "shard"} at the
     * top: index, count, and the depth the frontier was split at, or null when the jobs split the
     * cells), so that {@link ShardMerge} can put the jobs' reports together. A whole check
     * ({@link Shard#whole()}) writes no such entry.
     *
     * @param splitDepth the depth at which each cell's frontier was split, or -1 when the cells were
     */
    public JsonReport sharded(Shard shard, int splitDepth) {
        return sharded(shard, splitDepth, true);
    }

    /**
     * {@link #sharded(Shard, int)}, with whether the explorations reduced by symmetry over a
     * page's interchangeable tables ({@code "symmetry"} in the entry): the jobs of one matrix
     * must all do the same, or their shares are not of one search ({@link ShardMerge} refuses).
     */
    public JsonReport sharded(Shard shard, int splitDepth, boolean symmetry) {
        return new JsonReport(reproduce, expected, shard == null || shard.whole() ? null : shard, splitDepth, symmetry,
                module, bounds, notJudged, load);
    }

    /** The same report, saying which Maven module ({@code groupId:artifactId}) it is of ({@code "module"}). */
    public JsonReport module(String groupAndArtifact) {
        return new JsonReport(reproduce, expected, shard, splitDepth, symmetry, groupAndArtifact, bounds, notJudged, load);
    }

    /**
     * The same report, saying within which bounds and with which options the cells were checked
     * ({@code "bounds"} at the top): the jobs of a CI matrix that differ in them are not one run,
     * and {@link ShardMerge} refuses them.
     */
    public JsonReport bounds(RunBounds run) {
        return new JsonReport(reproduce, expected, shard, splitDepth, symmetry, module, run, notJudged, load);
    }

    /**
     * The same report, with the cells ptcheck could not judge because their strategy failed,
     * each at its {@link NotJudged#position} among the judged cells: {@code "verdict": "notJudged"},
     * {@code "asExpected": false} (a build fails on it; it is no pass) and {@code "strategyFailure"}
     * saying what failed, on which try and operations, and how to run it again. The totals count
     * them as {@code notJudged}, neither failed nor passed, and among {@code notAsExpected}.
     */
    public JsonReport notJudged(Seq<NotJudged> cells) {
        return new JsonReport(reproduce, expected, shard, splitDepth, symmetry, module, bounds, cells, load);
    }

    /**
     * The same report, the counterexample files in it ({@code "counterexample"}) giving a strategy
     * of the user's the replay line that loads it with {@code load}, the command line's
     * {@code --strategy-path ... --strategy-class ...} as the job was given them, as
     * {@link FindingFile#text(Cell, Finding, String)} does; so the merge of a matrix's reports
     * prints a replay command that runs. Null or blank: {@code <its classes>} for the reader to fill in.
     */
    public JsonReport loading(String load) {
        return new JsonReport(reproduce, expected, shard, splitDepth, symmetry, module, bounds, notJudged,
                load == null || load.isBlank() ? null : load);
    }

    public String render(Seq<CellReport> reports) {
        Objects.requireNonNull(reports, "reports");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ptcheck", Version.current());
        if (module != null) {
            root.put("module", module);
        }
        if (bounds != null) {
            root.put("bounds", bounds.json());
        }
        if (shard != null) {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("index", shard.index());
            job.put("count", shard.count());
            job.put("splitDepth", splitDepth >= 0 ? splitDepth : null);
            job.put("symmetry", symmetry);
            root.put("shard", job);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("cells", reports.size() + notJudged.size());
        totals.put("failed", reports.count(r -> !r.passed()));
        totals.put("passed", reports.count(CellReport::passed));
        if (!notJudged.isEmpty()) {
            totals.put(NotJudged.VERDICT, notJudged.size());
        }
        totals.put("notAsExpected", reports.count(r -> !Findings.asExpected(r, expected)) + notJudged.size());
        totals.put("opsExecuted", Findings.totalOps(reports));
        root.put("totals", totals);
        List<Object> cells = new ArrayList<>(reports.map(this::cell).toJavaList());
        for (NotJudged n : notJudged.sortBy(NotJudged::position)) {
            cells.add(Math.min(Math.max(n.position(), 0), cells.size()), notJudged(n));
        }
        root.put("cells", cells);
        return Json.write(ReportChecksum.sealed(root));
    }

    private Map<String, Object> cell(CellReport r) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cell", r.cell().name());
        c.put("strategy", r.cell().strategy().name());
        c.put("preset", preset(r.cell().preset()));
        c.put("verdict", r.passed() ? "passed" : "failed");
        c.put("knownBroken", io.github.ptcheck.strategy.Strategies.knownBroken(r.cell().strategy().name()));
        c.put("expected", expected.of(r.cell()).isDefined());
        c.put("asExpected", Findings.asExpected(r, expected));
        c.put("seed", Long.toString(r.seed()));
        c.put("tries", r.tries());
        c.put("triesRun", r.triesRun());
        c.put("opsExecuted", r.opsExecuted());
        c.put("cutByBudget", r.cutByBudget());
        Map<String, Object> coverage = new LinkedHashMap<>();
        r.coverage().counts().forEach((k, v) -> coverage.put(k, v));
        c.put("coverage", coverage);
        c.put("finding", r.finding().map(f -> finding(r, f)).getOrNull());
        c.put("otherFindings", new ArrayList<>(r.otherFindings().map(f -> (Object) finding(r, f)).toJavaList()));
        return c;
    }

    /** A cell whose strategy failed: the keys of a judged cell that mean something without a verdict, and what failed. */
    private Map<String, Object> notJudged(NotJudged n) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cell", n.cell().name());
        c.put("strategy", n.cell().strategy().name());
        c.put("preset", preset(n.cell().preset()));
        c.put("verdict", NotJudged.VERDICT);
        c.put("knownBroken", io.github.ptcheck.strategy.Strategies.knownBroken(n.cell().strategy().name()));
        c.put("expected", expected.of(n.cell()).isDefined());
        c.put("asExpected", false);
        c.put("seed", Long.toString(n.seed()));
        c.put("tries", n.tries());
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("strategy", n.failure().strategy());
        failure.put("message", n.failure().getMessage());
        failure.put("try", n.failure().tryIndex() >= 0 ? n.failure().tryIndex() : null);
        failure.put("operations", n.failure().sequence().map(s -> (Object) new ArrayList<Object>(
                java.util.Arrays.asList((Object[]) s.split("; ")))).getOrNull());
        failure.put("reproduce", n.reproduce());
        c.put("strategyFailure", failure);
        c.put("finding", null);
        c.put("otherFindings", new ArrayList<>());
        return c;
    }

    private static Map<String, Object> preset(Preset p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("arch", p.arch());
        m.put("pageSize", p.pageSize());
        m.put("tableSize", p.tableSize());
        m.put("tablesPerPage", p.tablesPerPage());
        m.put("source", p.source());
        m.put("pteFreeDefer", p.hasPteFreeDefer());
        return m;
    }

    private Map<String, Object> finding(CellReport r, Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("violation", violation(f));
        m.put("seed", Long.toString(f.seed()));
        m.put("try", f.tryIndex() >= 0 ? f.tryIndex() : null);
        m.put("minimality", f.minimality().words());
        m.put("shrunkLength", f.shrunk().size());
        m.put("originalLength", f.original().size());
        m.put("shrunk", ops(f.shrunk()));
        m.put("schedule", f.schedule().sequential() ? null : f.schedule().toString());
        m.put("preemptions", f.schedule().preemptions());
        m.put("original", ops(f.original()));
        String cmd = Findings.command(reproduce, r);
        m.put("reproduce", cmd.isEmpty() ? null : cmd);
        m.put("counterexample", Findings.fileText(r.cell(), f, load));
        m.put("trace", new TextTrace(r.cell().strategy()).render(f.trace()));
        return m;
    }

    private static Map<String, Object> violation(Finding f) {
        Violation v = f.violation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("invariant", v.invariant().name());
        m.put("meaning", v.invariant().meaning());
        m.put("step", v.step());
        m.put("inTeardown", Findings.inTeardown(f));
        m.put("page", v.pfn() >= 0 ? v.pfn() : null);
        m.put("field", v.field());
        m.put("before", v.before());
        m.put("after", v.after());
        m.put("detail", v.detail());
        m.put("summary", v.summary());
        return m;
    }

    private static List<Object> ops(Seq<Op> ops) {
        return new ArrayList<>(ops.map(op -> (Object) op.toString()).toJavaList());
    }
}
