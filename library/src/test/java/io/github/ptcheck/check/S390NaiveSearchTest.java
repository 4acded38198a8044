package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random mode finds the s390 bug Gerald Schaefer pointed at (seeds/lkml-pte_free_defer-2023-06-01):
 * {@code page->lru} written over the queued {@code rcu_head}, or that head queued twice. Needs
 * the real {@code s390-naive-v1}: against a placeholder it fails.
 */
class S390NaiveSearchTest {

    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void s390NaiveIsFoundAndShrunkToAtMostFourOperations(long seed) {
        Finding f = NaiveSearch.find(Strategies.named("s390-naive-v1"), Presets.S390X, seed,
                Invariant.UNION_CLOBBER, Invariant.RCU_HEAD_REUSE);
        assertTrue(f.shrunk().size() <= 4, () -> f.shrunk().mkString(", "));
    }
}
