package io.github.ptcheck.report;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Coverage;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;

import static io.github.ptcheck.Ops.*;

/**
 * Cell reports built by hand, with findings whose traces are real runs of the executor: what
 * the engine would hand the renderers.
 */
final class SampleReports {

    private SampleReports() {
    }

    /** A detail with every character the renderers must escape. */
    static final String NASTY = "a \"quoted\" word,\nnext line <tag> & ampersand, tab\there, apostrophe's, "
            + "e-acute \u00e9, control \u0001, backslash \\";

    static Finding finding(Cell cell, Vector<Op> shrunk, Vector<Op> original, long seed, int tryIndex, Minimality m) {
        Outcome trace = cell.executor().trace(shrunk);
        return new Finding(trace.violation().get(), seed, tryIndex, original, shrunk, m, trace);
    }

    static Coverage coverage(long allocs, long defers) {
        return new Coverage(LinkedHashMap.of("op.alloc", allocs, "op.freeDeferred", defers, "max.callbacksQueued", 2L));
    }

    /** powerpc-naive-v1 on powerpc64-hash-64k: two tables of a page deferred, the rcu_head queued twice. */
    static CellReport naive() {
        Cell cell = new Cell(Presets.POWERPC64_HASH_64K, Strategies.named("powerpc-naive-v1"));
        Vector<Op> shrunk = seq(alloc(0), alloc(0), defer(0), defer(1));
        Vector<Op> original = seq(lock(1), alloc(0), alloc(1), alloc(0), unlock(1), defer(0), run(0), defer(2), exit(1));
        return new CellReport(cell, 42L, 1000, 18, 290, coverage(40, 12),
                Option.of(finding(cell, shrunk, original, 42L, 17, Minimality.ONE_MINIMAL)), false);
    }

    static CellReport generic() {
        return new CellReport(new Cell(Presets.X86_64, Strategies.named("generic-v6.6")), 42L, 100, 100, 1000,
                coverage(300, 120), Option.none(), false);
    }

    /** A user strategy whose pte_free_defer reports a violation full of characters to escape. */
    static final class Nasty implements Strategy {
        private final Strategy generic = Strategies.named("generic-v6.6");

        public String name() {
            return "esc<&>'strategy";
        }

        public String source() {
            return "a test";
        }

        public boolean serves(Preset preset) {
            return true;
        }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return generic.pteAllocOne(m, mm);
        }

        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return Either.left(Violation.of(Invariant.UNION_CLOBBER, t.pfn(), "lru \"words\"", "<old> & 'x'",
                    "new\nvalue", NASTY));
        }

        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
            return generic.tlbRemoveTableFree(m, t);
        }


        public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {

            return generic.pteFreeTlb(m, t);

        }

        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return generic.rcuCallback(m, func, pfn);
        }
    }

    static CellReport nasty() {
        Cell cell = new Cell(Presets.X86_64, new Nasty());
        return new CellReport(cell, -7L, 10, 3, 9, new Coverage(LinkedHashMap.of("odd \"key\" <&>", 1L)),
                Option.of(finding(cell, seq(alloc(0), defer(0)), seq(alloc(0), defer(0)), -7L, -1, Minimality.SHORTEST)),
                true);
    }

    /** A user strategy whose pte_free_defer forgets the table: the page leaks, found by the leak check. */
    static final class Leaky implements Strategy {
        private final Strategy generic = Strategies.named("generic-v6.6");

        public String name() {
            return "leaky";
        }

        public String source() {
            return "a test: pte_free_defer that does nothing";
        }

        public boolean serves(Preset preset) {
            return true;
        }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            return generic.pteAllocOne(m, mm);
        }

        public Either<Violation, Machine> pteFree(Machine m, Table t) {
            return generic.pteFree(m, t);
        }

        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return Either.right(m);
        }

        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) {
            return generic.tlbRemoveTableFree(m, t);
        }


        public Either<Violation, Machine> pteFreeTlb(Machine m, Table t) {

            return generic.pteFreeTlb(m, t);

        }

        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return generic.rcuCallback(m, func, pfn);
        }
    }

    static CellReport leaky() {
        Cell cell = new Cell(Presets.X86_64, new Leaky());
        return new CellReport(cell, 5L, 100, 1, 4, Coverage.EMPTY,
                Option.of(finding(cell, seq(alloc(0), defer(0)), seq(alloc(0), lock(0), defer(0)), 5L, 0,
                        Minimality.PARTIAL)), false);
    }

    static List<CellReport> all() {
        return List.of(naive(), generic(), nasty(), leaky());
    }

    static String command(CellReport r) {
        return "./mvnw ptcheck:check -Dptcheck.seed=" + r.seed() + " -Dptcheck.cells=" + r.cell().name();
    }
}
