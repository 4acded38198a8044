package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Op;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.ArrayList;

/**
 * The search on the calling thread, one transition after another, in the order of
 * {@link Explorer}'s proof: the reference {@link ParallelSearch} reproduces.
 */
final class SequentialSearch extends Search {

    private final TeardownCheck teardown = new TeardownCheck(executor, codec, table);
    /** The operations enabled at the state being expanded (Alphabet.enabled's, in its order). */
    private final ArrayList<Op> enabled = new ArrayList<>();

    SequentialSearch(Explorer explorer, int depth) {
        super(explorer, depth);
    }

    @Override
    ExploreReport expand(int d, Level level, Level next, boolean keep) {
        for (int k = 0; k < level.machines.size(); k++) {
            int i = level.ids[k];
            Machine s = level.machines.get(k);
            level.machines.set(k, null);
            if (!expands(d, k)) {
                continue;
            }
            if (s == null) {
                // Beyond the machines a level keeps. (A strategy failing here failed at a
                // transition into this state before: it is not deterministic, and says so.)
                try {
                    s = rebuilt(i);
                } catch (StrategyFailure f) {
                    throw located(f, i, true);
                }
            }
            codec.reference(s, i);
            // Where the first operation of this state's teardown goes, if the teardown check saw:
            // that transition is known without running it, or at least without encoding it.
            int stepped = table.stepped(i);
            Op first = stepped >= 0 ? executor.teardownOpArray(s)[0] : null;
            enabled.clear();
            Alphabet.forEachEnabledUpToSymmetry(s, bounds, perClass, enabled::add);
            for (int o = 0; o < enabled.size(); o++) {
                Op op = enabled.get(o);
                if ((++transitions & 0x3FF) == 0) {
                    if (System.nanoTime() > deadline) {
                        cutByTime = true;
                        return cut(d, next.added);
                    }
                    if (throttle.due()) {
                        progress(false);
                    }
                }
                boolean known = first != null && op.equals(first);
                if (known && table.visited(stepped)) {
                    continue;
                }
                Either<Applied, Machine> r;
                at.at(i, o);
                try {
                    r = executor.advance(s, op, d + 1);
                } catch (StrategyFailure f) {
                    throw located(f, i, true);
                }
                at.clear();
                Machine m;
                if (r.isRight()) {
                    m = r.get();
                } else {
                    Applied a = r.getLeft();
                    if (a.violated()) {
                        perDepth = perDepth.append(next.added);
                        return report(d, false, Option.some(finding(path(i).append(op))));
                    }
                    if (a.wasSkipped()) {
                        throw disagree(i, op, a.skipped());
                    }
                    m = a.machine();
                }
                int j;
                int hash = 0;
                if (known) {
                    j = stepped; // where the teardown check's step went: in the table, not visited
                } else {
                    codec.encodeInPlace(m);
                    hash = StateTable.hash(codec.buffer(), codec.length());
                    j = table.indexOf(codec.buffer(), codec.length(), hash);
                    if (j >= 0 && table.visited(j)) {
                        continue;
                    }
                }
                if (budgetSpent()) {
                    cutByStates = true;
                    return cut(d, next.added);
                }
                if (j >= 0) {
                    table.visit(j, i, o);
                } else {
                    j = table.add(codec.buffer(), codec.length(), hash, i, o);
                }
                next.added++;
                boolean clean;
                at.at(j, Place.TEARDOWN);
                try {
                    clean = teardown.passes(j, m, d + 1);
                } catch (StrategyFailure f) {
                    throw located(f, j, false);
                }
                at.clear();
                if (!clean) {
                    perDepth = perDepth.append(next.added);
                    return report(d, false, Option.some(finding(path(j))));
                }
                if (keep) {
                    next.keep(j, m);
                }
            }
        }
        return null;
    }
}
