package io.github.ptcheck.sched;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.Executor;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Turn;
import io.github.ptcheck.model.Event;
import io.github.ptcheck.op.Schedule;
import io.github.ptcheck.strategy.Strategies;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

import static io.github.ptcheck.Ops.alloc;
import static io.github.ptcheck.Ops.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The narrative a strategy writes between primitives in an interleaved run
 * ({@code Scheduling.note}): it goes into the turn that made it, at its place among the calls,
 * and once, though the routine is replayed from its start at every turn.
 */
class InterleavedNarrativeTest {

    private static Event line(String text, int pfn) {
        return new Event(text, pfn);
    }

    /**
     * powerpc's pte_alloc_one on two CPUs for mm0: step 1 is preempted after its
     * {@code atomic_set(pt_frag_refcount, 1)}, step 2 runs whole and sets {@code pte_frag}; step 1
     * resumes, takes the lock, finds {@code pte_frag} set (its note), and is preempted before its
     * {@code spin_unlock}; its last turn replays the note's point and must not write it again.
     */
    @Test
    void aNoteBetweenPrimitivesIsWrittenOnceInTheTurnThatMadeIt() {
        Outcome o = new Interleaver(new Executor(Presets.POWERPC64_HASH_64K,
                Strategies.named("powerpc-pageactive-v6.6"))).trace(seq(alloc(0), alloc(0)), Schedule.parse("1:5 2 1:1 1"));
        assertTrue(o.passed(), o::toString);
        List<Event> step1First = List.of(
                line("spin_lock(mm0->page_table_lock)", -1),
                line("spin_unlock(mm0->page_table_lock)", -1),
                line("alloc_page() = page 0", 0),
                line("pagetable_pte_ctor(page 0)", 0),
                line("atomic_set(pt_frag_refcount, 1) [page 0]", 0));
        List<Event> step1Note = List.of(
                line("spin_lock(mm0->page_table_lock)", -1),
                line("pte_frag already set by another CPU: page 0 serves this one fragment", -1));
        List<Event> step1Last = List.of(
                line("spin_unlock(mm0->page_table_lock)", -1),
                line("pmd_populate: t1 = page 0 fragment 0 for mm0", 0));
        assertEquals(Vector.of(
                new Turn(1, step1First, "preempted"),
                new Turn(2, List.of(
                        line("spin_lock(mm0->page_table_lock)", -1),
                        line("spin_unlock(mm0->page_table_lock)", -1),
                        line("alloc_page() = page 1", 1),
                        line("pagetable_pte_ctor(page 1)", 1),
                        line("atomic_set(pt_frag_refcount, 1) [page 1]", 1),
                        line("spin_lock(mm0->page_table_lock)", -1),
                        line("atomic_set(pt_frag_refcount, 16) [page 1]", 1),
                        line("mm0->context.pte_frag = page 1 fragment 1", -1),
                        line("spin_unlock(mm0->page_table_lock)", -1),
                        line("pmd_populate: t0 = page 1 fragment 0 for mm0", 1)), ""),
                new Turn(1, step1Note, "preempted"),
                new Turn(1, step1Last, "")), o.turns());
        // The step as the trace shows it: its turns' lines in order, the note once.
        assertEquals(step1First.appendAll(step1Note).appendAll(step1Last), o.steps().get(0).events());
    }
}
