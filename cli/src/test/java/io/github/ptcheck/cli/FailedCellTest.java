package io.github.ptcheck.cli;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every block of a cell not judged ends with a command that makes it fail again. */
class FailedCellTest {

    private static String printed(StrategyFailure f) {
        return printed(f, 0L, "ptcheck check generic-v6.6@x86_64 --seed 0 --interleavings");
    }

    private static String printed(StrategyFailure f, Long seed, String again) {
        StringWriter out = new StringWriter();
        PrintWriter err = new PrintWriter(out);
        new FailedCell(0, new Cell(Presets.X86_64, Strategies.named("generic-v6.6")), f).print(err, seed, "", again);
        err.flush();
        return out.toString();
    }

    /** Past a try's own run without operations (e.g. not deterministic there): the check of that seed again. */
    @Test
    void aFailureWithoutItsOperationsIsReproducedByTheCheckAgain() {
        StrategyFailure f = new StrategyFailure("generic-v6.6", 16, "alloc mm1", "pte_alloc_one", "did not return",
                null).onTry(4);
        String block = printed(f);
        assertTrue(block.contains("\n  seed 0, 5th try\n"), block);
        assertTrue(block.endsWith("\n  reproduce: ptcheck check generic-v6.6@x86_64 --seed 0 --interleavings\n"), block);
    }

    /** With its operations and schedule: the run of exactly those. */
    @Test
    void aFailureWithItsOperationsIsReproducedByTheirRun() {
        StrategyFailure f = new StrategyFailure("generic-v6.6", 2, "alloc mm0", "pte_alloc_one", "threw", null)
                .during(0, io.vavr.collection.Vector.of(new io.github.ptcheck.op.Op.Alloc(0)), true)
                .under(io.github.ptcheck.op.Schedule.parse("1:1 2 1"));
        String block = printed(f);
        assertTrue(block.contains("; overlapped under the schedule 1:1 2 1\n"), block);
        assertTrue(block.endsWith(" run generic-v6.6@x86_64 \"alloc mm0; alloc mm0\" --schedule \"1:1 2 1\"\n"), block);
    }

    /**
     * Not deterministic, from an exploration (its counterexample passes when run again): the
     * operations and schedule in the message, no run of them to reproduce it, the exploration again.
     */
    @Test
    void aNotDeterministicExplorationIsReproducedByTheExplorationAgain() {
        StrategyFailure f = StrategyFailure.notFoundAgain("generic-v6.6", "alloc mm0, alloc mm0 under the schedule"
                + " 1:1 2 1", "RCU_HEAD_REUSE at step 2 when the interleaving search reached it", "passed", "passed");
        assertEquals("ptcheck cannot judge generic-v6.6@x86_64: strategy 'generic-v6.6' is not deterministic: the same"
                + " sequence gave two different results (RCU_HEAD_REUSE at step 2 when the interleaving search reached"
                + " it, then passed when run again from the boot state) for alloc mm0, alloc mm0 under the schedule"
                + " 1:1 2 1. Fix the strategy: every method must be a function of the machine it is given (no static"
                + " counter, no random number, no clock, no state kept in the strategy object); state lives in the"
                + " Machine.\n  reproduce: ptcheck explore generic-v6.6@x86_64 --depth 3 --interleavings\n",
                printed(f, null, "ptcheck explore generic-v6.6@x86_64 --depth 3 --interleavings"));
    }
}
