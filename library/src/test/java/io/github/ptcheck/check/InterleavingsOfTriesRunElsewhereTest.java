package io.github.ptcheck.check;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.gen.Sequences;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.powerpc.UnlockedCursor;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Runner#checkInterleavings}: given the tries a property over sequences ran whole, it
 * finds what {@link Runner#check} finds in their interleavings.
 */
class InterleavingsOfTriesRunElsewhereTest {

    /** Every try passes run whole; a PCT schedule of two allocations races on the fragment cursor. */
    private static final Cell CELL = new Cell(Presets.POWERPC64_HASH_64K, new UnlockedCursor());
    private static final CheckConfig CONFIG = CheckConfig.defaults().withSeed(11).withTries(30).withInterleavings();

    @Test
    void theTriesGivenGiveTheFindingsTheRunnersOwnTriesGive() {
        Vector<Vector<Op>> tries = Sequences.of(CELL.preset(), CELL.strategy()).bounds(CONFIG.bounds())
                .maxLength(CONFIG.maxLength()).samples(CONFIG.seed(), CONFIG.tries());
        CellReport own = new Runner(CONFIG).check(CELL);
        Vector<Finding> given = new Runner(CONFIG).checkInterleavings(CELL, tries);

        Vector<Finding> expected = own.finding().toVector().appendAll(own.otherFindings());
        assertFalse(expected.isEmpty(), "the race is found");
        assertEquals(expected.map(InterleavingsOfTriesRunElsewhereTest::summary),
                given.map(InterleavingsOfTriesRunElsewhereTest::summary));
    }

    @Test
    void itTakesOneSequencePerTryAndSomePreemptions() {
        Vector<Vector<Op>> tries = Vector.fill(CONFIG.tries(), Vector::empty);
        assertEquals("29 sequences for 30 tries; pass the sequence of every try, in order", assertThrows(
                IllegalArgumentException.class, () -> new Runner(CONFIG).checkInterleavings(CELL, tries.init()))
                .getMessage());
        assertEquals("the config has no preemptions, so there are no interleavings to judge; give it some"
                + " (CheckConfig.withPreemptions)", assertThrows(IllegalArgumentException.class,
                () -> new Runner(CONFIG.withPreemptions(0)).checkInterleavings(CELL, tries)).getMessage());
    }

    private static String summary(Finding f) {
        return f.violation().summary() + " on try " + f.tryIndex() + " of " + f.original() + ", shrunk to "
                + f.shrunk() + " under " + f.schedule() + " (" + f.minimality() + "), traced: " + f.trace().ops();
    }
}
