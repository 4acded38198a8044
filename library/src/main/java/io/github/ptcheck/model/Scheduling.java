package io.github.ptcheck.model;

import java.util.function.Function;

/**
 * The CPU a routine runs on in an interleaved run, as the machine's primitives see it. Every
 * primitive (and every operation of the executor's) is a scheduling point: instead of changing
 * the snapshot it was called on, it hands its body to {@link #step}, which runs it on the
 * machine as it is now (another CPU may have run since the routine's last step), or suspends
 * the routine there. A plain read of a snapshot is therefore a load made right after the
 * routine's last primitive; {@link Machine#readOnce()} is a scheduling point that returns the
 * current machine.
 *
 * <p>Implemented by the scheduler ({@code io.github.ptcheck.sched}); a machine without one
 * (every run that is not interleaved) runs each primitive on itself, as always.
 */
public interface Scheduling {

    /** The CPU the routine runs on: the holder recorded in the locks it takes. */
    int cpu();

    /**
     * A scheduling point: {@code body}, the primitive {@code call}, applied to the machine as it
     * is now, or the routine suspended here (by an exception the scheduler catches; the routine is
     * replayed from its start when it resumes, which is why strategies must be pure functions of
     * the machine, and why the scheduler checks that each replayed call is the one made before).
     */
    <T> T step(KernelCall call, Function<Machine, T> body);

    /** A line of narrative for this CPU's part of the trace; not a scheduling point. */
    void note(Event event);

    /** Whether a primitive's body is running now (its narrative goes into its own result). */
    boolean inStep();

    /** This routine's mmu_gather context (each CPU has its own). */
    TlbContext tlb();

    void tlb(TlbContext context);
}
