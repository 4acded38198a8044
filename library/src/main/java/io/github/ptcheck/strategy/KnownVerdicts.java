package io.github.ptcheck.strategy;

import io.vavr.collection.List;
import io.vavr.control.Option;

import static io.github.ptcheck.invariant.Invariant.BAD_PAGE_STATE;
import static io.github.ptcheck.invariant.Invariant.EARLY_FREE;
import static io.github.ptcheck.invariant.Invariant.LEAK;
import static io.github.ptcheck.invariant.Invariant.RCU_HEAD_REUSE;
import static io.github.ptcheck.invariant.Invariant.UNION_CLOBBER;
import static io.github.ptcheck.invariant.Invariant.USE_AFTER_FREE;
import static io.github.ptcheck.strategy.KnownVerdict.Kind.BROKEN;
import static io.github.ptcheck.strategy.KnownVerdict.Kind.FINDING;
import static io.github.ptcheck.strategy.KnownVerdict.breaks;
import static io.github.ptcheck.strategy.KnownVerdict.passes;

/**
 * The known verdict of every built-in strategy on every preset it serves: the one place to
 * change when a strategy, the model or a finding changes (docs/strategies.md says the same in
 * words). The Maven plugin, the command-line tool and the examples judge checks of the
 * built-ins by it; ptcheck's own tests ({@code AllBuiltInsTest}) hold the engine to it.
 */
public final class KnownVerdicts {

    private static final String TABLE = "the-built-in-strategies";
    private static final String FIRST_PATCH = "the-two-bugs-of-the-first-patch";
    private static final String POWERPC_EXIT = "finding-powerpc-66-frees-a-deferred-page-at-mm-exit";
    private static final String POWERPC_FIX = "what-upstream-confirmed-and-what-is-the-models-own-claim";
    private static final String S390_V2 = "finding-the-s390-v2-patch-as-posted-leaks-a-page";
    private static final String PT_RECLAIM = "pt_reclaim-on-x86_64-614";

    private static final String ONE_PER_PAGE = "one table per page: the page's rcu_head is queued once per table";
    private static final String TWICE = "two tables of one page deferred in one grace period queue the page's one"
            + " rcu_head twice";
    private static final String EXIT = "pte_frag_destroy() at mm exit frees a deferred page at once, PG_active set,"
            + " before its grace period";
    private static final String EXIT_FIXED = "fda4d71651f7 clears PG_active, but pte_frag_destroy() still frees a"
            + " deferred page before its grace period";

