package io.github.ptcheck.check;

import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.github.ptcheck.Ops.alloc;
import static io.github.ptcheck.Ops.defer;
import static io.github.ptcheck.Ops.seq;
import static io.github.ptcheck.arch.Presets.X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Watchdog#locating}: a call given up on goes out through the locators in force as a throw
 * does, every one of them, the innermost first; one whose task has returned is no longer in force.
 */
class WatchdogLocatorsTest {

    private static final Vector<Op> OPS = seq(alloc(0), defer(0));

    @AfterEach
    void release() {
        MisbehavingStrategiesTest.released = true;
    }

    @Test
    void aCallGivenUpOnGoesOutThroughEveryLocatorInForceAsAThrowDoes() {
        List<String> thrownThrough = Collections.synchronizedList(new ArrayList<>());
        StrategyFailure thrown = failure(new MalformedInputTest.ThrowsInDefer(), thrownThrough);
        List<String> givenUpThrough = Collections.synchronizedList(new ArrayList<>());
        StrategyFailure givenUp = failure(new MisbehavingStrategiesTest.SpinsInDefer(), givenUpThrough);

        assertEquals(List.of("inner", "middle", "outer"), thrownThrough);
        assertEquals(thrownThrough, givenUpThrough);
        for (StrategyFailure f : List.of(thrown, givenUp)) {
            // The inner locator knows the operations, the outer one the try.
            assertEquals("alloc mm0; freeDeferred t0", f.sequence().getOrNull(), f::getMessage);
            assertEquals(3, f.tryIndex(), f::getMessage);
        }
    }

    /** {@code s} run on {@link #OPS} under three locators, each noting in {@code through} that it was applied. */
    private static StrategyFailure failure(Strategy s, List<String> through) {
        Executor e = new Executor(X86_64, s);
        return assertThrows(StrategyFailure.class, () -> Watchdog.run(MisbehavingStrategiesTest.CALL_TIMEOUT, null,
                null, () -> Watchdog.locating(noting(through, "outer", f -> f.onTry(3)), () -> {
                    Watchdog.locating(noting(through, "returned", f -> f), () -> null);
                    return Watchdog.locating(noting(through, "middle", f -> f), () -> Watchdog.locating(
                            noting(through, "inner", f -> f.locatedIn(-1, OPS, Schedule.SEQUENTIAL)),
                            () -> e.run(OPS)));
                })));
    }

    private static UnaryOperator<StrategyFailure> noting(List<String> through, String name,
                                                         UnaryOperator<StrategyFailure> locator) {
        return f -> {
            through.add(name);
            return locator.apply(f);
        };
    }
}
