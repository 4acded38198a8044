package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.sched.Interleaver;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.powerpc.PowerpcRefcount;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.alloc;
import static io.github.ptcheck.Ops.defer;
import static io.github.ptcheck.Ops.seq;
import static io.github.ptcheck.check.MisbehavingStrategiesTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With preemptions, a strategy that misbehaves only when two routines overlap ends the check as
 * it would without them ({@link MisbehavingStrategiesTest}): state kept in the strategy gives the
 * "not deterministic" {@link StrategyFailure} wherever the interleaved path meets it (a routine
 * resumed from the machine it started on, the whole run again under the schedule PCT found, the
 * runs again before the shrink), a loop gives the call timeout with the operations and schedule
 * that loop again; each with the try it came in.
 * Never a ClassCastException from a replayed result, a silent pass, or a hang.
 */
class MisbehavingInterleavedStrategiesTest {

    /** Ends the spinning strategy's abandoned thread, as {@link MisbehavingStrategiesTest} does. */
    @AfterEach
    void release() {
        MisbehavingStrategiesTest.released = true;
    }

    /** Whether {@code m}'s {@code mm->page_table_lock} is held by another CPU than the one running on it. */
    private static boolean heldByAnother(Machine m, int mm) {
        Integer holder = m.locks().get(Locks.pageTableLock(mm)).getOrNull();
        return m.scheduling() != null && holder != null && holder != m.scheduling().cpu();
    }

    /**
     * {@code powerpc-refcount-v2} (clean) that, the first {@code left} times it finds another CPU
     * holding {@code mm->page_table_lock} in {@code pte_alloc_one()}, reads the cursor without it
     * ({@link UnlockedCursor}), which can hand out a fragment the other CPU hands out too
     * ({@code DOUBLE_ALLOC}); after that never again: state kept in the strategy object. Run
     * whole, no CPU holds the lock when another allocates, so only interleaved runs see it.
     */
    static final class UnlockedWhileBudgetLasts extends ForwardingStrategy {
        private final UnlockedCursor unlocked = new UnlockedCursor();
        private int left;

        UnlockedWhileBudgetLasts(int left) {
            super(new PowerpcRefcount());
            this.left = left;
        }

        @Override
        public String name() {
            return "unlocked-while-budget-lasts";
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            if (left > 0 && heldByAnother(m, mm)) {
                Either<Violation, Allocated> r = unlocked.pteAllocOne(m, mm);
                left--;
                return r;
            }
            return super.pteAllocOne(m, mm);
        }
    }

    private static StrategyFailure check(long seed, ForwardingStrategy s, CheckConfig config) {
        return assertThrows(StrategyFailure.class, () -> new Runner(config.withSeed(seed).withPreemptions(2))
                .check(Presets.POWERPC64_HASH_64K, s));
    }

    private static StrategyFailure nondeterministic(long seed, int left) {
        StrategyFailure f = check(seed, new UnlockedWhileBudgetLasts(left), CheckConfig.defaults());
        assertContains(f.getMessage(), "strategy 'unlocked-while-budget-lasts' is not deterministic: the same sequence"
                + " gave two different results (", "no state kept in the strategy object");
        assertEquals(0, f.step(), f::getMessage);
        return f;
    }

    /**
     * Seed 0, try 10: the routine of step 13 took the unlocked path and returned, its budget
     * spent; preempted in the executor's step after it, it is resumed by running it again from
     * the machine it started on, and now it takes the lock: another first kernel call than the
     * first time. Without the check the replayed result was read as the other call's (a
     * ClassCastException, said to be the strategy's own throw).
     */
    @Test
    void aRoutineResumedAnotherWayIsNotDeterministicNotAThrow() {
        StrategyFailure f = nondeterministic(0, 1);
        assertContains(f.getMessage(), "(kernel call 1 of step 13, the first that differs, was mm1->context.pte_frag ="
                + " page 0 fragment 4 when it first ran, then spin_lock(mm1->page_table_lock) when it was run again from"
                + " the machine it started on, to resume it) for step 13 (alloc mm1) of alloc mm1, alloc mm1.");
        assertEquals(10, f.tryIndex());
    }

    /**
     * {@code generic-v6.6} whose {@code pte_free_defer()} names another RCU callback each time it
     * is called after the first: state kept in the strategy object.
     */
    static final class AnotherCallbackEachTime extends ForwardingStrategy {
        private int calls;

        AnotherCallbackEachTime() {
            super(Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "another-callback-each-time";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            Either<Violation, Machine> r = m.callRcu(t.pfn(), calls == 0 ? "pte_free_now" : "pte_free_later");
            calls++;
            return r;
        }
    }