    private static final List<KnownVerdict> ALL = List.of(
            passes("generic-v6.6", "x86_64", ONE_PER_PAGE, TABLE),
            passes("generic-v6.6", "arm64-4k", ONE_PER_PAGE, TABLE),
            passes("generic-v6.6", "arm64-64k", ONE_PER_PAGE, TABLE),
            passes("sparc64-v6.6", "sparc64", ONE_PER_PAGE, TABLE),

            breaks("powerpc-naive-v1", "powerpc64-hash-64k", BROKEN, 4, TWICE, FIRST_PATCH, RCU_HEAD_REUSE),
            breaks("powerpc-naive-v1", "powerpc64-radix-64k", BROKEN, 4, TWICE, FIRST_PATCH, RCU_HEAD_REUSE),
            passes("powerpc-naive-v1", "powerpc64-4k", ONE_PER_PAGE + " (the naive code is the generic scheme)",
                    FIRST_PATCH),
            passes("powerpc-refcount-v2", "powerpc64-hash-64k", "a token in pt_frag_refcount per deferral", TABLE),
            passes("powerpc-refcount-v2", "powerpc64-radix-64k", "a token in pt_frag_refcount per deferral", TABLE),
            passes("powerpc-refcount-v2", "powerpc64-4k", ONE_PER_PAGE, TABLE),
            breaks("powerpc-pageactive-v6.6", "powerpc64-hash-64k", FINDING, 2, EXIT, POWERPC_EXIT,
                    BAD_PAGE_STATE, EARLY_FREE, USE_AFTER_FREE),
            breaks("powerpc-pageactive-v6.6", "powerpc64-radix-64k", FINDING, 2, EXIT, POWERPC_EXIT,
                    BAD_PAGE_STATE, EARLY_FREE, USE_AFTER_FREE),
            passes("powerpc-pageactive-v6.6", "powerpc64-4k", ONE_PER_PAGE + " (no fragment cursor to drop at exit)",
                    POWERPC_EXIT),
            breaks("powerpc-pageactive-fda4d71651f7", "powerpc64-hash-64k", FINDING, 4, EXIT_FIXED, POWERPC_FIX,
                    EARLY_FREE, USE_AFTER_FREE),
            breaks("powerpc-pageactive-fda4d71651f7", "powerpc64-radix-64k", FINDING, 4, EXIT_FIXED, POWERPC_FIX,
                    EARLY_FREE, USE_AFTER_FREE),
            passes("powerpc-pageactive-fda4d71651f7", "powerpc64-4k", ONE_PER_PAGE
                    + " (no fragment cursor to drop at exit)", POWERPC_FIX),

            breaks("s390-naive-v1", "s390x", BROKEN, 2, "the deferred half keeps its A bit, so call_rcu writes"
                    + " rcu_head over the lru that lists the page", FIRST_PATCH, UNION_CLOBBER, RCU_HEAD_REUSE),
            passes("s390-naive-v1", "s390x-pgste", ONE_PER_PAGE + " (with PGSTEs a table is a whole page)",
                    FIRST_PATCH),
            breaks("s390-hh-v2", "s390x", BROKEN, 4, "as posted, pte_free_half() tests the whole count, not its"
                    + " byte: with both halves deferred the second is never queued", S390_V2, LEAK),
            passes("s390-hh-v2", "s390x-pgste", ONE_PER_PAGE, S390_V2),
            passes("s390-hh-v2-intended", "s390x", "pte_free_half() tests the byte, as the spec reads the patch",
                    S390_V2),
            passes("s390-hh-v2-intended", "s390x-pgste", ONE_PER_PAGE, S390_V2),
            passes("s390-pageactive-v6.6", "s390x", "PG_active marks a page with a half in flight", TABLE),
            passes("s390-pageactive-v6.6", "s390x-pgste", ONE_PER_PAGE, TABLE),
            passes("s390-fullpage-v6.7", "s390x", "one table per page since 6.7", TABLE),
            passes("s390-fullpage-v6.7", "s390x-pgste", ONE_PER_PAGE, TABLE),

            passes("x86-v6.14", "x86_64", "the destructor after the grace period (ee0934b03510), the fallback"
                    + " through RCU (718b13861d22)", PT_RECLAIM),
            breaks("x86-v6.14-early-dtor", "x86_64", BROKEN, 3, "without ee0934b03510 the destructor frees the split"
                    + " ptlock before the batch's grace period", PT_RECLAIM, EARLY_FREE, USE_AFTER_FREE),
            breaks("x86-v6.14-semi-rcu", "x86_64", BROKEN, 3, "without 718b13861d22 tlb_remove_table_one() frees"
                    + " after an IPI, which does not wait for rcu_read_lock() walkers", PT_RECLAIM, EARLY_FREE,
                    USE_AFTER_FREE));

    private KnownVerdicts() {
    }

    /** Every known verdict, in the order of {@link Strategies#all()}, then of the presets. */
    public static List<KnownVerdict> all() {
        return ALL;
    }

    /** The known verdict of a built-in strategy on a preset, if ptcheck has one (a preset it serves). */
    public static Option<KnownVerdict> of(String strategy, String preset) {
        return ALL.find(v -> v.strategy().equals(strategy) && v.preset().equals(preset));
    }

    /** Whether the strategy is a posted patch kept in ptcheck because it is broken. */
    static boolean keptBroken(String strategy) {
        return ALL.exists(v -> v.strategy().equals(strategy) && v.kind() == KnownVerdict.Kind.BROKEN);
    }
}
