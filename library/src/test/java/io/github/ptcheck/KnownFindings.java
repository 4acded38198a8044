package io.github.ptcheck;

import io.github.ptcheck.invariant.Invariant;
import io.github.ptcheck.op.Op;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import static io.github.ptcheck.Ops.*;

/**
 * What ptcheck finds in each built-in cell that does not pass, written out by hand: the
 * invariant, the step and the sequence, for random mode at the default configuration (seed 0)
 * and for exhaustive mode (a shortest counterexample). Every cell not listed passes both.
 * The reasoning behind each is in docs/strategies.md.
 */
public final class KnownFindings {

    private KnownFindings() {
    }

    /** An expected finding: the invariant, the step it is reported at, and the sequence. */
    public record Expected(Invariant invariant, int step, Vector<Op> ops) {
    }

    private static final Expected NAIVE_POWERPC = new Expected(Invariant.RCU_HEAD_REUSE, 4,
            seq(alloc(0), alloc(0), defer(0), defer(1)));
    private static final Expected EXIT_WITH_READER = new Expected(Invariant.EARLY_FREE, 4,
            seq(alloc(0), lock(0), defer(0), exit(0)));
    private static final Expected EXIT_PAGE_ACTIVE = new Expected(Invariant.BAD_PAGE_STATE, 3,
            seq(alloc(0), defer(0)));
    private static final Expected NAIVE_S390 = new Expected(Invariant.UNION_CLOBBER, 2, seq(alloc(0), defer(0)));
    private static final Expected HH_V2_LEAK = new Expected(Invariant.LEAK, 6,
            seq(alloc(0), alloc(0), defer(0), defer(1)));
    private static final Expected EARLY_DTOR = new Expected(Invariant.EARLY_FREE, 3,
            seq(alloc(0), lock(0), reclaim(0)));
    private static final Expected SEMI_RCU = new Expected(Invariant.EARLY_FREE, 3,
            seq(alloc(0), lock(0), reclaimOne(0)));

    /** Random mode, default configuration: cell ({@code strategy@preset}) to what it finds. */
    public static final Map<String, Expected> RANDOM = HashMap.ofEntries(List.of(
            Tuple.of("powerpc-naive-v1@powerpc64-hash-64k", NAIVE_POWERPC),
            Tuple.of("powerpc-naive-v1@powerpc64-radix-64k", NAIVE_POWERPC),
            Tuple.of("powerpc-pageactive-v6.6@powerpc64-hash-64k", EXIT_PAGE_ACTIVE),
            Tuple.of("powerpc-pageactive-v6.6@powerpc64-radix-64k", EXIT_PAGE_ACTIVE),
            Tuple.of("powerpc-pageactive-fda4d71651f7@powerpc64-hash-64k", EXIT_WITH_READER),
            Tuple.of("powerpc-pageactive-fda4d71651f7@powerpc64-radix-64k", EXIT_WITH_READER),
            Tuple.of("s390-naive-v1@s390x", NAIVE_S390),
            Tuple.of("s390-hh-v2@s390x", HH_V2_LEAK),
            Tuple.of("x86-v6.14-early-dtor@x86_64", EARLY_DTOR),
            Tuple.of("x86-v6.14-semi-rcu@x86_64", SEMI_RCU)));

    /**
     * Exhaustive mode: the shortest counterexample, today the same as random mode's in every cell.
     * (Random mode met fda4d71651f7's exit with a GUP-fast walker first until the model learnt
     * that no GUP-fast walker of an mm is left at its exit: docs/model.md.)
     */
    public static final Map<String, Expected> SHORTEST = RANDOM;

    public static Option<Expected> random(String cell) {
        return RANDOM.get(cell);
    }

    public static Option<Expected> shortest(String cell) {
        return SHORTEST.get(cell);
    }
}
