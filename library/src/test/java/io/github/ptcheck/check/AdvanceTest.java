package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Executor#advance}, the explorer's {@code apply}, says what {@link Executor#apply} says:
 * the machine after an operation that ran, and the whole {@link Applied} of one that was skipped,
 * broke an invariant or ran several.
 */
class AdvanceTest {

    /** Each of {@code ops} from where the one before left, by both; those {@code advance} put on the left. */
    private static Vector<Op> agree(Executor ex, Vector<Op> ops) {
        Machine m = ex.boot();
        Vector<Op> left = Vector.empty();
        int step = 1;
        for (Op op : ops) {
            Applied a = ex.apply(m, op, step);
            Either<Applied, Machine> r = ex.advance(m, op, step);
            if (r.isRight()) {
                assertTrue(!a.violated() && !a.wasSkipped() && a.plain() == null, op::toString);
                assertEquals(a.machine(), r.get(), op::toString);
            } else {
                Applied b = r.getLeft();
                left = left.append(op);
                assertTrue(a.violated() || a.wasSkipped() || a.plain() != null, op::toString);
                assertEquals(a.violation(), b.violation(), op::toString);
                assertEquals(a.skipped(), b.skipped(), op::toString);
                assertEquals(a.plain(), b.plain(), op::toString);
                assertEquals(a.machine(), b.machine(), op::toString);
            }
            m = a.machine();
            step++;
        }
        return left;
    }

    @Test
    void ranAndSkippedOperationsAgree() {
        Executor ex = new Executor(X86_64, new PagePerTable());
        // Skipped: the lookup before any lock, the second lock, the freeDeferred of the table tlb
        // freed, and the rcuBarrier with nothing queued; the fill runs several.
        Vector<Op> ops = seq(alloc(0), lookup(0, 0), lock(0), lock(0), lookup(0, 0), alloc(1), unlock(0), tlb(0),
                free(1), defer(0), run(0), fill(0), barrier(), exit(0), exit(1));
        assertEquals(seq(lookup(0, 0), lock(0), defer(0), fill(0), barrier()), agree(ex, ops));
    }

    @Test
    void aViolationAgrees() {
        Executor ex = new Executor(Presets.named("s390x"), Strategies.named("s390-naive-v1"));
        Machine m = ex.boot();
        Applied a = ex.apply(ex.apply(m, alloc(0), 1).machine(), defer(0), 2);
        assertTrue(a.violated());
        assertEquals(seq(defer(0)), agree(ex, seq(alloc(0), defer(0))));
    }
}
