package io.github.ptcheck.cex;

import io.github.ptcheck.arch.Preset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One test per kind of bad input, each pinning the whole message a person reads. */
class CounterexampleErrorsTest {

    private static final String HEADER = "preset: powerpc64-hash-64k\n"
            + "strategy: powerpc-naive-v1\n"
            + "violation: RCU_HEAD_REUSE step=4 page=0\n";

    private static CounterexampleFormatException fails(String text) {
        return assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFile.parse(text, "bug.ptcheck", Catalog.builtIn()));
    }

    private static void assertMessage(String expected, String text) {
        assertEquals(expected, fails(text).getMessage());
    }

    @Test
    void aWrongTableNameSaysWhereAndWhatWasExpected() {
        CounterexampleFormatException e = fails(HEADER + "\nalloc mm0\nalloc mm0\nfreeDeferred tx\n");
        assertEquals("bug.ptcheck:7:14: expected a table like t0, found 'tx'", e.getMessage());
        assertEquals("bug.ptcheck", e.source());
        assertEquals(7, e.line());
        assertEquals(14, e.column());
        assertEquals("a table like t0", e.expected());
    }

    @Test
    void wrongArgumentsOfEachShape() {
        assertMessage("bug.ptcheck:4:7: expected an mm like mm0, found 'm0'; 'alloc' takes one argument, an mm like mm0",
                HEADER + "alloc m0\n");
        assertMessage("bug.ptcheck:4:10: expected a CPU like cpu0, found 'cpu'; 'readLock' takes one argument,"
                + " a CPU like cpu0", HEADER + "readLock cpu\n");
        assertMessage("bug.ptcheck:4:13: expected a callback index like 0 (the k-th eligible callback, oldest first),"
                + " found 'first'", HEADER + "runCallback first\n");
        assertMessage("bug.ptcheck:4:12: expected a table like t0, found end of line; 'lookup' takes 2 arguments:"
                + " a CPU like cpu0, then a table like t0", HEADER + "lookup cpu0   # which table?\n");
        assertMessage("bug.ptcheck:4:11: expected end of line after 'alloc mm0', found 'mm1'; 'alloc' takes one"
                + " argument, an mm like mm0", HEADER + "alloc mm0 mm1\n");
        assertMessage("bug.ptcheck:4:12: expected end of line after 'rcuBarrier', found 'now'; 'rcuBarrier' takes"
                + " no argument", HEADER + "rcuBarrier now\n");
        assertMessage("bug.ptcheck:4:7: expected an mm like mm0, found 'mm99999999999'; the number is too large"
                + " (at most 63)",
                HEADER + "alloc mm99999999999\n");
    }

    @Test
    void anUnknownOperationListsTheKnownOnes() {
        CounterexampleFormatException e = fails(HEADER + "alloc mm0\n  freeDefered t0\n");
        assertEquals("bug.ptcheck:5:3: unknown operation 'freeDefered'; expected one of: alloc, fill, free,"
                + " freeDeferred, freeTlb, freeTlbOne, freeTlbSiblings, reclaim, reclaimOne, readLock, irqOff, lookup, readUnlock, irqOn, runCallback,"
                + " rcuBarrier, exitMm"
                + " (did you mean 'freeDeferred'?)", e.getMessage());
        assertEquals("an operation", e.expected());
        assertMessage("bug.ptcheck:4:1: unknown operation 'pte_free_defer'; expected one of: alloc, fill, free,"
                + " freeDeferred, freeTlb, freeTlbOne, freeTlbSiblings, reclaim, reclaimOne, readLock, irqOff, lookup, readUnlock, irqOn,"
                + " runCallback, rcuBarrier, exitMm", HEADER + "pte_free_defer t0\n");
    }

    @Test
    void aMissingHeaderIsNamedWithAnExample() {
        assertMessage("bug.ptcheck:4:1: missing header 'strategy:'; expected it among the header lines before the"
                        + " first operation, e.g. 'strategy: powerpc-pageactive-v6.6'",
                "preset: powerpc64-hash-64k\nviolation: none\n\nalloc mm0\n");
        assertMessage("bug.ptcheck:3:1: missing header 'violation:'; expected it among the header lines before the"
                        + " first operation, e.g. 'violation: RCU_HEAD_REUSE step=4 page=0' (or 'violation: none')",
                "preset: x86_64\nstrategy: generic-v6.6\nalloc mm0\n");
        assertMessage("bug.ptcheck:1:1: the file has no header and no operation; expected header lines (preset:,"
                + " strategy:, violation:) and then one operation per line", "# nothing here\n\n");
    }

    @Test
    void aHeaderWithoutItsColonIsNotTakenForAnUnknownOperation() {
        assertMessage("bug.ptcheck:1:7: 'preset' is a header, not an operation; write it with a colon,"
                + " 'preset: powerpc64-hash-64k', before the first operation",
                "preset powerpc64-hash-64k\nstrategy: powerpc-naive-v1\nviolation: none\nalloc mm0\n");
        assertMessage("bug.ptcheck:4:5: 'seed' is a header, not an operation; write it with a colon, 'seed: 42',"
                + " before the first operation", HEADER + "seed 42\nalloc mm0\n");
    }

    @Test
    void aDuplicateHeaderPointsAtBothLines() {
        CounterexampleFormatException e = fails(HEADER + "seed: 1\nseed: 2\nalloc mm0\n");
        assertEquals("bug.ptcheck:5:1: duplicate header 'seed:' (first given on line 4); give each header once",
                e.getMessage());
        assertEquals("", e.expected());
    }

    @Test
    void headerKeysAreKnownAndComeFirst() {
        assertMessage("bug.ptcheck:4:1: expected a header key (preset, strategy, violation, schedule, seed, try,"
                + " minimality, ptcheck), found 'sed:'; did you mean 'seed:'?", HEADER + "sed: 4\nalloc mm0\n");
        assertMessage("bug.ptcheck:5:1: header 'seed:' after the first operation (line 4); expected every header"
                + " line before the operations", HEADER + "alloc mm0\nseed: 4\n");
    }

    @Test
    void anUnknownInvariantListsTheSpecNames() {
        CounterexampleFormatException e = fails("preset: x86_64\nstrategy: generic-v6.6\n"
                + "violation: RCU_REUSE step=4\nalloc mm0\n");
        assertEquals("bug.ptcheck:3:12: expected an invariant (RCU_HEAD_REUSE, UNION_CLOBBER, USE_AFTER_FREE,"
                + " EARLY_FREE, DOUBLE_FREE, REFCOUNT_UNDERFLOW, BAD_PAGE_STATE, LEAK, DOUBLE_ALLOC, LOCKDEP) or 'none',"
                + " found 'RCU_REUSE'", e.getMessage());
        assertMessage("bug.ptcheck:3:12: expected an invariant (RCU_HEAD_REUSE, UNION_CLOBBER, USE_AFTER_FREE,"
                + " EARLY_FREE, DOUBLE_FREE, REFCOUNT_UNDERFLOW, BAD_PAGE_STATE, LEAK, DOUBLE_ALLOC, LOCKDEP) or 'none',"
                + " found 'rcu_head_reuse'; did you mean 'RCU_HEAD_REUSE'?", "preset: x86_64\nstrategy: generic-v6.6\n"
                + "violation: rcu_head_reuse step=4\nalloc mm0\n");
        assertMessage("bug.ptcheck:3:26: expected step=N, the step of the violation, like step=4, found end of line",
                "preset: x86_64\nstrategy: generic-v6.6\nviolation: RCU_HEAD_REUSE\nalloc mm0\n");
        assertMessage("bug.ptcheck:3:27: expected step=N or page=N after the invariant, found 'pfn=0'",
                "preset: x86_64\nstrategy: generic-v6.6\nviolation: RCU_HEAD_REUSE pfn=0 step=4\nalloc mm0\n");
    }

    @Test
    void negativeNumbersAreRejectedWhereTheyCannotBe() {
        assertMessage("bug.ptcheck:5:6: expected a table like t0, found 't-1'; numbers cannot be negative",
                HEADER + "alloc mm0\nfree t-1\n");
        assertMessage("bug.ptcheck:4:13: expected a callback index like 0 (the k-th eligible callback, oldest"
                + " first), found '-2'; numbers cannot be negative", HEADER + "runCallback -2\n");
        assertMessage("bug.ptcheck:4:6: expected a try number like 17, found '-3'; numbers cannot be negative",
                HEADER + "try: -3\nalloc mm0\n");
        assertMessage("bug.ptcheck:3:32: expected a step number >= 1 like step=4, found '-4'; numbers cannot be"
                + " negative", "preset: x86_64\nstrategy: generic-v6.6\nviolation: RCU_HEAD_REUSE step=-4\nalloc mm0\n");
        assertMessage("bug.ptcheck:3:32: expected a step number >= 1 like step=4, found '0'",
                "preset: x86_64\nstrategy: generic-v6.6\nviolation: RCU_HEAD_REUSE step=0\nalloc mm0\n");
        // A seed is any 64-bit integer, negative ones included; beyond 64 bits it is an error.
        assertEquals(-5L, CounterexampleFile.parse(HEADER + "seed: -5\nalloc mm0\n", "ok", Catalog.builtIn())
                .counterexample().seed().get());
        assertMessage("bug.ptcheck:4:7: expected a seed like 42 (a 64-bit integer), found '9223372036854775808';"
                + " the number does not fit in 64 bits", HEADER + "seed: 9223372036854775808\nalloc mm0\n");
    }

    @Test
    void aTruncatedFileWithoutOperationsSaysSo() {
        CounterexampleFormatException e = fails(HEADER + "seed: 42\n\n");
        assertEquals("bug.ptcheck:6:1: the file ends after the header without any operation (truncated?);"
                + " expected at least one operation line such as 'alloc mm0'", e.getMessage());
        assertEquals("an operation line", e.expected());
        assertMessage("bug.ptcheck:3:40: the file ends after the header without any operation (truncated?);"
                + " expected at least one operation line such as 'alloc mm0'", HEADER.strip());
    }

    @Test
    void presetsThatCannotBeResolvedOrAreInconsistent() {
        assertMessage("bug.ptcheck:1:9: expected a known preset (x86_64, arm64-4k, arm64-64k, powerpc64-hash-64k,"
                + " powerpc64-radix-64k, powerpc64-4k, s390x, s390x-pgste, sparc64, sparc32-srmmu) or one defined in"
                + " full like 'preset: powerpc64-hash64k arch=powerpc page=65536 table=4096', found"
                + " 'powerpc64-hash64k'; did you mean 'powerpc64-hash-64k'?",
                "preset: powerpc64-hash64k\nstrategy: s\nviolation: none\nalloc mm0\n");
        assertMessage("bug.ptcheck:1:37: expected table=, to define preset 'mine' (a preset defined in the file"
                + " needs arch=, page= and table=, sizes in bytes), found end of line",
                "preset: mine arch=powerpc page=65536\nstrategy: s\nviolation: none\nalloc mm0\n");
        assertMessage("bug.ptcheck:1:9: preset mine: page size 65535 must be a positive power of two",
                "preset: mine arch=powerpc page=65535 table=4096\nstrategy: s\nviolation: none\nalloc mm0\n");
        assertMessage("bug.ptcheck:1:9: preset 'x86_64' is already built in as arch=x86 page=4096 table=4096; give"
                + " the preset defined here another name",
                "preset: x86_64 arch=x86 page=4096 table=2048\nstrategy: s\nviolation: none\nalloc mm0\n");
        assertMessage("bug.ptcheck:1:38: expected a preset attribute arch=, page=, table=, source= or pte_free_defer=, found"
                + " 'tabel=4096'; did you mean 'table='?",
                "preset: mine arch=powerpc page=65536 tabel=4096\nstrategy: s\nviolation: none\nalloc mm0\n");
        assertMessage("bug.ptcheck:1:56: expected a closing '\"' for the quote opened here, found end of line",
                "preset: mine arch=powerpc page=65536 table=4096 source=\"lab\nstrategy: s\nviolation: none\nalloc mm0\n");
        // Spelled out in full, a built-in's own geometry is that built-in.
        assertEquals(io.github.ptcheck.arch.Presets.X86_64, CounterexampleFile.parse(
                "preset: x86_64 arch=x86 page=4096 table=4096\nstrategy: s\nviolation: none\nalloc mm0\n", "ok",
                Catalog.builtIn()).counterexample().preset());
    }

    @Test
    void aPresetNamedOnlyMayComeFromTheCallersCatalog() {
        Preset mine = Preset.of("mine", "powerpc", 65536, 4096);
        String text = "preset: mine\nstrategy: s\nviolation: none\nalloc mm0\n";
        fails(text);
        assertEquals(mine, CounterexampleFile.parse(text, "ok", Catalog.builtIn().withPreset(mine))
                .counterexample().preset());
    }

    @Test
    void crlfLineEndsAndTrailingCommentsAreFine() {
        Counterexample c = CounterexampleFile.parse(("\uFEFF" + HEADER + "alloc mm0   # t0\n\tfreeDeferred t0#gone\n")
                .replace("\n", "\r\n"), "ok", Catalog.builtIn()).counterexample();
        assertEquals("[alloc mm0, freeDeferred t0]", c.ops().toJavaList().toString());
    }
}
