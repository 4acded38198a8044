package io.github.ptcheck.strategy.powerpc;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.vavr.control.Either;

/**
 * Bug that tells fragments apart: {@code powerpc-refcount-v2} whose {@code pte_free_defer()}
 * forgets a table (no reference dropped, nothing queued) when it is not fragment 0 and
 * fragment 0 of its page is still attached; the page then never goes back (a leak at teardown).
 * It reads a fragment number, which the explorer's symmetry reduction assumes no strategy does:
 * the test that it can be switched off.
 */
public final class FirstFragmentPins extends ForwardingStrategy {

    public FirstFragmentPins() {
        super(new PowerpcRefcount());
    }

    @Override
    public String name() {
        return "powerpc-first-fragment-pins";
    }

    @Override
    public String source() {
        return "test: powerpc-refcount-v2 whose pte_free_defer() forgets a table while fragment 0 of its page is attached";
    }

    @Override
    public boolean serves(Preset preset) {
        return false;
    }

    @Override
    public Either<Violation, Machine> pteFreeDefer(Machine m, Table t) {
        boolean firstAttached = t.frag() != 0
                && m.tablesOf(t.pfn()).exists(o -> o.frag() == 0 && o.attached() && o.id() != t.id());
        return firstAttached ? Either.right(m) : super.pteFreeDefer(m, t);
    }
}
