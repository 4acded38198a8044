package io.github.ptcheck.maven;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanTest {

    private static final List<Strategy> NONE = List.of();

    private static List<String> names(Plan p) {
        return p.cells().map(Cell::name).toJavaList();
    }

    private static String error(CheckRequest r, List<Strategy> user) {
        return assertThrows(IllegalArgumentException.class, () -> Plan.of(r, user)).getMessage();
    }

    @Test
    void withoutCellsOrStrategiesEveryBuiltInRunsOnEveryPresetItServes() {
        Plan p = Plan.of(CheckRequest.defaults(), NONE);
        List<String> expected = Strategies.all().flatMap(s -> Presets.all().filter(s::serves)
                .map(preset -> s.name() + "@" + preset.name())).toJavaList();
        assertEquals(expected, names(p));
        assertEquals(29, names(p).size());
        assertTrue(names(p).contains("powerpc-naive-v1@powerpc64-hash-64k"), "the broken ones are not left out");
    }

    @Test
    void withStrategyClassesTheDefaultIsTheUsersStrategiesOnThePresetsTheyServe() {
        Plan p = Plan.of(CheckRequest.defaults(), List.of(new Fixtures.MyGeneric()));
        assertEquals(List.of("my-generic@x86_64"), names(p));
        assertTrue(error(CheckRequest.defaults(), List.of(new Fixtures.ServesNothing()))
                .startsWith("strategy serves-nothing serves none of the presets x86_64, "),
                "a user strategy that serves nothing is an error, not an empty check");
    }

    @Test
    void cellEntriesNameOneCellAStrategyAPresetOrAll() {
        CheckRequest r = CheckRequest.defaults().withCells("powerpc-naive-v1@x86_64", "@s390x, sparc64-v6.6",
                "generic-v6.6@x86_64");
        assertEquals(List.of("powerpc-naive-v1@x86_64", "s390-naive-v1@s390x", "s390-hh-v2@s390x",
                "s390-hh-v2-intended@s390x", "s390-pageactive-v6.6@s390x", "s390-fullpage-v6.7@s390x", "sparc64-v6.6@sparc64",
                "generic-v6.6@x86_64"), names(Plan.of(r, NONE)));
        assertEquals(names(Plan.of(CheckRequest.defaults(), NONE)),
                names(Plan.of(CheckRequest.defaults().withCells("all"), NONE)));
        assertEquals(List.of("generic-v6.6@x86_64"), names(Plan.of(CheckRequest.defaults()
                .withCells("generic-v6.6@x86_64", "generic-v6.6@x86_64"), NONE)), "each cell once");
    }

    @Test
    void cellEntriesThatAreWrongSayWhatWasMeantAndOnesProbablyNotMeantWarn() {
        assertEquals("cell 'generic-v6.6@' in <cells> names no preset after '@'; write strategy@preset, e.g."
                + " generic-v6.6@x86_64, or generic-v6.6 alone for every preset it serves",
                error(CheckRequest.defaults().withCells("generic-v6.6@"), NONE));
        assertEquals("cell 'x@' in <cells> names no preset after '@'; write strategy@preset, e.g. generic-v6.6@x86_64",
                error(CheckRequest.defaults().withCells("x@"), NONE));
        assertEquals("<cells> (-Dptcheck.cells=,) names no cell; name cells as strategy@preset, strategy, @preset or"
                + " all, or leave the parameter out for the default cells", assertThrows(IllegalArgumentException.class,
                () -> CheckRequest.requireSomeCell(List.of(), ",")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CheckRequest.requireSomeCell(List.of(" , "), null));
        CheckRequest.requireSomeCell(null, null);
        CheckRequest.requireSomeCell(List.of("all"), "all");

        Plan p = Plan.of(CheckRequest.defaults().withCells("generic-v6.6", "generic-v6.6@x86_64", "powerpc-naive-v1@x86_64")
                .withExpectedViolations("powerpc-naive-v1@powerpc64-hash-64k", "powerpc-naive-v1"), NONE);
        assertEquals(List.of("generic-v6.6@x86_64", "generic-v6.6@arm64-4k", "generic-v6.6@arm64-64k",
                "powerpc-naive-v1@x86_64"), names(p), "each cell once, and the one not served runs");
        assertEquals(List.of("cell generic-v6.6@x86_64 is named twice in <cells>, by 'generic-v6.6' and by"
                + " 'generic-v6.6@x86_64'; it runs once",
                "strategy powerpc-naive-v1 does not serve x86_64 (the kernel does not use it there); checking"
                        + " powerpc-naive-v1@x86_64 anyway, as <cells> asks (it serves powerpc64-hash-64k,"
                        + " powerpc64-radix-64k, powerpc64-4k)",
                "<expectedViolations> entry 'powerpc-naive-v1@powerpc64-hash-64k' matches no cell checked in this run,"
                        + " so it expects nothing here (the cells: generic-v6.6@x86_64, generic-v6.6@arm64-4k,"
                        + " generic-v6.6@arm64-64k, powerpc-naive-v1@x86_64)"), p.warnings().toJavaList());
    }

    @Test
    void aUserStrategyWhoseServesThrowsIsNamed() {
        io.github.ptcheck.check.StrategyFailure f = assertThrows(io.github.ptcheck.check.StrategyFailure.class,
                () -> Plan.of(CheckRequest.defaults(), List.of(new Fixtures.ServesThrows())));
        assertTrue(f.getMessage().startsWith("strategy 'serves-throws' threw in serves(x86_64):"
                + " java.lang.IllegalStateException: which presets? not decided"), f.getMessage());
    }

    @Test
    void unknownNamesSayWhatIsKnownAndHowToAddYourOwn() {
        assertEquals("unknown preset 'powerpc64-hash-4k' in <cells>; known presets: " + Presets.names()
                + " (define your own with <presets>); did you mean 'powerpc64-hash-64k'?",
                error(CheckRequest.defaults().withCells("powerpc-naive-v1@powerpc64-hash-4k"), NONE));
        assertTrue(error(CheckRequest.defaults().withCells("powerpc-naive-v2"), NONE)
                .startsWith("unknown strategy 'powerpc-naive-v2' in <cells>; known strategies: generic-v6.6, "));
        assertTrue(error(CheckRequest.defaults().withCells("generic-v6.6@x86_64")
                .withExpectedViolations("powerpc-naive-v1@x86-64"), NONE)
                .startsWith("unknown preset 'x86-64' in <expectedViolations> entry 'powerpc-naive-v1@x86-64'"));
        assertTrue(error(CheckRequest.defaults().withExpectedViolations("s390-naive-v2"), NONE)
                .startsWith("unknown strategy 's390-naive-v2' in <expectedViolations> entry 's390-naive-v2'"));
        assertTrue(error(CheckRequest.defaults().withExpectedViolations("all"), NONE).startsWith("'all' in"));
    }

    @Test
    void presetsFromThePomCanBeCheckedAndExpectedButNotTakeABuiltInsName() {
        CheckRequest r = CheckRequest.defaults().withPresets(new PresetParameter("board7", "powerpc", 65536, 4096))
                .withCells("@board7").withExpectedViolations("powerpc-naive-v1@board7");
        Plan p = Plan.of(r, NONE);
        assertEquals(List.of("powerpc-naive-v1@board7", "powerpc-refcount-v2@board7",
                "powerpc-pageactive-v6.6@board7", "powerpc-pageactive-fda4d71651f7@board7"), names(p));
        assertTrue(p.expected().of(p.cells().head()).isDefined());
        assertFalse(p.expected().of(p.cells().get(1)).isDefined(), "no known verdict on a preset of ours");
        assertEquals(16, p.catalog().preset("board7").get().tablesPerPage());
        assertTrue(error(CheckRequest.defaults().withPresets(new PresetParameter("x86_64", "x86", 4096, 2048)), NONE)
                .startsWith("<presets>: a preset named 'x86_64' is already known"));
        assertEquals("preset board8 has no <tableSize> (bytes of one PTE table, e.g. 4096)",
                error(CheckRequest.defaults().withPresets(new PresetParameter("board8", "powerpc", 65536, 0)), NONE));
        assertEquals("preset board9: table size 3000 must divide the page size 65536",
                error(CheckRequest.defaults().withPresets(new PresetParameter("board9", "powerpc", 65536, 3000)),
                        NONE));
    }

    @Test
    void aUsersStrategyMayNotTakeABuiltInsName() {
        String e = error(CheckRequest.defaults(), List.of(new Fixtures.Impostor()));
        assertTrue(e.startsWith("<strategyClasses>: io.github.ptcheck.maven.Fixtures$Impostor is named"
                + " 'generic-v6.6', but a strategy named 'generic-v6.6' is already known"), e);
    }

    @Test
    void theNumbersBecomeTheCheckConfigAndBadOnesAreNamed() {
        Plan p = Plan.of(CheckRequest.defaults().withNumbers(42, 7, 12, 3, 1, 9, 5, 60), NONE);
        assertEquals(42, p.config().seed());
        assertEquals(7, p.config().tries());
        assertEquals(12, p.config().maxLength());
        assertEquals(3, p.config().bounds().cpus());
        assertEquals(1, p.config().bounds().mms());
        assertEquals(9, p.config().bounds().maxTables());
        assertEquals(Duration.ofSeconds(5), p.config().shrinkTimeLimit());
        assertEquals(Duration.ofSeconds(60), p.config().timeBudget().get());
        assertTrue(Plan.of(CheckRequest.defaults(), NONE).config().timeBudget().isEmpty(), "no budget by default");
        assertEquals("tries must be between 1 and 10000000, was 0",
                error(CheckRequest.defaults().withNumbers(0, 0, 40, 2, 2, 40, 30, null), NONE));
        assertEquals("cpus must be between 0 and 64, was -1",
                error(CheckRequest.defaults().withNumbers(0, 200, 40, -1, 2, 40, 30, null), NONE));
        assertEquals("maxLength must be between 1 and 10000, was 0",
                error(CheckRequest.defaults().withNumbers(0, 200, 0, 2, 2, 40, 30, null), NONE));
        assertEquals("mms must be between 1 and 64, was 2147483647 (mms that allocate; each adds an alloc and an exit"
                + " to every step)", error(CheckRequest.defaults().withNumbers(0, 200, 40, 2, Integer.MAX_VALUE, 40, 30,
                null), NONE));
        assertEquals("callTimeout must be positive, was 0 s (the default is 10 s)",
                error(CheckRequest.defaults().withCallTimeout(0), NONE));
        assertEquals(Duration.ofSeconds(3), Plan.of(CheckRequest.defaults().withCallTimeout(3), NONE).config()
                .callTimeout());
        assertTrue(error(CheckRequest.defaults().withNumbers(0, 200, 40, 2, 2, 40, 30, 0), NONE)
                .startsWith("timeBudget must be positive"));
    }

    @Test
    void exhaustiveModeIsOffByDefaultAndItsNumbersAreChecked() {
        assertFalse(Plan.of(CheckRequest.defaults(), NONE).exhaustive());
        Plan p = Plan.of(CheckRequest.defaults().withCells("generic-v6.6@x86_64").withExhaustive(4, 500), NONE);
        assertTrue(p.exhaustive());
        assertEquals(4, p.depth());
        assertEquals(p.config().bounds(), p.explorer(p.cells().head()).bounds(), "the same bounds as the tries");
        assertTrue(p.explorer(p.cells().head()).symmetry(), "symmetry reduction on by default");
        assertFalse(p.withSymmetry(false).explorer(p.cells().head()).symmetry());
        assertEquals("depth must be between 0 and 1000, was -1",
                error(CheckRequest.defaults().withExhaustive(-1, 500), NONE));
        assertEquals("depth must be between 0 and 1000, was 2147483647 (operations to explore exhaustively per cell;"
                + " 0 explores nothing)", error(CheckRequest.defaults().withExhaustive(Integer.MAX_VALUE, 500), NONE));
        assertTrue(error(CheckRequest.defaults().withExhaustive(3, 0), NONE)
                .startsWith("state budget must be between 1 and "));
    }

    @Test
    void theDefaultsOfTheRequestAreTheLibrarysAndListEntriesAreTrimmedAndSplit() {
        CheckRequest d = CheckRequest.defaults();
        assertEquals(List.of(0L, 200, 40, 2, 2, 40, 30, 0, 10), List.of(d.seed(), d.tries(), d.maxLength(),
                d.cpus(), d.mms(), d.maxTables(), d.shrinkTimeLimit(), d.depth(), d.callTimeout()));
        assertEquals(null, d.stateBudget(), "the state budget is the heap's unless set");
        Plan heap = Plan.of(d.withCells("generic-v6.6@x86_64").withExhaustive(3, 500), NONE);
        assertEquals(500, heap.effectiveStateBudget());
        assertEquals(io.github.ptcheck.explore.Explorer.heapStateBudget(), Plan.of(d.withCells("generic-v6.6@x86_64"),
                NONE).effectiveStateBudget());
        assertEquals(List.of("a", "b", "c"), CheckRequest.entries(java.util.Arrays.asList(" a ,b", null, "", "c")));
        assertEquals(List.of(), CheckRequest.entries(null));
    }
}