    /**
     * Preempted after its {@code call_rcu} (kernel call 3 of step 2: the executor's
     * {@code spin_lock} and {@code pmd_clear} come first), the routine is resumed by running it
     * again, and now calls the same primitive with another function. Before the arguments were
     * compared, the first call's result was replayed for it and the run passed.
     */
    @Test
    void aRoutineResumedWithOtherArgumentsIsNotDeterministicAndTheCallIsNamed() {
        Executor executor = new Executor(Presets.X86_64, new AnotherCallbackEachTime());
        StrategyFailure f = assertThrows(StrategyFailure.class, () -> new Interleaver(executor)
                .run(seq(alloc(0), defer(0)), Schedule.parse("2:3")));
        assertContains(f.getMessage(), "strategy 'another-callback-each-time' is not deterministic: the same sequence gave"
                + " two different results (kernel call 3 of step 2, the first that differs, was call_rcu(page 0 rcu_head,"
                + " pte_free_now) when it first ran, then call_rcu(page 0 rcu_head, pte_free_later) when it was run again"
                + " from the machine it started on, to resume it) for step 2 (freeDeferred t0) of alloc mm0, freeDeferred"
                + " t0 under the schedule 2:3.");
    }

    /** Seed 0, try 15: PCT's run of a window broke DOUBLE_ALLOC; the whole run under its schedule, budget spent, passes. */
    @Test
    void aScheduleThatBreaksAnInvariantOnceAndNotAgainIsNotDeterministicNotAPass() {
        StrategyFailure f = nondeterministic(0, 4);
        assertContains(f.getMessage(), "(DOUBLE_ALLOC when PCT ran it, then passed when run again under its schedule)"
                + " for alloc mm0, irqOff cpu1, alloc mm0, ", " under the schedule ");
        assertEquals(15, f.tryIndex());
    }

    /** Seed 1, try 15: PCT's runs broke it, the runs again before the shrink do not. */
    @Test
    void theRunsAgainBeforeTheInterleavedShrinkSayNotDeterministicNotANoSuchElementException() {
        StrategyFailure f = nondeterministic(1, 3);
        assertContains(f.getMessage(), "(DOUBLE_ALLOC at step 29, then passed) for alloc mm0, alloc mm0, ",
                " under the schedule ");
        assertEquals(15, f.tryIndex());
    }

    /**
     * {@code powerpc-refcount-v2} that spins in a plain loop in {@code pte_alloc_one()} while
     * another CPU holds the {@code mm->page_table_lock} it will want: only interleaved runs get
     * there, and no primitive is called, so only the watchdog sees it.
     */
    static final class SpinsWhileAnotherHoldsTheLock extends ForwardingStrategy {
        SpinsWhileAnotherHoldsTheLock() {
            super(new PowerpcRefcount());
        }

        @Override
        public String name() {
            return "spins-while-another-holds-the-lock";
        }

        @Override
        public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
            if (heldByAnother(m, mm)) {
                MisbehavingStrategiesTest.spin();
            }
            return super.pteAllocOne(m, mm);
        }
    }

    /**
     * Seed 2, try 4: a PCT schedule of it starts step 16 while the other CPU of its window holds
     * the lock. The failure carries the operations up to it and the schedule of the window's turns,
     * as a throw there does, and they make it loop again.
     */
    @Test
    void aLoopOnlyWhenTwoRoutinesOverlapEndsInTheCallTimeoutWithItsOperationsAndSchedule() {
        StrategyFailure f = check(2, new SpinsWhileAnotherHoldsTheLock(),
                CheckConfig.defaults().withCallTimeout(MisbehavingStrategiesTest.CALL_TIMEOUT));
        assertContains(f.getMessage(), "strategy 'spins-while-another-holds-the-lock' did not return within 200 ms (the"
                + " call timeout; ptcheck gave up on it and left its thread running until the JVM exits) in pte_alloc_one"
                + " at step 16 (alloc mm1)");
        assertEquals(4, f.tryIndex(), "the try whose PCT schedules it looped in");
        Vector<Op> ops = ops(f.sequence().get());
        assertEquals(16, ops.size(), f::toString);
        assertEquals("alloc mm1", ops.last().toString());
        Schedule schedule = Schedule.parse(f.schedule().get());
        assertTrue(schedule.slices().forAll(t -> t.op() == 14 || t.op() == 15), "the window's turns: " + schedule);
        StrategyFailure again = assertThrows(StrategyFailure.class, () -> Watchdog.run(
                MisbehavingStrategiesTest.CALL_TIMEOUT, null, null, () -> new Interleaver(new Executor(
                        Presets.POWERPC64_HASH_64K, new SpinsWhileAnotherHoldsTheLock())).run(ops, schedule)));
        assertContains(again.getMessage(), "did not return within 200 ms", " in pte_alloc_one at step 16 (alloc mm1)");
    }

    /** Operations as a failure spells them ({@code alloc mm0; alloc mm0}). */
    static Vector<Op> ops(String sequence) {
        return Counterexample.parse("preset: powerpc64-hash-64k\nstrategy: powerpc-refcount-v2\nviolation: none\n"
                + sequence.replace("; ", "\n"), "the failure").ops();
    }
}
