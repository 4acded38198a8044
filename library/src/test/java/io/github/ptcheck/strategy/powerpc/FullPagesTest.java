package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.CheckConfig;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.check.PlainOps;
import io.github.ptcheck.check.Runner;
import io.github.ptcheck.explore.ExploreReport;
import io.github.ptcheck.explore.Explorer;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Bounds;
import io.github.ptcheck.report.FindingFile;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bug that needs a page's last reference (issue 11, "full pages"): {@link ActiveAfterFragmentFree}
 * frees the page at once when the deferral drops its last reference, and then sets
 * {@code PG_active} on the freed page. That takes every other table of the page handed out and
 * freed: 16 tables on hash-64k, 256 on radix-64k. {@code fill} and {@code freeTlbSiblings} make
 * each of those one operation, so that both modes find it with their defaults.
 */
class FullPagesTest {

    /** Fill the page, free the 15 (255) others and let their grace periods pass, defer the last. */
    private static final Vector<Op> LAST_REFERENCE = seq(alloc(0), fill(0), tlbSiblings(0), defer(0));

    /** The exhaustive mode's default depth ({@code ptcheck explore}'s {@code --depth}). */
    private static final int DEFAULT_DEPTH = 5;

    private static Cell cell(String preset) {
        return new Cell(Presets.named(preset), new ActiveAfterFragmentFree());
    }

    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void exhaustiveModeFindsItAtTheDefaultDepth(String preset) {
        ExploreReport r = new Explorer(cell(preset), Bounds.DEFAULT).explore(DEFAULT_DEPTH);
        Finding f = r.finding().getOrElseThrow(() -> new AssertionError("no finding: " + r.summary()));
        assertEquals(Invariant.USE_AFTER_FREE, f.violation().invariant(), r.summary());
        assertEquals(LAST_REFERENCE, f.shrunk());
        assertEquals(4, f.violation().step());
        assertEquals(Minimality.SHORTEST, f.minimality());
        assertEquals(3, r.depthCompleted(), "nothing shorter");
        // The counterexample file runs the four; it shows them written out too, as comments.
        String file = FindingFile.text(r.cell(), f);
        int n = r.cell().preset().tablesPerPage();
        assertTrue(file.contains("\nalloc mm0\nfill mm0\nfreeTlbSiblings t0\nfreeDeferred t0\n"), file);
        assertTrue(file.contains("# written out, fill and freeTlbSiblings as the " + (3 * n - 1) + " operations they ran"),
                file);
        assertTrue(file.contains("# alloc mm0\n".repeat(n) + "# freeTlb t1\n"), file);
    }

    /**
     * Random mode at the default tries, hash-64k: try 9 breaks {@code BAD_PAGE_STATE} (an earlier
     * deferral set {@code PG_active}, and the page is freed with it set) and shrinks to five
     * operations; on the way the shrinker meets the four-operation {@code USE_AFTER_FREE}, which is
     * reported beside it, shrunk on its own.
     */
    @Test
    void randomModeFindsItOnHashAtTheDefaultTries() {
        CellReport r = check("powerpc64-hash-64k");
        Finding primary = r.finding().getOrElseThrow(() -> new AssertionError("passed " + r.triesRun() + " tries"));
        assertEquals(9, primary.tryIndex());
        assertEquals(Invariant.BAD_PAGE_STATE, primary.violation().invariant());
        assertEquals(seq(alloc(0), fill(0), defer(0), tlbSiblings(1), defer(1)), primary.shrunk());
        assertEquals(7, primary.violation().step(), "in the teardown");
        assertEquals(1, r.otherFindings().size(), r.otherFindings()::toString);
        Finding other = r.otherFindings().get(0);
        assertEquals(Invariant.USE_AFTER_FREE, other.violation().invariant());
        assertEquals(LAST_REFERENCE, other.shrunk());
        assertEquals(4, other.violation().step());
        assertEquals(9, other.tryIndex());
        assertEquals(primary.original(), other.original());
        assertEquals(40, other.original().size());
    }

    /**
     * Radix-64k: try 86 generates the four operations on t21; the shrinker names the table of the
     * full page that stays t0 (which one it is does not matter), and meets nothing else. The check
     * goes on (at least until try 174, twice the 87th), and try 88 breaks the {@code BAD_PAGE_STATE}
     * hash-64k's first failing try shows: reported beside it, shrunk to the same five operations.
     */
    @Test
    void randomModeFindsItOnRadixAtTheDefaultTries() {
        CellReport r = check("powerpc64-radix-64k");
        Finding f = r.finding().getOrElseThrow(() -> new AssertionError("passed " + r.triesRun() + " tries"));
        assertEquals(86, f.tryIndex());
        assertEquals(Invariant.USE_AFTER_FREE, f.violation().invariant());
        assertEquals(LAST_REFERENCE, f.shrunk());
        assertEquals(seq(alloc(0), fill(0), tlbSiblings(21), defer(21)), f.original());
        assertEquals(4, f.violation().step());
        assertEquals(1, r.otherFindings().size(), r.otherFindings()::toString);
        Finding later = r.otherFindings().get(0);
        assertEquals(88, later.tryIndex());
        assertEquals(Invariant.BAD_PAGE_STATE, later.violation().invariant());
        assertEquals(6, later.original().size());
        assertEquals(seq(alloc(0), fill(0), defer(0), tlbSiblings(1), defer(1)), later.shrunk());
        assertEquals(7, later.violation().step(), "in the teardown");
        assertEquals(2 * 89, r.triesRun(), "the last new invariant came at try 89 (1-based)");
    }

    private static CellReport check(String preset) {
        CellReport r = new Runner(CheckConfig.defaults()).check(cell(preset).preset(), cell(preset).strategy());
        assertEquals(CheckConfig.DEFAULT_TRIES, r.tries());
        return r;
    }

    /** Written out, the four operations are the allocations and frees they ran, and break the same invariant at the last. */
    @ParameterizedTest
    @ValueSource(strings = {"powerpc64-hash-64k", "powerpc64-radix-64k"})
    void expandedTheyAreTheAllocationsAndFreesTheyRan(String preset) {
        Cell cell = cell(preset);
        int n = cell.preset().tablesPerPage();
        Vector<Op> plain = PlainOps.expand(cell.executor(), LAST_REFERENCE);
        // n allocs (the alloc and the fill's n-1), n-1 freeTlbs and n-1 runCallbacks (the oldest eligible each time), the deferral.
        assertEquals(3 * n - 1, plain.size());
        assertEquals(Vector.fill(n, alloc(0)), plain.take(n));
        assertEquals(Vector.range(1, n).map(t -> tlb(t)), plain.slice(n, 2 * n - 1));
        assertTrue(plain.slice(2 * n - 1, 3 * n - 2).forAll(op -> op instanceof Op.RunCallback), plain::toString);
        assertEquals(defer(0), plain.last());
        var traced = cell.executor().trace(plain);
        assertEquals(Invariant.USE_AFTER_FREE, traced.violation().get().invariant());
        assertEquals(plain.size(), traced.violation().get().step());
    }
}
