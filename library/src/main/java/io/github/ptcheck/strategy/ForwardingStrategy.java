package io.github.ptcheck.strategy;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.MmConfig;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

import java.util.Objects;

/**
 * A scheme that is another one but for what it overrides: every routine, {@link #mmConfig()}
 * and {@link #describe(Page)} included, goes to the delegate. For a variant of a scheme (one
 * routine changed, a lock dropped, a what-if of the generic mm code) that is the scheme in
 * every other respect, which writing out the routines one by one makes easy to get wrong: a
 * routine left out falls back to {@link Strategy}'s default instead of the delegate's.
 *
 * <pre>{@code
 * public class UnlockedCursor extends ForwardingStrategy {
 *     public UnlockedCursor() { super(Strategies.named("powerpc-refcount-v2")); }
 *     public String name() { return "unlocked-cursor"; }
 *     public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) { ... }
 * }
 * }</pre>
 *
 * <p>{@link #name()} must be overridden: two strategies of one name cannot be checked side by
 * side, and a counterexample file names its strategy.
 */
public abstract class ForwardingStrategy implements Strategy {

    private final Strategy delegate;

    protected ForwardingStrategy(Strategy delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The scheme this one is, but for what it overrides. */
    protected final Strategy delegate() {
        return delegate;
    }

    @Override
    public abstract String name();

    /**
     * {@code variant of generic-v6.6 (mm/pgtable-generic.c, ...)}: a report must not give a
     * variant the delegate's kernel source as its own. Override it to say what changed.
     */
    @Override
    public String source() {
        return "variant of " + delegate.name() + " (" + delegate.source() + ")";
    }

    @Override
    public boolean serves(Preset preset) {
        return delegate.serves(preset);
    }

    @Override
    public Either<Violation, Allocated> pteAllocOne(Machine m, int mm) {
        return delegate.pteAllocOne(m, mm);
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table table) {
        return delegate.pteFree(m, table);
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table table) {
        return delegate.pteFreeDefer(m, table);
    }

    @Override
    public Either<Violation, Machine> pteFreeTlb(Machine m, Table table) {
        return delegate.pteFreeTlb(m, table);
    }

    @Override
    public Either<Violation, Machine> tlbRemoveTableFree(Machine m, Table table) {
        return delegate.tlbRemoveTableFree(m, table);
    }

    @Override
    public Either<Violation, Machine> rcuCallback(Machine m, String func, int pfn) {
        return delegate.rcuCallback(m, func, pfn);
    }

    @Override
    public Either<Violation, Machine> archExitMmap(Machine m, int mm) {
        return delegate.archExitMmap(m, mm);
    }

    @Override
    public MmConfig mmConfig() {
        return delegate.mmConfig();
    }

    @Override
    public String describe(Page page) {
        return delegate.describe(page);
    }
}
