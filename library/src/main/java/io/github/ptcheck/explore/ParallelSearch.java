package io.github.ptcheck.explore;

import io.github.ptcheck.check.Applied;
import io.github.ptcheck.check.Crew;
import io.github.ptcheck.check.StrategyFailure;
import io.github.ptcheck.check.Watchdog;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.op.Alphabet;
import io.github.ptcheck.op.Op;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The search on several threads, level by level, with the same result as {@link SequentialSearch}
 * whatever the number of threads: the same states in the same order, the same counts, the same
 * counterexample (as TLC's {@code -workers} give the same verdict).
 *
 * <p>A level is taken in batches of consecutive states, and each batch in three phases:
 * <ol>
 * <li><b>Expand</b>, in parallel: the threads take chunks of consecutive states, the next
 *     chunk to whichever thread is free, and apply their operations in order; a successor
 *     already visited (the table is only read in this phase) is dropped, the others are kept
 *     with their bytes as candidates, in order. A chunk ends at its first violation (or error),
 *     and no chunk after it is started. A strategy call that does not return is an error where
 *     it was: the calling thread only watches the threads while they call the strategy
 *     ({@link Crew#runApart}), so it learns where each one stopped, stuck or not.</li>
 * <li><b>Merge</b>: the candidates in the sequential order (chunks in order, each in its order)
 *     are looked up again and added, so a state two chunks found goes to the first, as in the
 *     sequential search. The state table is in partitions by hash and each thread adds the
 *     states of its own partitions, going through all the candidates in order; then one pass
 *     in order lists the level's new states, up to the first chunk that stopped (everything after
 *     it comes later in the sequential order) or the state budget (states past it are given back).</li>
 * <li><b>Check</b>, in parallel: the teardown of every state the merge added, again in chunks
 *     (each thread keeps the states its teardowns pass through in a memo of its own, merged into
 *     the table after).</li>
 * </ol>
 * Chunks rather than a run of states per thread: the cost of a state varies (a teardown that
 * finds its verdict after one step, or runs an mm's exit), and a thread given a fixed share
 * waited for the slowest. The threads are a {@link Crew}, started once per exploration.
 * The sequential search meets these events in the order of (state, operation) it comes from; so
 * the first of them here, in that order, is the one it reports: a dirty teardown of an added
 * state comes before the stop of the expansion, whose candidates all come before it. The counts
 * are those up to that event.
 */
final class ParallelSearch extends Search {

    /** States of a level per thread in a batch: enough work per phase that handing it out does not show. */
    private static final int BATCH_PER_WORKER = 512;
    /** States in a chunk, at most: small enough that the threads end a phase together. */
    private static final int CHUNK = 32;

    private final int workers;
    private final int batchPerWorker;
    private final int chunk;
    private final StateCodec[] codecs;
    /** Per thread, what rebuilds the machines a level did not keep. */
    private final PathRebuilder[] rebuilders;
    /** Where each crew thread's task of the round is (its {@link Place}), for a call given up on. */
    private final Place[] places;
    private final Crew crew;

    ParallelSearch(Explorer explorer, int depth, int workers) {
        this(explorer, depth, workers, BATCH_PER_WORKER);
    }

    /** With {@code batchPerWorker} states per thread in a batch (tests make it small, to cross many batches). */
    ParallelSearch(Explorer explorer, int depth, int workers, int batchPerWorker) {
        super(explorer, depth, partitions(workers));
        this.workers = workers;
        this.batchPerWorker = batchPerWorker;
        // Several chunks a thread in a batch, however small the batches (tests make them tiny).
        this.chunk = Math.max(1, Math.min(CHUNK, batchPerWorker / 4));
        // A thread of its own per worker: the calling thread only watches them while they call the
        // strategy, so it can tell where each one stopped even when one is stuck.
        this.crew = new Crew(workers + 1);
        this.places = new Place[workers];
        this.codecs = new StateCodec[workers];
        this.rebuilders = new PathRebuilder[workers];
        codecs[0] = codec;
        rebuilders[0] = rebuilder;
        for (int w = 1; w < workers; w++) {
            codecs[w] = new StateCodec(names);
            rebuilders[w] = new PathRebuilder(this);
        }
    }

    /**
     * Partitions of the state table: a power of two, four for each thread or more, so that the
     * threads of a merge (a thread takes every {@code runs}-th partition) share the states about
     * evenly whatever their hashes.
     */
    static int partitions(int workers) {
        return Math.min(1 << 10, Integer.highestOneBit(Math.max(1, 4 * workers - 1)) * 2);
    }

    @Override
    void finished() {
        crew.close();
    }

    /** A call that did not return: where ({@link Place}), and the failure naming it. */
    private record Stuck(int state, int op, StrategyFailure failure) {
    }

    /** A successor not visited before its level, found by the {@code op}-th operation of the level's {@code state}-th state. */
    private record Candidate(int state, int op, Machine machine, byte[] bytes, int hash) {
    }

    /** Where and why a thread stopped expanding: a violation, an operation skipped, an error, the time budget. */
    private record Stop(int state, int op, Op operation, Applied applied, RuntimeException error, boolean time) {
    }

    /** What one thread's run of states gave: candidates in order, operations per state, where it stopped. */
    private record Expansion(List<Candidate> candidates, int[] enabled, Stop stop) {
    }

    /** A state the merge added: its number and where it came from. */
    private record Added(int id, int state, int op, Machine machine) {
    }

    /** What one thread's teardown checks gave: its memo, and the first state (batch index) dirty or failing. */
    private record Checked(StateTable memo, int first, RuntimeException error) {
    }

    @Override
    ExploreReport expand(int d, Level level, Level next, boolean keep) {
        List<Machine> machines = level.machines;
        int batch = batchPerWorker * workers;
        for (int from = 0; from < machines.size(); from += batch) {
            int to = Math.min(machines.size(), from + batch);
            long visitedBefore = table.visited();
            List<Expansion> expansions = expand(d, level, from, to);
            // Phase two: the candidates merged in the sequential order.
            Stop stop = null;
            List<Candidate> candidates = new ArrayList<>();
            for (Expansion e : expansions) {
                if (e == null) {
                    break; // after a chunk that stopped: never reached
                }
                candidates.addAll(e.candidates());
                if (e.stop() != null) {
                    stop = e.stop();
                    break;
                }
            }
            int[] ids = merge(candidates, level);
            List<Added> news = new ArrayList<>();
            Candidate cutAt = null;
            long visitedNow = visitedBefore;
            for (int k = 0; k < ids.length; k++) {
                if (ids[k] < 0) {
                    continue;
                }
                Candidate c = candidates.get(k);
                if (budgetSpent(visitedNow)) {
                    // The sequential search adds no state from here: give back those the merge added.
                    cutAt = c;
                    for (int q = k; q < ids.length; q++) {
                        if (ids[q] >= 0) {
                            table.unvisit(ids[q]);
                        }
                    }
                    break;
                }
                news.add(new Added(ids[k], c.state(), c.op(), c.machine()));
                visitedNow++;
            }
            int dirty = check(news, d + 1);
            if (dirty >= 0) {
                Added a = news.get(dirty);
                transitions += upTo(expansions, from, a.state(), a.op());
                perDepth = perDepth.append(next.added + dirty + 1);
                return report(d, false, visitedBefore + dirty + 1, Option.some(finding(path(a.id()))));
            }
            next.added += news.size();
            if (cutAt != null) {
                transitions += upTo(expansions, from, cutAt.state(), cutAt.op());
                cutByStates = true;
                return cut(d, next.added);
            }
            if (stop != null) {
                return stopped(d, level, next, stop, upTo(expansions, from, stop.state(), stop.op()));
            }
            transitions += upTo(expansions, from, to, -1);
            for (int k = from; k < to; k++) {
                machines.set(k, null);
            }
            if (keep) {
                news.forEach(a -> next.keep(a.id(), a.machine()));
            }
            if (throttle.due()) {
                progress(false);
            }
        }
        return null;
    }

    /**
     * Adds the candidates' states to the table, each state of a partition on the thread that owns
     * the partition, in the candidates' order: per candidate, the number of its state if it is
     * the first of the level to reach it (added, or visited if only a teardown had passed
     * through it), else -1. The same states and parents as the sequential search's one loop, the
     * first candidate of a state being the first of its partition.
     */
    private int[] merge(List<Candidate> candidates, Level level) {
        int n = candidates.size();
        int[] partOf = new int[n];
        for (int k = 0; k < n; k++) {
            partOf[k] = table.partitionOf(candidates.get(k).hash());
        }
        int runs = runs(n);
        List<Watchdog.Task<int[], RuntimeException>> tasks = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            int mine = r;
            tasks.add(() -> {
                // An array of the thread's own: neighbouring candidates belong to different
                // threads, and writes to one shared array would bounce its cache lines between them.
                int[] got = new int[n];
                for (int k = 0; k < n; k++) {
                    if (partOf[k] % runs != mine) {
                        continue;
                    }
                    Candidate c = candidates.get(k);
                    int j = table.indexOf(c.bytes(), c.bytes().length, c.hash());
                    if (j >= 0 && table.visited(j)) {
                        got[k] = -1;
                    } else if (j >= 0) {
                        table.visit(j, level.ids[c.state()], c.op());
                        got[k] = j;
                    } else {
                        got[k] = table.add(c.bytes(), c.bytes().length, c.hash(), level.ids[c.state()], c.op());
                    }
                }
                return got;
            });
        }
        List<int[]> got = runAll(tasks);
        int[] ids = new int[n];
        for (int k = 0; k < n; k++) {
            ids[k] = got.get(partOf[k] % runs)[k];
        }
        return ids;
    }

    /** The report (or error) of an expansion that stopped, with {@code applied} transitions of the batch up to it. */
    private ExploreReport stopped(int d, Level level, Level next, Stop stop, long applied) {
        transitions += applied;
        if (stop.error() instanceof StrategyFailure f) {
            throw located(f, level.ids[stop.state()], true);
        }
        if (stop.error() != null) {
            throw stop.error();
        }
        if (stop.time()) {
            cutByTime = true;
            return cut(d, next.added);
        }
        int parent = level.ids[stop.state()];
        if (stop.applied().wasSkipped()) {
            throw disagree(parent, stop.operation(), stop.applied().skipped());
        }
        perDepth = perDepth.append(next.added);
        return report(d, false, Option.some(finding(path(parent).append(stop.operation()))));
    }

    /**
     * The operations applied from states {@code from} up to (not including) operation {@code op}
     * of state {@code state}, that one included: the transitions the sequential search counts up
     * to there ({@code op} -1: up to the state, none of its own).
     */
    private static long upTo(List<Expansion> expansions, int from, int state, int op) {
        long n = op + 1;
        int k = from;
        for (Expansion e : expansions) {
            if (e == null) {
                break;
            }
            for (int count : e.enabled()) {
                if (k == state) {
                    return n;
                }
                n += count;
                k++;
            }
        }
        return n;
    }

    /**
     * Phase one: the states {@code from..to} of level {@code d} expanded, in chunks, in the order
     * of the states; the list ends at the first chunk that stopped (the chunks after it are null
     * or not looked at). A call that did not return stops its chunk there, as a throw would: the
     * first such in the order of the states (every chunk before it was taken, and ended or got
     * stuck further on), its chunk expanded again up to it for the candidates before it.
     */
    private List<Expansion> expand(int d, Level level, int from, int to) {
        int chunks = (to - from + chunk - 1) / chunk;
        Expansion[] expansions = new Expansion[chunks];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger stoppedAt = new AtomicInteger(Integer.MAX_VALUE);
        List<Watchdog.Task<Stuck, RuntimeException>> tasks = new ArrayList<>();
        for (int r = 0, runs = runs(to - from); r < runs; r++) {
            StateCodec c = codecs[r];
            PathRebuilder b = rebuilders[r];
            int run = r;
            tasks.add(() -> placed(run, at -> {
                long[] applied = {0};
                for (int k = next.getAndIncrement(); k < chunks && k < stoppedAt.get(); k = next.getAndIncrement()) {
                    int a = from + k * chunk;
                    Expansion e = expand(d, level, a, Math.min(to, a + chunk), c, b, at, applied, null);
                    expansions[k] = e;
                    if (e.stop() != null) {
                        // Chunks are taken in order: every one before this is taken, none after is needed.
                        stoppedAt.accumulateAndGet(k, Math::min);
                        return null;
                    }
                }
                return null;
            }));
        }
        Stuck first = null;
        for (Stuck s : crew.runApart(tasks, this::stuck)) {
            if (s != null && (first == null || s.state() < first.state()
                    || s.state() == first.state() && s.op() < first.op())) {
                first = s;
            }
        }
        if (first != null) {
            Stuck s = first;
            int k = (s.state() - from) / chunk;
            int a = from + k * chunk;
            StateCodec c = codecs[0];
            PathRebuilder b = rebuilders[0];
            expansions[k] = crew.runApart(List.<Watchdog.Task<Expansion, RuntimeException>>of(() -> placed(0,
                    at -> expand(d, level, a, Math.min(to, a + chunk), c, b, at, new long[1], s))), (r, f) -> {
                        stuck(r, f);
                        throw f; // it returned before: the strategy is not deterministic either
                    }).get(0);
        }
        List<Expansion> inOrder = new ArrayList<>();
        for (Expansion e : expansions) {
            inOrder.add(e);
            if (e == null || e.stop() != null) {
                break;
            }
        }
        return inOrder;
    }

    /**
     * States {@code from..to} expanded on one thread, its strategy calls marked in {@code at};
     * {@code applied} counts its operations across chunks (for the clock). With {@code stuck},
     * the chunk once more up to the call that did not return, which stops it.
     */
    private Expansion expand(int d, Level level, int from, int to, StateCodec c, PathRebuilder rebuilder, Place at,
                             long[] applied, Stuck stuck) {
        List<Candidate> candidates = new ArrayList<>();
        int[] enabledCounts = new int[to - from];
        ArrayList<Op> enabled = new ArrayList<>();
        for (int k = from; k < to; k++) {
            if (!expands(d, k)) {
                continue;
            }
            Machine s = level.machines.get(k);
            if (s == null) {
                // Beyond the machines a level keeps. (A strategy failing here failed at a
                // transition into this state before: it is not deterministic, and says so.)
                try {
                    s = rebuilder.rebuilt(level.ids[k]);
                } catch (RuntimeException e) {
                    return new Expansion(candidates, enabledCounts, new Stop(k, 0, null, null, e, false));
                }
            }
            c.reference(s);
            enabled.clear();
            Alphabet.forEachEnabledUpToSymmetry(s, bounds, perClass, enabled::add);
            enabledCounts[k - from] = enabled.size();
            for (int o = 0; o < enabled.size(); o++) {
                Op op = enabled.get(o);
                if ((++applied[0] & 0x3FF) == 0 && System.nanoTime() > deadline) {
                    return new Expansion(candidates, enabledCounts, new Stop(k, o, op, null, null, true));
                }
                if (stuck != null && k == stuck.state() && o == stuck.op()) {
                    return new Expansion(candidates, enabledCounts, new Stop(k, o, op, null, stuck.failure(), false));
                }
                Applied a;
                at.at(k, o);
                try {
                    a = executor.apply(s, op, d + 1);
                } catch (RuntimeException e) {
                    return new Expansion(candidates, enabledCounts, new Stop(k, o, op, null, e, false));
                }
                at.clear();
                if (a.violated() || a.wasSkipped()) {
                    return new Expansion(candidates, enabledCounts, new Stop(k, o, op, a, null, false));
                }
                Machine m = a.machine();
                c.encodeInPlace(m);
                int hash = StateTable.hash(c.buffer(), c.length());
                int j = table.indexOf(c.buffer(), c.length(), hash);
                if (j >= 0 && table.visited(j)) {
                    continue;
                }
                candidates.add(new Candidate(k, o, m, c.copy(), hash));
            }
        }
        return new Expansion(candidates, enabledCounts, null);
    }

    /**
     * Phase three: the teardown of every added state, a run of them per thread; the index of the
     * first that breaks an invariant, or -1. An error in a teardown is thrown when no state
     * before it breaks one.
     */
    private int check(List<Added> news, int depthOfNews) {
        int chunks = (news.size() + chunk - 1) / chunk;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger firstBad = new AtomicInteger(Integer.MAX_VALUE);
        List<Watchdog.Task<Checked, RuntimeException>> tasks = new ArrayList<>();
        for (int r = 0, runs = runs(news.size()); r < runs; r++) {
            StateCodec c = codecs[r];
            int run = r;
            tasks.add(() -> placed(run, at -> {
                StateTable memo = new StateTable();
                TeardownCheck teardown = new TeardownCheck(executor, c, table, memo);
                for (int k = next.getAndIncrement(); k < chunks && k * chunk < firstBad.get(); k = next.getAndIncrement()) {
                    for (int q = k * chunk, end = Math.min(news.size(), q + chunk); q < end; q++) {
                        boolean clean;
                        at.at(q, Place.TEARDOWN);
                        try {
                            clean = teardown.passes(news.get(q).id(), news.get(q).machine(), depthOfNews);
                        } catch (RuntimeException e) {
                            firstBad.accumulateAndGet(q, Math::min);
                            return new Checked(memo, q, e);
                        }
                        at.clear();
                        if (!clean) {
                            firstBad.accumulateAndGet(q, Math::min);
                            return new Checked(memo, q, null);
                        }
                    }
                }
                return new Checked(memo, -1, null);
            }));
        }
        // A teardown that did not return stops its thread there, as a throw would.
        List<Checked> checked = crew.runApart(tasks, (r, f) -> {
            Stuck s = stuck(r, f);
            return new Checked(new StateTable(), s.state(), f);
        });
        mergeMemos(checked);
        // The first state, in the order of the level, whose teardown broke an invariant or threw:
        // every chunk before a thread's stop was taken, and finished unless it holds an earlier one.
        Checked first = null;
        for (Checked c : checked) {
            if (c.first() >= 0 && (first == null || c.first() < first.first())) {
                first = c;
            }
        }
        if (first == null) {
            return -1;
        }
        if (first.error() instanceof StrategyFailure f) {
            throw located(f, news.get(first.first()).id(), false);
        }
        if (first.error() != null) {
            throw first.error();
        }
        return first.first();
    }

    /** The states the threads' teardowns passed through, with their verdicts, into the table: a thread per partition. */
    private void mergeMemos(List<Checked> checked) {
        int entries = 0;
        for (Checked c : checked) {
            entries += c.memo().size();
        }
        int runs = Math.max(1, Math.min(workers, entries / 64));
        List<Watchdog.Task<Void, RuntimeException>> tasks = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            int mine = r;
            tasks.add(() -> {
                for (Checked c : checked) {
                    StateTable memo = c.memo();
                    for (int i = 0; i < memo.size(); i++) {
                        if (table.partitionOf(memo.hash(i)) % runs != mine) {
                            continue;
                        }
                        byte[] key = memo.key(i);
                        int j = table.indexOf(key, key.length, memo.hash(i));
                        if (j < 0) {
                            j = table.addPassedThrough(key, key.length, memo.hash(i));
                        }
                        if (table.teardown(j) == StateTable.UNKNOWN) {
                            table.setTeardown(j, memo.teardown(i));
                        }
                    }
                }
                return null;
            });
        }
        runAll(tasks);
    }

    /**
     * {@code body} run with a new {@link Place} for task {@code run}'s strategy calls, made on its
     * thread and published for its watcher, which freezes it when it gives up on a call.
     */
    private <T> T placed(int run, Function<Place, T> body) {
        Place p = new Place();
        places[run] = p;
        return Watchdog.locating(p::freeze, () -> body.apply(p));
    }

    /**
     * Where task {@code run}, given up on for {@code f}, was stuck; its codec is replaced, as its
     * thread may yet go on with it. A task given up on between calls (its time limit) cannot be
     * placed: {@code f} is thrown as it is.
     */
    private Stuck stuck(int run, StrategyFailure f) {
        Place p = places[run];
        codecs[run] = new StateCodec(names);
        rebuilders[run] = new PathRebuilder(this);
        if (p == null || !p.frozenInside()) {
            throw f;
        }
        return new Stuck(p.frozenState(), p.frozenOp(), f);
    }

    /** How many threads share {@code states}: all of them, unless there are too few states to go round. */
    private int runs(int states) {
        return Math.max(1, Math.min(workers, states / Math.min(16, batchPerWorker)));
    }

    private <T> List<T> runAll(List<Watchdog.Task<T, RuntimeException>> tasks) {
        if (tasks.size() == 1) {
            return java.util.Collections.singletonList(tasks.get(0).call());
        }
        return crew.runAll(tasks);
    }
}
