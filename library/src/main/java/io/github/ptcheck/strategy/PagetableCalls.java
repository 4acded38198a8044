package io.github.ptcheck.strategy;

import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.vavr.control.Either;

/**
 * The PTE table constructor and destructor as a kernel release calls them, so that a strategy
 * modelled on that release writes its names in the trace. They do the same to a PTE table in
 * every release the model knows; only the names and the arguments changed:
 *
 * <ul>
 *   <li>up to 6.5: {@code pgtable_pte_page_ctor(page)}, {@code pgtable_pte_page_dtor(page)}, the
 *       names the patches of May and June 2023 against 6.4 wrote (6.6 renamed them: Vishal
 *       Moola, "Split ptdesc from struct page").</li>
 *   <li>6.6 to 6.13: {@code pagetable_pte_ctor(ptdesc)}, {@code pagetable_pte_dtor(ptdesc)}.</li>
 *   <li>6.14, 6.15: {@code pagetable_dtor(ptdesc)}, one destructor for every level
 *       (db6b435d731a, "mm: pgtable: introduce pagetable_dtor()", Qi Zheng, which removed
 *       {@code pagetable_pte_dtor()}).</li>
 *   <li>6.16 on: the constructor takes the mm, {@code pagetable_pte_ctor(mm, ptdesc)} (Kevin
 *       Brodsky, "mm: pass mm down to pagetable_{pte,pmd}_ctor", in the MM pull for 6.16-rc1),
 *       so that it can skip the ptlock of {@code init_mm}'s tables.</li>
 * </ul>
 */
public enum PagetableCalls {
    /** Up to 6.5, and the patches posted against 6.4 in 2023. */
    V6_5,
    /** 6.6 to 6.13. */
    V6_6,
    /** 6.14 and 6.15. */
    V6_14,
    /** 6.16 on. */
    V6_16;

    /** The constructor of page {@code pfn} as a PTE table for {@code mm} (which only 6.16 on passes). */
    public Either<Violation, Machine> pteCtor(Machine m, int mm, int pfn) {
        return switch (this) {
            case V6_5 -> m.pgtablePtePageCtor(pfn);
            case V6_6, V6_14 -> m.pagetablePteCtor(pfn);
            case V6_16 -> m.pagetablePteCtor(mm, pfn);
        };
    }

    /** The destructor of page {@code pfn}, a PTE table. */
    public Either<Violation, Machine> dtor(Machine m, int pfn) {
        return switch (this) {
            case V6_5 -> m.pgtablePtePageDtor(pfn);
            case V6_6 -> m.pagetablePteDtor(pfn);
            case V6_14, V6_16 -> m.pagetableDtor(pfn);
        };
    }
}
