package io.github.ptcheck.cli;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every block of a cell not judged ends with a command that makes it fail again. */
class FailedCellTest {

    private static String printed(StrategyFailure f) {
        StringWriter out = new StringWriter();
        PrintWriter err = new PrintWriter(out);
        new FailedCell(0, new Cell(Presets.X86_64, Strategies.named("generic-v6.6")), f)
                .print(err, 0L, "", "ptcheck check generic-v6.6@x86_64 --seed 0 --interleavings");
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
}
