package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.model.Slot;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.github.ptcheck.Ops.*;
import static io.github.ptcheck.strategy.s390.S390Traces.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The s390 strategies that are not broken (s390-hh-v2-intended, s390-pageactive-v6.6, s390-fullpage-v6.7)
 * under the sequences that break s390-naive-v1 and under sequences made to stress sharing a page
 * between a deferred half and its sibling, on both s390 presets.
 */
class S390FixedStrategiesTest {

    static Stream<Arguments> cells() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String name : new String[]{"s390-hh-v2-intended", "s390-pageactive-v6.6", "s390-fullpage-v6.7"}) {
            for (Preset p : new Preset[]{Presets.S390X, Presets.S390X_PGSTE}) {
                b.add(Arguments.of(Strategies.named(name), p));
            }
        }
        return b.build();
    }

    private static Outcome passes(Strategy s, Preset p, Vector<Op> ops) {
        Outcome o = trace(s, p, ops);
        assertPassed(s, o);
        assertRan(s, o);
        return o;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void deferThenFreeTheSibling(Strategy s, Preset p) {
        passes(s, p, seq(alloc(0), alloc(0), defer(0), free(1)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void deferBothHalves(Strategy s, Preset p) {
        passes(s, p, seq(alloc(0), alloc(0), defer(0), defer(1)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void bothHalvesDeferredInOneGracePeriodWithAReaderHoldingBoth(Strategy s, Preset p) {
        Outcome o = passes(s, p, seq(alloc(0), alloc(0), lock(0), lookup(0, 0), lookup(0, 1), defer(0), defer(1),
                run(0), run(0), unlock(0), run(0)));
        // Nothing could run while cpu0 held both tables: page 0 is still there.
        assertTrue(after(o, 9).pageAllocated(0));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void deferOneHalfThenFreeTheOtherOnceTheReaderLeft(Strategy s, Preset p) {
        passes(s, p, seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(0), unlock(0), free(1), run(0),
                alloc(0), alloc(0)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void deferOneHalfThenAllocWhileTheReaderStays(Strategy s, Preset p) {
        Outcome o = passes(s, p, seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(0), alloc(0), alloc(0),
                unlock(0), run(0), alloc(0)));
        // t2 came while cpu0 held the deferred t0 (page 0, fragment 0): it must be somewhere else.
        assertNotEquals(new Slot(0, 0), slotOf(after(o, 6), 2));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void deferOneHalfThenFreeTlbTheOtherWhileTheReaderStays(Strategy s, Preset p) {
        passes(s, p, seq(alloc(0), alloc(0), lock(0), lookup(0, 0), defer(0), tlb(1), run(0), run(0),
                alloc(0), unlock(0), run(0), run(0), alloc(0)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void freeTlbThenDeferTheSibling(Strategy s, Preset p) {
        passes(s, p, seq(alloc(0), alloc(0), tlb(0), lock(0), lookup(0, 1), defer(1), run(0), alloc(0),
                run(0), unlock(0), run(0), alloc(0)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void aPendingHalfIsNotHandedOutBeforeItsGracePeriod(Strategy s, Preset p) {
        Outcome o = passes(s, p, seq(alloc(0), alloc(0), irqOff(0), lookup(0, 0), tlb(0), alloc(0), irqOn(0),
                run(0), alloc(0), alloc(0)));
        // t2 came while t0 (page 0, fragment 0) waited for cpu0: it must be somewhere else.
        assertNotEquals(new Slot(0, 0), slotOf(after(o, 6), 2));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void aReaderThatEntersAfterADeferralStaysAcrossCallbacks(Strategy s, Preset p) {
        // t0 deferred with no reader; cpu0 then looks up t1 and t2 and stays while callbacks run
        // and t1, t2 are deferred.
        passes(s, p, seq(alloc(0), alloc(0), alloc(0), defer(0), lock(0), lookup(0, 1), lookup(0, 2), run(0),
                defer(1), run(0), defer(2), run(0), alloc(0), alloc(0), unlock(0), run(0), run(0), alloc(0)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void exitMmWithHalvesPending(Strategy s, Preset p) {
        // cpu0's GUP-fast walk is of mm1 (one of mm0 would keep mm0 from exiting), cpu1's rmap walk holds t0.
        passes(s, p, seq(alloc(0), alloc(0), alloc(1), alloc(1), irqOff(0), lookup(0, 2), lock(1), lookup(1, 0),
                defer(0), tlb(2), exit(0), run(0), irqOn(0), unlock(1), defer(3), exit(1)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void twoMmsInterleaved(Strategy s, Preset p) {
        passes(s, p, seq(alloc(0), alloc(1), alloc(0), alloc(1), irqOff(1), lookup(1, 1), defer(0), tlb(1),
                defer(2), alloc(1), irqOn(1), free(3), barrier(), alloc(0), alloc(1)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void noPageLeftAfterTeardown(Strategy s, Preset p) {
        Outcome o = passes(s, p, seq(alloc(0), alloc(0), alloc(0), defer(1), tlb(0), defer(2)));
        assertFalse(o.steps().last().after().pageAllocated(0));
    }
}
