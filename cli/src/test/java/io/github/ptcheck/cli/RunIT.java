package io.github.ptcheck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ptcheck run}, {@code replay}, {@code presets} and {@code strategies}, run as a process. */
class RunIT {

    @TempDir
    Path dir;

    @Test
    void aSequenceFromTheCommandLineIsTracedAndSavedAndItsReplaySaysWhenTheFileWasEdited() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "run", "powerpc-naive-v1@powerpc64-hash-64k",
                "alloc mm0; alloc mm0; freeDeferred t0; freeDeferred t1", "--save", "bug.ptcheck");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().startsWith("ptcheck trace: powerpc-naive-v1 on powerpc64-hash-64k (16 tables per page)\n"
                + "VIOLATION RCU_HEAD_REUSE at step 4 on page 0: "), r::toString);
        assertTrue(r.out().contains("\n>>  4  freeDeferred t1\n"), r::toString);
        assertTrue(r.out().contains("\nptcheck run: powerpc-naive-v1@powerpc64-hash-64k, 4 operations: broke"
                + " RCU_HEAD_REUSE at step 4\nsaved as bug.ptcheck; run it again with java -jar "), r::toString);

        Ptcheck.Run replay = Ptcheck.run(dir, "replay", "bug.ptcheck");
        assertEquals(1, replay.exit(), replay::toString);
        assertTrue(replay.out().startsWith("ptcheck replay of bug.ptcheck: powerpc-naive-v1 on powerpc64-hash-64k:"
                + " 65536-byte pages, 4096-byte tables, 16 per page"), replay::toString);
        assertTrue(replay.out().endsWith("\nreproduced on powerpc-naive-v1 on powerpc64-hash-64k: RCU_HEAD_REUSE at"
                + " step 4 on page 0: call_rcu(page 0 rcu_head, pte_free_now) while that rcu_head is still queued for"
                + " pte_free_now: one rcu_head per page, two call_rcu [rcu_head: rcu_head (queued, func=pte_free_now)"
                + " -> queued again, func=pte_free_now]\n"), replay::toString);

        Path file = dir.resolve("bug.ptcheck");
        Files.writeString(file, Files.readString(file).replace("freeDeferred t1\n", "free t1\n"));
        Ptcheck.Run edited = Ptcheck.run(dir, "replay", "bug.ptcheck");
        assertEquals(0, edited.exit(), "the edited sequence breaks nothing: " + edited);
        assertTrue(edited.out().contains("\nnot reproduced: the file records RCU_HEAD_REUSE at step 4, but"
                + " powerpc-naive-v1 on powerpc64-hash-64k passed: the file was edited since ptcheck wrote it"),
                edited::toString);
    }

    @Test
    void aScheduleOverlapsTheOperationsAndTheTraceShowsTheCpusSideBySide() throws Exception {
        Ptcheck.Run r = Ptcheck.run(dir, "run", "s390-pageactive-v6.6@s390x",
                "alloc mm0; alloc mm0; freeTlb t1; free t0; runCallback 0", "--schedule", "4:3 5 4");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("schedule: 4:3 5 4 (1 preemption;"), r::toString);
        assertTrue(r.out().contains("CPU A") && r.out().contains("| CPU B"), r::toString);
        assertTrue(r.out().contains("~~ preempted ~~"), r::toString);
        Ptcheck.Run bad = Ptcheck.run(dir, "run", "s390-pageactive-v6.6@s390x", "alloc mm0", "--schedule", "0:x");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("schedule turn '0:x' is not N"), bad::toString);
    }

    @Test
    void aSequenceFromAFileAndMistakesInItByLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("seq.txt"), "# the s390 bug of the first patch\nalloc mm0\nalloc mm0\n"
                + "freeDeferred t0\nfree t1\n");
        Ptcheck.Run r = Ptcheck.run(dir, "run", "s390-naive-v1@s390x", "--file", "seq.txt");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("\n>>  4  free t1\n"), r::toString);
        Ptcheck.Run passes = Ptcheck.run(dir, "run", "s390-naive-v1@s390x-pgste", "--file", "seq.txt");
        assertEquals(0, passes.exit(), passes::toString);
        assertTrue(passes.out().contains("\nptcheck run: s390-naive-v1@s390x-pgste, 4 operations: passed\n"),
                passes::toString);

        Files.writeString(dir.resolve("typo.txt"), "alloc mm0\n\nfreeDefered t0\n");
        Ptcheck.Run typo = Ptcheck.run(dir, "run", "s390-naive-v1@s390x", "--file", "typo.txt");
        assertEquals(2, typo.exit(), typo::toString);
        assertTrue(typo.err().startsWith("ptcheck: typo.txt:3:1: unknown operation 'freeDefered'; expected one of:"),
                typo::toString);
        assertTrue(typo.err().contains("(did you mean 'freeDeferred'?)"), typo::toString);
        Ptcheck.Run inline = Ptcheck.run(dir, "run", "s390-naive-v1@s390x", "alloc mm0; alloc m0");
        assertEquals(2, inline.exit(), inline::toString);
        assertTrue(inline.err().startsWith("ptcheck: operation 2 ('alloc m0'): expected an mm like mm0, found 'm0'"),
                inline::toString);
        Ptcheck.Run missing = Ptcheck.run(dir, "replay", "nowhere.ptcheck");
        assertEquals(2, missing.exit(), missing::toString);
        assertEquals("ptcheck: no such file: nowhere.ptcheck\n", missing.err());
    }

    /** ./ptcheck runs the jar, and the commands it prints start the way it was started. */
    @Test
    void theLauncherScriptRunsTheJarAndNamesItselfInTheCommandsItPrints() throws Exception {
        Ptcheck.Run r = Ptcheck.script(dir, "run", "powerpc-naive-v1@powerpc64-4k", "alloc mm0; freeDeferred t0",
                "--save", "ok.ptcheck");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*\nsaved as ok\\.ptcheck; run it again with \\S*/ptcheck replay ok\\.ptcheck\n"),
                r::toString);
    }

    /**
     * ./ptcheck starts the JVM with the parallel collector; PTCHECK_JAVA_OPTS replaces that, and
     * a collector chosen in JAVA_TOOL_OPTIONS is kept (the JVM stops if two are chosen).
     */
    @Test
    void theLauncherScriptChoosesTheParallelCollectorUnlessTold() throws Exception {
        String log = "-Xlog:gc:stderr";
        Ptcheck.Run chosen = Ptcheck.script(dir, Map.of("JAVA_TOOL_OPTIONS", log), "--version");
        assertEquals(0, chosen.exit(), chosen::toString);
        assertTrue(chosen.err().contains("[gc] Using Parallel"), chosen::toString);
        Ptcheck.Run own = Ptcheck.script(dir, Map.of("JAVA_TOOL_OPTIONS", log, "PTCHECK_JAVA_OPTS", ""), "--version");
        assertEquals(0, own.exit(), own::toString);
        assertFalse(own.err().contains("[gc] Using Parallel"), own::toString);
        Ptcheck.Run serial = Ptcheck.script(dir, Map.of("JAVA_TOOL_OPTIONS", log + " -XX:+UseSerialGC"), "--version");
        assertEquals(0, serial.exit(), serial::toString);
        assertTrue(serial.err().contains("[gc] Using Serial"), serial::toString);
        Ptcheck.Run told = Ptcheck.script(dir, Map.of("PTCHECK_JAVA_OPTS", log + " -XX:+UseSerialGC"), "--version");
        assertEquals(0, told.exit(), told::toString);
        assertTrue(told.out().contains("[gc] Using Serial") || told.err().contains("[gc] Using Serial"), told::toString);
    }

    @Test
    void presetsAndStrategiesWithTheirKnownVerdicts() throws Exception {
        Ptcheck.Run p = Ptcheck.run(dir, "presets");
        assertEquals(0, p.exit(), p::toString);
        assertTrue(p.out().contains("\npowerpc64-hash-64k   powerpc   65536    4096         16  powerpc-naive-v1,"
                + " powerpc-refcount-v2, powerpc-pageactive-v6.6, powerpc-pageactive-fda4d71651f7\n"), p::toString);
        assertTrue(p.out().contains("\nsparc32-srmmu        sparc      4096     256         16  none\n"), p::toString);
        Ptcheck.Run s = Ptcheck.run(dir, "strategies");
        assertEquals(0, s.exit(), s::toString);
        assertTrue(s.out().contains("\npowerpc-naive-v1  (kept because it is broken)\n"), s::toString);
        assertTrue(s.out().contains("\n  powerpc64-hash-64k: breaks RCU_HEAD_REUSE in 4 operations (two tables of one"
                + " page deferred in one grace period queue the page's one rcu_head twice;"
                + " docs/strategies.md#the-two-bugs-of-the-first-patch)\n"), s::toString);
        assertTrue(s.out().contains("\n  powerpc64-4k: passes ("), s::toString);
    }
}
