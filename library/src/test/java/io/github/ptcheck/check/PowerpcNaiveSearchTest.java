package io.github.ptcheck.check;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.github.ptcheck.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random mode finds the bug Matthew Wilcox saw in review (seeds/lkml-pte_free_defer-2023-06-01):
 * two tables of one page deferred in one grace period queue the page's one rcu_head twice.
 */
class PowerpcNaiveSearchTest {

    static Stream<Arguments> cells() {
        return Stream.of(Presets.POWERPC64_HASH_64K, Presets.POWERPC64_RADIX_64K)
                .flatMap(p -> LongStream.range(0, 20).mapToObj(seed -> Arguments.of(p, seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cells")
    void powerpcNaiveIsFoundAndShrunkToFourOperations(Preset preset, long seed) {
        Finding f = NaiveSearch.find(Strategies.named("powerpc-naive-v1"), preset, seed, Invariant.RCU_HEAD_REUSE);
        assertEquals(4, f.shrunk().size());
        // Whatever order the generator found it in, the shrinker puts it the same way.
        assertEquals(seq(alloc(0), alloc(0), defer(0), defer(1)), f.shrunk());
        assertEquals(4, f.violation().step());
        assertEquals(0, f.violation().pfn());
        assertEquals("rcu_head", f.violation().field());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void genericOnASharedPageIsTheNaiveSchemeAndIsFound(long seed) {
        Finding f = NaiveSearch.find(Strategies.named("generic-v6.6"), Presets.POWERPC64_HASH_64K, seed,
                Invariant.RCU_HEAD_REUSE);
        assertEquals(seq(alloc(0), alloc(0), defer(0), defer(1)), f.shrunk());
    }

    static LongStream seeds() {
        return LongStream.range(0, 5);
    }
}
