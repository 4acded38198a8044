package io.github.ptcheck.readme;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Replay;
import io.github.ptcheck.cex.ReplayResult;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.junit.PtcheckProperty;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.report.TextTrace;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java lines of README.md, run as written (so the README cannot drift from the API). */
class ReadmeExamplesTest {

    @Test
    void useItFromJava(@TempDir Path dir) throws Exception {
        CellReport r = new Runner(CheckConfig.defaults().withSeed(42))
                .check(Presets.named("powerpc64-hash-64k"), Strategies.named("powerpc-naive-v1"));
        String trace = r.finding().map(f -> new TextTrace(Strategies.named("powerpc-naive-v1")).render(f.trace()))
                .get();
        assertTrue(trace.contains(">>  4  freeDeferred t1"), trace);

        ExploreReport e = new Explorer(new Cell(Presets.S390X, Strategies.named("s390-hh-v2-intended")),
                Bounds.DEFAULT.withCpus(2).withMms(2).withMaxTables(6)).explore(6);
        assertTrue(e.summary().contains("clean to depth 6"), e.summary());

        Outcome o = new Executor(Presets.S390X, Strategies.named("s390-naive-v1")).trace(Vector.of(
                new Op.Alloc(0), new Op.Alloc(0), new Op.FreeDeferred(0), new Op.Free(1)));
        assertEquals(Invariant.UNION_CLOBBER, o.violation().get().invariant());

        CellReport s390 = new Runner(CheckConfig.defaults()).check(Presets.S390X, Strategies.named("s390-naive-v1"));
        Path file = dir.resolve("s390-naive-v1@s390x.ptcheck");
        Files.writeString(file, FindingFile.text(s390.cell(), s390.finding().get()));
        ReplayResult rr = Replay.builtIn().replay(file);
        assertTrue(rr.reproduced(), rr.toString());
    }

    /** The strategy of the README's "Your own strategy", verbatim. */
    public static final class PagePerTable implements Strategy {
        public String name() { return "my-generic"; }
        public String source() { return "mm/pgtable-generic.c, 6.6"; }
        public boolean serves(Preset p) { return p.tablesPerPage() == 1; }

        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {   // __pte_alloc_one()
            Machine.PageAlloc a = m.allocPage();
            return a.machine().pgtablePtePageCtor(a.pfn()).map(m1 -> new Allocated(m1, new Slot(a.pfn(), 0)));
        }
        public Either<Violation, Machine> pteFree(Machine m, Table t) {          // pte_free()
            return m.pgtablePtePageDtor(t.pfn()).flatMap(m1 -> m1.freePage(t.pfn()));
        }
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {     // call_rcu(&page->rcu_head, pte_free_now)
            return m.callRcu(t.pfn(), "pte_free_now");
        }
        public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table t) { // __tlb_remove_table()
            return pteFree(m, t);
        }
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) { // pte_free_now()
            return m.pgtablePtePageDtor(pfn).flatMap(m1 -> m1.freePage(pfn));
        }
    }

    @PtcheckProperty(preset = "x86_64", strategyClass = PagePerTable.class, tries = 500)
    void keepsTheInvariants() {
    }

    @Test
    void yourOwnStrategyHandsOutWholePagesSoItPassesOnSharedPresetsToo() {
        CellReport r = new Runner(CheckConfig.defaults()).check(Presets.POWERPC64_HASH_64K, new PagePerTable());
        // One table per page even on a 16-fragment preset: no sharing, so it passes there too.
        assertTrue(r.passed(), () -> r.finding().get().violation().summary());
    }
}
