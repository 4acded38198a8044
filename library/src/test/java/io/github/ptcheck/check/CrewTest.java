package io.github.ptcheck.check;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.github.ptcheck.Ops.defer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parallel search's threads: started once, handed round after round, every task watched as
 * {@link Watchdog#run} watches one.
 */
class CrewTest {

    private static final Duration CALL_TIMEOUT = Duration.ofMillis(200);

    /** Ends the stuck call's thread after each test (ptcheck gives up on it and leaves it running). */
    private static volatile boolean released;

    @AfterEach
    void release() {
        released = true;
    }

    @Test
    void eachRoundsResultsComeInTaskOrderFromThreadsStartedOnce() {
        Set<String> crewThreads = new HashSet<>();
        try (Crew crew = new Crew(3)) {
            for (int round = 0; round < 50; round++) {
                int r = round;
                List<String> got = crew.runAll(List.<Watchdog.Task<String, RuntimeException>>of(
                        () -> r + ":0", () -> r + ":1:" + Thread.currentThread().getName(),
                        () -> r + ":2:" + Thread.currentThread().getName()));
                assertEquals(r + ":0", got.get(0));
                assertTrue(got.get(1).startsWith(r + ":1:ptcheck-worker-"), got::toString);
                assertTrue(got.get(2).startsWith(r + ":2:ptcheck-worker-"), got::toString);
                crewThreads.add(got.get(1).substring(got.get(1).lastIndexOf(':') + 1));
                crewThreads.add(got.get(2).substring(got.get(2).lastIndexOf(':') + 1));
            }
            assertEquals(2, crewThreads.size(), "two crew threads for 50 rounds: " + crewThreads);
            assertEquals(List.of("only"), crew.runAll(List.<Watchdog.Task<String, RuntimeException>>of(() -> "only")));
        }
    }

    @Test
    void aStuckCallOnACrewThreadEndsTheRoundNamingItAndTheCrewRunsNoMore() {
        Watchdog.run(CALL_TIMEOUT, null, null, () -> {
            try (Crew crew = new Crew(2)) {
                StrategyFailure f = assertThrows(StrategyFailure.class, () -> crew.runAll(
                        List.<Watchdog.Task<Integer, RuntimeException>>of(() -> 0, () -> {
                            Watchdog.enter("Stuck", "pte_free_defer", 3, defer(1));
                            released = false;
                            while (!released) {
                                Thread.onSpinWait();
                            }
                            return 1;
                        })));
                assertTrue(f.getMessage().startsWith("strategy 'Stuck' did not return within 200 ms (the call timeout;"
                        + " ptcheck gave up on it and left its thread running until the JVM exits) in pte_free_defer"
                        + " at step 3 (freeDeferred t1)"), f::getMessage);
                IllegalStateException again = assertThrows(IllegalStateException.class,
                        () -> crew.runAll(List.<Watchdog.Task<Integer, RuntimeException>>of(() -> 0, () -> 1)));
                assertEquals("a thread of this crew was given up on; start another crew", again.getMessage());
            }
            return null;
        });
    }

    @Test
    void apartEveryTaskRunsOnACrewThreadAndAStuckOneGivesWhatLateMakesOfItWhileTheCrewGoesOn() {
        Watchdog.run(CALL_TIMEOUT, null, null, () -> {
            try (Crew crew = new Crew(3)) {
                String caller = Thread.currentThread().getName();
                List<String> got = crew.runApart(List.<Watchdog.Task<String, RuntimeException>>of(
                        () -> Thread.currentThread().getName(), () -> {
                            Watchdog.enter("Stuck", "pte_free_defer", 3, defer(1));
                            released = false;
                            while (!released) {
                                Thread.onSpinWait();
                            }
                            return "returned";
                        }), (task, f) -> task + " late: " + f.getMessage());
                assertTrue(got.get(0).startsWith("ptcheck-worker-") && !got.get(0).equals(caller), got::toString);
                assertTrue(got.get(1).startsWith("1 late: strategy 'Stuck' did not return within 200 ms"), got::toString);
                Set<String> threads = new HashSet<>(crew.runApart(List.<Watchdog.Task<String, RuntimeException>>of(
                        () -> Thread.currentThread().getName(), () -> Thread.currentThread().getName()), (task, f) -> {
                            throw f;
                        }));
                assertEquals(2, threads.size(), "a new thread in place of the one given up on: " + threads);
                assertTrue(threads.contains(got.get(0)), threads + " " + got);
            }
            return null;
        });
    }

    @Test
    void whatTheTasksThrowIsThrownInTaskOrderErrorsToo() {
        try (Crew crew = new Crew(3)) {
            IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> crew.runAll(
                    List.<Watchdog.Task<Integer, RuntimeException>>of(() -> 0, () -> {
                        throw new IllegalArgumentException("one");
                    }, () -> {
                        throw new IllegalStateException("two");
                    })));
            assertEquals("one", one.getMessage());
            IllegalStateException zero = assertThrows(IllegalStateException.class, () -> crew.runAll(
                    List.<Watchdog.Task<Integer, RuntimeException>>of(() -> {
                        throw new IllegalStateException("zero");
                    }, () -> {
                        throw new IllegalArgumentException("one");
                    })));
            assertEquals("zero", zero.getMessage());
            AssertionError error = assertThrows(AssertionError.class, () -> crew.runAll(
                    List.<Watchdog.Task<Integer, RuntimeException>>of(() -> 0, () -> {
                        throw new AssertionError("an Error on a crew thread is not a null result");
                    })));
            assertEquals("an Error on a crew thread is not a null result", error.getMessage());
            assertEquals(List.of(0, 1, 2), crew.runAll(List.<Watchdog.Task<Integer, RuntimeException>>of(
                    () -> 0, () -> 1, () -> 2)), "the crew goes on after a task threw");
        }
        assertThrows(IllegalArgumentException.class, () -> new Crew(1).runAll(
                List.<Watchdog.Task<Integer, RuntimeException>>of(() -> 0, () -> 1)));
    }
}
