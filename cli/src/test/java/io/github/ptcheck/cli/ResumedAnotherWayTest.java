package io.github.ptcheck.cli;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.report.Shell;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.cli.UserStrategyFaultsTest.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A routine the interleaving search paused, and resumed by running it again, that makes another
 * kernel call the second time: "not deterministic". Its reproduce line is the exploration again,
 * never {@code run --schedule} of the operations, which one run need not make fail (no routine
 * paused where the search paused it, this strategy passes).
 */
class ResumedAnotherWayTest {

    /** {@code generic-v6.6} whose {@code pte_free_defer()} names the other RCU callback each time: state in the object. */
    public static class AlternatingCallback extends ForwardingStrategy {
        private int calls;

        public AlternatingCallback() {
            super(Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "alternating-callback";
        }

        @Override
        public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
            return m.callRcu(t.pfn(), calls++ % 2 == 0 ? "pte_free_now" : "pte_free_later");
        }

        @Override
        public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
            return super.rcuCallback(m, "pte_free_now", pfn);
        }
    }

    @Test
    void aRoutineResumedAnotherWayIsReproducedByTheExplorationAgain() throws Exception {
        String name = AlternatingCallback.class.getName();
        Ptcheck.Run r = Ptcheck.inProcess("explore", "alternating-callback@x86_64", "--depth", "3", "--interleavings",
                "--strategy-path", classes(), "--strategy-class", name);
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.err().contains("ptcheck cannot judge alternating-callback@x86_64: strategy 'alternating-callback'"
                + " is not deterministic: the same sequence gave two different results (kernel call 3 of step 2,"), r::toString);
        assertTrue(r.err().contains("\n  reproduce: ptcheck explore alternating-callback@x86_64 --depth 3 --interleavings"
                + " --strategy-path " + Shell.quote(classes()) + " --strategy-class " + Shell.quote(name) + "\n"),
                r::toString);
        // The whole way from the boot state, as information: the message's own schedule counts
        // from the state the routine was resumed in.
        assertTrue(r.err().contains("(the interleaving search met it after alloc mm0; freeDeferred t0; exitMm mm0"
                + " under the schedule 2:3 3 2.)"), r::toString);
        assertFalse(r.err().contains(" run alternating-callback@x86_64 "), r::toString);
    }
}
