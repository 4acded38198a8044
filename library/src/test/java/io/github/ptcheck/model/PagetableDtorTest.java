package io.github.ptcheck.model;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.rcu.Reach;
import io.github.ptcheck.rcu.ReadSection;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The later kernels' names for the PTE table constructor and destructor do what 6.6's do:
 * {@code pagetable_dtor()} (6.14) has {@code pagetable_pte_dtor()}'s checks and effect on a PTE
 * table, and {@code pagetable_pte_ctor(mm, ptdesc)} (6.16) has {@code pagetable_pte_ctor(ptdesc)}'s
 * effect for a user mm; and so do the names up to 6.5, {@code pgtable_pte_page_ctor/dtor(page)}.
 * Only the call written in the trace and the violation differs.
 */
class PagetableDtorTest {

    /** Page 0 allocated, a page table, t0 in it for mm0. */
    private static Machine table() {
        Machine m = Machine.boot(Presets.X86_64).allocPage().machine();
        return m.pagetablePteCtor(0).flatMap(x -> x.attach(0, new Slot(0, 0))).get();
    }

    @Test
    void theConstructorWithTheMmHasTheEffectOfTheOneWithout() {
        Machine m = Machine.boot(Presets.X86_64).allocPage().machine();
        assertEquals(m.pagetablePteCtor(0).get(), m.pagetablePteCtor(0, 0).get());
    }

    @Test
    void theConstructorUpTo65HasTheEffectOf66s() {
        Machine m = Machine.boot(Presets.X86_64).allocPage().machine();
        assertEquals(m.pagetablePteCtor(0).get(), m.pgtablePtePageCtor(0).get());
    }

    @Test
    void theConstructorUpTo65HasTheCheckOf66s() {
        Machine m = Machine.boot(Presets.X86_64).allocPage().machine().freePage(0).get();
        Violation now = violation(m.pagetablePteCtor(0));
        Violation old = violation(m.pgtablePtePageCtor(0));
        assertEquals(Invariant.USE_AFTER_FREE, now.invariant());
        assertEquals(now.toString().replace("pagetable_pte_ctor(page 0)", "pgtable_pte_page_ctor(page 0)"), old.toString());
    }

    @Test
    void pagetableDtorHasTheEffectOfPagetablePteDtor() {
        Machine m = table().detach(0);
        assertEquals(m.pagetablePteDtor(0).get(), m.pagetableDtor(0).get());
        assertEquals(m.pagetablePteDtor(0).get(), m.pgtablePtePageDtor(0).get());
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("the page already freed", Invariant.USE_AFTER_FREE,
                        (Function<Machine, Machine>) m -> m.detach(0).pagetablePteDtor(0)
                                .flatMap(x -> x.freePage(0)).get()),
                Arguments.of("the destructor already ran", Invariant.DOUBLE_FREE,
                        (Function<Machine, Machine>) m -> m.detach(0).pagetablePteDtor(0).get()),
                Arguments.of("a walker inside rcu_read_lock may still reach t0", Invariant.EARLY_FREE,
                        (Function<Machine, Machine>) m -> m.enter(1, ReadSection.RCU).detach(0, Reach.ALL)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void pagetableDtorHasTheChecksOfPagetablePteDtor(String name, Invariant invariant,
                                                     Function<Machine, Machine> setup) {
        Machine m = setup.apply(table());
        Violation pte = violation(m.pagetablePteDtor(0));
        Violation any = violation(m.pagetableDtor(0));
        assertEquals(invariant, pte.invariant());
        assertEquals(pte.toString().replace("pagetable_pte_dtor(page 0)", "pagetable_dtor(page 0)"), any.toString());
        Violation old = violation(m.pgtablePtePageDtor(0));
        assertEquals(pte.toString().replace("pagetable_pte_dtor(page 0)", "pgtable_pte_page_dtor(page 0)"), old.toString());
    }

    @Test
    void aWalkerTakingAPtlockAnyDestructorFreedIsToldWithoutAReleaseName() {
        // The page keeps no record of which release's destructor ran, so the message names none
        // (it said pagetable_pte_dtor for a 6.14 strategy's pagetable_dtor, and for a ptlock that
        // no constructor set up): the trace names the call.
        Machine m = table().detach(0);
        Violation pte = violation(m.pagetablePteDtor(0).get().enter(1, ReadSection.RCU).lookup(1, 0));
        Violation any = violation(m.pagetableDtor(0).get().enter(1, ReadSection.RCU).lookup(1, 0));
        Violation old = violation(m.pgtablePtePageDtor(0).get().enter(1, ReadSection.RCU).lookup(1, 0));
        assertEquals(Invariant.USE_AFTER_FREE, pte.invariant());
        assertEquals(pte.toString(), any.toString());
        assertEquals(pte.toString(), old.toString());
        org.junit.jupiter.api.Assertions.assertTrue(pte.toString().contains(
                "split ptlock of page 0 (for t0), which is not live: the page's destructor freed it"), pte.toString());
        Machine neverBuilt = Machine.boot(Presets.X86_64).allocPage().machine().attach(0, new Slot(0, 0)).get();
        assertEquals(pte.toString(), violation(neverBuilt.enter(1, ReadSection.RCU).lookup(1, 0)).toString(),
                "a ptlock no constructor set up: the same words, which say so too");
    }

    private static Violation violation(Either<Violation, Machine> r) {
        return r.swap().getOrElseThrow(m -> new AssertionError("no violation: " + m));
    }
}
