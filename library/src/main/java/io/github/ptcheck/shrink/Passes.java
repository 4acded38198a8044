package io.github.ptcheck.shrink;

import io.github.ptcheck.op.Op;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;

import java.util.function.BiPredicate;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The passes over the operations that both shrinkers make: the plain {@link Shrinker} and the
 * interleaved one ({@code io.github.ptcheck.sched.ScheduleShrinker}), which carries a schedule
 * along. A pass reads the current sequence from its shrinker and offers it candidates; the
 * shrinker runs each, keeps it if it still fails and is simpler, and the pass goes on from what
 * was kept. So each shrinker decides what a candidate costs and what it carries (the tables a
 * run made, the schedule's turns), and the order of the edits is written once.
 */
public final class Passes {

    private Passes() {
    }

    /** Deletes {@code count} operations from {@code from} of the current sequence if it still fails; whether it was kept. */
    @FunctionalInterface
    public interface Deletion {
        /**
         * @param renumber whether later table references are renumbered ({@link Edits#delete})
         *                 or left as they are ({@link Edits#cut})
         */
        boolean keep(int from, int count, boolean renumber);
    }

    /**
     * Deletes chunks, halves first, down to single operations (ddmin's granularity, Zeller and
     * Hildebrandt 2002): a bug may survive losing a chunk and not any one operation of it, as a
     * powerpc fragment race does when the deleted allocations fill whole pages (the cursor starts
     * afresh on each page, so deleting one of them moves every later fragment). A chunk with an
     * {@code alloc} is tried renumbered, then plainly. After a deletion the same position is
     * tried again, as it now holds what came after the chunk.
     *
     * @return whether any deletion was kept
     */
    public static boolean deleteChunks(Supplier<Vector<Op>> current, Deletion deletion) {
        boolean any = false;
        for (int k = Math.max(1, current.get().size() / 2); k >= 1; k /= 2) {
            int i = 0;
            while (i + k <= current.get().size()) {
                if (deletion.keep(i, k, true)
                        || (Edits.hasAlloc(current.get(), i, k) && deletion.keep(i, k, false))) {
                    any = true;
                } else {
                    i++;
                }
            }
        }
        return any;
    }

    /** Replaces operation {@code at} of the current sequence by {@code by} if it still fails; whether it was kept. */
    @FunctionalInterface
    public interface Replacement {
        boolean keep(int at, Vector<Op> by);
    }

    /**
     * A {@code fill} as the first few of the {@code alloc}s it ran, a {@code freeTlbSiblings} as
     * the first few of its {@code freeTlb}s, fewest first: a bug that needs two tables of a page,
     * not the page, ends up with two {@code alloc}s ({@link Edits#compare(Vector, Vector, int)}
     * weighs a fill as a page's allocations). At most {@value Shrinker#NARROWED} tried per
     * operation.
     *
     * @param ran by position, the plain operations the current sequence's operation there ran in
     *            its last run ({@link Probe#plain}), null for one that is not page-wide
     * @return whether any replacement was kept
     */
    public static boolean narrowPageWide(Supplier<Vector<Op>> current, IntFunction<Vector<Op>> ran,
                                         Replacement replacement) {
        boolean any = false;
        for (int i = 0; i < current.get().size(); i++) {
            Vector<Op> plain = ran.apply(i);
            for (int k = 1; plain != null && k < plain.size() && k <= Shrinker.NARROWED; k++) {
                if (replacement.keep(i, plain.take(k))) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    /**
     * Offers each exchange of neighbours, first pair first ({@link Edits#swap}); the shrinker keeps
     * one where the simpler operation then comes first ({@code alloc}s before frees, lower tables
     * first). Shrinks nothing, but gives the same counterexample whatever order the generator
     * happened to find it in.
     *
     * @param swap exchanges operations {@code i} and {@code i + 1} if that is simpler and still fails
     * @return whether any exchange was kept
     */
    public static boolean swapNeighbours(Supplier<Vector<Op>> current, IntPredicate swap) {
        boolean any = false;
        for (int i = 0; i + 1 < current.get().size(); i++) {
            any |= swap.test(i);
        }
        return any;
    }

    /**
     * Lowers arguments: CPU, mm and table numbers and {@code runCallback} indices one operation
     * at a time, then whole CPUs and mms merged into or renamed to lower ones (and, in a sequence
     * with a {@code fill} or {@code freeTlbSiblings}, whole tables). Every operation stays where
     * it was, so a schedule's turns still name the same ones.
     *
     * @param consider runs a candidate and keeps it if it still fails and is simpler
     * @return whether any candidate was kept
     */
    public static boolean simplifyArguments(Supplier<Vector<Op>> current, Predicate<Vector<Op>> consider) {
        boolean any = false;
        for (int i = 0; i < current.get().size(); i++) {
            for (Op simpler : Edits.simpler(current.get().get(i))) {
                if (consider.test(current.get().update(i, simpler))) {
                    any = true;
                    break;
                }
            }
        }
        any |= renameDown(current.get().map(Edits::cpuOf), Integer.MAX_VALUE,
                (from, to) -> consider.test(Edits.mapCpu(current.get(), from, to)));
        // A table of a filled page by a lower name: which of a page's tables a sequence keeps
        // rarely matters, and fills make hundreds (only there: elsewhere names are as allocated).
        Vector<Op> ops = current.get();
        if (ops.exists(op -> op instanceof Op.Fill || op instanceof Op.FreeTlbSiblings)) {
            any |= renameDown(ops.map(Op::tableOf), Shrinker.NARROWED,
                    (from, to) -> consider.test(Edits.mapTable(current.get(), from, to)));
        }
        any |= renameDown(current.get().map(Edits::mmOf), Integer.MAX_VALUE,
                (from, to) -> consider.test(Edits.mapMm(current.get(), from, to)));
        return any;
    }

    /**
     * For each of {@code names} above 0, lowest first, tries renaming it to each lower name
     * below {@code below}, lowest first, until one is kept.
     */
    private static boolean renameDown(Vector<Integer> names, int below, BiPredicate<Integer, Integer> kept) {
        boolean any = false;
        for (int from : TreeSet.ofAll(names).filter(x -> x > 0)) {
            for (int to = 0; to < from && to < below; to++) {
                if (kept.test(from, to)) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }
}
