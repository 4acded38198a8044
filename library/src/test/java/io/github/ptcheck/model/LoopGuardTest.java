package io.github.ptcheck.model;

import io.github.ptcheck.arch.Presets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The loop guard allows exactly {@link Machine#PRIMITIVES_PER_OPERATION} primitive calls in one
 * operation, however much the operation before used, though {@link Machine#beginOperation} and
 * {@link Machine#refreshBudget} fill it in place rather than copy the machine.
 */
class LoopGuardTest {

    private static final int FULL = Machine.PRIMITIVES_PER_OPERATION;

    /** {@code m} after {@code n} calls, each one a note. */
    private static Machine calls(Machine m, int n) {
        Machine cur = m;
        for (int i = 0; i < n; i++) {
            cur = cur.note("call");
        }
        return cur;
    }

    @Test
    void anOperationMakesExactlyTheAllowanceWhateverTheOneBeforeUsed() {
        // The state an operation that used all but one of its calls ended in, as the explorer keeps it.
        Machine s = calls(Machine.boot(Presets.X86_64).beginOperation(), FULL - 1);
        assertEquals(1, s.budget);
        for (int op = 0; op < 3; op++) {
            // Each operation from the same state, one after another, as the explorer runs them.
            Machine begun = s.beginOperation();
            assertSame(s, begun, "no copy only to fill the guard");
            Machine last = calls(begun, FULL);
            assertEquals(0, last.budget);
            assertThrows(Machine.StrategyLoopException.class, () -> last.note("one more"));
        }
    }

    @Test
    void eachCallbackOfABarrierMakesExactlyTheAllowance() {
        Machine m = calls(Machine.boot(Presets.X86_64).beginOperation(), FULL);
        Machine refreshed = m.refreshBudget();
        assertSame(m, refreshed);
        Machine last = calls(refreshed, FULL);
        assertThrows(Machine.StrategyLoopException.class, () -> last.note("one more"));
    }

    @Test
    void aTracedMachineIsCopiedWithAnEmptyLog() {
        Machine m = calls(Machine.boot(Presets.X86_64).tracing(true).beginOperation(), 10);
        Machine begun = m.beginOperation();
        assertEquals(FULL - 10, m.budget, "the machine the log was taken from keeps its count and its log");
        assertEquals(10, m.log().size());
        assertEquals(FULL, begun.budget);
        assertEquals(0, begun.log().size());
    }
}
