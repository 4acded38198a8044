package io.github.ptcheck.check;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A strategy may not use the operations that are the executor's (readers, attaching tables,
 * taking callbacks off the queue): with them it could step around the grace-period checks.
 */
class ExecutorOnlyOperationsTest {

    /** Ends the reader's section from inside pte_free_defer, so its page could be freed at once. */
    static final class UnlocksReaders extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Machine cheat = m;
            for (Integer cpu : m.readers().keySet()) {
                cheat = cheat.rcuReadUnlock(cpu);
            }
            return pteFree(cheat, t);
        }
    }

    /**
     * Throws away a callback queued earlier (by another table's deferral) instead of letting it
     * run. (Taking back a callback it queued itself in the same call is no cheat: it is the same
     * as never queueing it, and the invariants judge that.)
     */
    static final class DropsCallbacks extends PagePerTable {
        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Machine dropped = m.eligibleCallbacks().isEmpty() ? m : m.takeCallback(0).machine();
            return dropped.callRcu(t.pfn(), PTE_FREE_NOW);
        }
    }

    @Test
    void leavingAReadSectionFromAStrategyIsRefused() {
        StrategyFailure e = assertThrows(StrategyFailure.class, () ->
                new Executor(Presets.X86_64, new UnlocksReaders()).run(seq(alloc(0), lock(0), lookup(0, 0), defer(0))));
        assertTrue(e.getMessage().contains("changed the RCU readers"), e.getMessage());
        assertTrue(e.getMessage().contains("pte_free_defer at step 4 (freeDeferred t0)"), e.getMessage());
        assertTrue(e.getMessage().contains("only the executor may do"), e.getMessage());
    }

    @Test
    void droppingAQueuedCallbackIsRefused() {
        StrategyFailure e = assertThrows(StrategyFailure.class, () ->
                new Executor(Presets.X86_64, new DropsCallbacks()).run(seq(alloc(0), alloc(0), defer(0), defer(1))));
        assertTrue(e.getMessage().contains("took a queued RCU callback off the queue"), e.getMessage());
        assertTrue(e.getMessage().contains("at step 4 (freeDeferred t1)"), e.getMessage());
    }

    /** Keeps the machine of its allocation and returns it from pte_free_defer: a machine older than the one given. */
    static final class ReturnsAStaleMachine extends PagePerTable {
        private Machine kept;

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            Either<Violation, Allocated> a = super.pteAllocOne(m, mm);
            kept = a.get().machine();
            return a;
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return Either.right(kept);
        }
    }

    @Test
    void returningAMachineKeptFromAnEarlierCallIsToldAsThat() {
        StrategyFailure e = assertThrows(StrategyFailure.class, () ->
                new Executor(Presets.X86_64, new ReturnsAStaleMachine()).run(seq(alloc(0), defer(0))));
        assertTrue(e.getMessage().startsWith("strategy 'ReturnsAStaleMachine' returned a machine older than the one it"
                + " was given (0 tables, the machine given has 1; one kept from an earlier call? return the machine given,"
                + " or one a primitive made from it) in pte_free_defer at step 2 (freeDeferred t0)."), e.getMessage());
    }

    @Test
    void theHonestStrategyPassesTheSameSequences() {
        assertTrue(new Executor(Presets.X86_64, new PagePerTable()).run(seq(alloc(0), lock(0), lookup(0, 0), defer(0)))
                .passed());
        assertTrue(new Executor(Presets.X86_64, new PagePerTable()).run(seq(alloc(0), alloc(0), defer(0), defer(1))).passed());
    }
}
