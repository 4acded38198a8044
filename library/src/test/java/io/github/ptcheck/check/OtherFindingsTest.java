package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random mode reports each invariant it broke, each shrunk (issue 11, "the shrinker"): a try
 * breaks one invariant, and while the shrinker cuts it down some candidates break another.
 */
class OtherFindingsTest {

    /**
     * Bug, two ways: generic-v6.6 on x86_64 whose {@code pte_free_defer()} sets {@code PG_active}
     * and never clears it, so the page is freed with it set ({@code BAD_PAGE_STATE}, when the
     * callback runs or in the teardown); and where the table was its mm's last one and no reader
     * is inside, frees the page at once and sets the flag after ({@code USE_AFTER_FREE}). Random tries mostly defer while
     * other tables stand, so the first violation is the first; a sub-sequence with one table is
     * the second.
     */
    static final class ActiveAndLastTable extends ForwardingStrategy {
        ActiveAndLastTable() {
            super(Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "test-active-and-last-table";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            for (int id = 0; id < m.tableCount(); id++) {
                Table other = m.table(id);
                if (id != t.id() && other.mm() == t.mm() && other.attached() || m.anyReaderInside()) {
                    return m.setPageActive(t.pfn()).flatMap(m1 -> super.pteFreeDefer(m1, t));
                }
            }
            return pteFree(m, t).flatMap(m1 -> m1.setPageActive(t.pfn()));
        }
    }

    @Test
    void eachInvariantBrokenIsReportedShrunk() {
        CellReport r = new Runner(CheckConfig.defaults()).check(Presets.X86_64, new ActiveAndLastTable());
        Finding first = r.finding().getOrElseThrow(() -> new AssertionError("passed"));
        // Try 1 defers a table with a reader inside: PG_active stays, and the teardown frees the page with it.
        assertEquals(1, first.tryIndex());
        assertEquals(40, first.original().size());
        assertEquals(Invariant.BAD_PAGE_STATE, first.violation().invariant());
        assertEquals(seq(alloc(0), lock(0), defer(0)), first.shrunk());
        assertEquals(6, first.violation().step(), "in the teardown");
        // Without the reader, the shrinker's candidate frees the last table's page at once: another bug, shrunk too.
        assertEquals(1, r.otherFindings().size(), r.otherFindings()::toString);
        Finding other = r.otherFindings().get(0);
        assertEquals(Invariant.USE_AFTER_FREE, other.violation().invariant());
        assertEquals(seq(alloc(0), defer(0)), other.shrunk());
        assertEquals(2, other.violation().step());
        assertEquals(Minimality.ONE_MINIMAL, other.minimality());
        assertEquals(first.original(), other.original());
        assertEquals(1, other.tryIndex());
        assertEquals(java.util.List.of(first, other), r.findings().toJavaList());
    }
}
