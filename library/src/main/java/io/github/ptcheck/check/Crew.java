package io.github.ptcheck.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Threads that run tasks side by side, round after round, every task watched as
 * {@link Watchdog#run} watches one: for the explorer's parallel search, which splits each batch of
 * a level over the cores twice (expand, then check the teardowns), thousands of rounds in a
 * deep exploration. A thread started per task and round, with a watcher thread of its own,
 * cost about half a millisecond a round on a two-core VM, a third of a depth-8 exploration; a
 * crew starts its threads once and hands them each round's tasks.
 *
 * <p>The calling thread runs the first task of a round itself, then watches the others until
 * they end: a strategy call on a crew thread that does not return within the call timeout in
 * force on the calling thread (or a task that runs past its time limit) ends the round with a
 * {@link StrategyFailure} naming the call, and the thread is given up on as {@link Watchdog#run}
 * gives up on one; the crew then runs no more rounds. The watch starts when the calling thread's
 * own task is done, so a stuck call is caught at most that task's length later than a watcher
 * of its own would catch it.
 *
 * <p>{@link #runApart} runs every task of a round on a crew thread of its own, the calling thread
 * only watching: a stuck call does not end the round but waits for the other tasks to end or be
 * given up on too, so that the caller learns where each one stopped (the parallel search reports
 * the first failure in its sequential order, wherever the threads were); a thread given up on
 * is replaced, and the crew goes on.
 *
 * <p>Close the crew when done ({@code try}-with-resources): its threads are daemons, but each
 * holds a stack until it ends.
 */
public final class Crew implements AutoCloseable {

    /** A round's task for one crew thread, and what it gave. */
    private static final class Job {
        final Watchdog.Task<?, ? extends RuntimeException> task;
        final CountDownLatch done;
        /** The crew thread that runs it, and its index (-1 for {@link #END}). */
        final int helper;
        final Helper owner;
        final Watchdog.Watch watch = new Watchdog.Watch();
        Object result;
        Throwable thrown;
        /** Set by the crew thread once it has finished the task (result or thrown written before). */
        volatile boolean finished;
        /** Why the watcher gave up on the task's thread, or null. */
        StrategyFailure late;

        Job(Watchdog.Task<?, ? extends RuntimeException> task, CountDownLatch done, int helper, Helper owner) {
            this.task = task;
            this.done = done;
            this.helper = helper;
            this.owner = owner;
        }
    }

    /** Tells a crew thread to end. */
    private static final Job END = new Job(() -> null, new CountDownLatch(0), -1, null);

    /** A crew thread: takes a job, runs it, counts the round down, and waits for the next. */
    private static final class Helper extends Watchdog.Worker {
        final BlockingQueue<Job> inbox = new ArrayBlockingQueue<>(1);

        Helper() {
            super(null, 0, Long.MAX_VALUE, null);
        }

        @Override
        public void run() {
            while (true) {
                Job job;
                try {
                    job = inbox.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (job == END) {
                    return;
                }
                try {
                    job.result = job.task.call();
                } catch (Throwable t) {
                    job.thrown = t;
                } finally {
                    job.finished = true;
                    job.done.countDown();
                }
                if (abandoned()) {
                    return; // replaced by another thread (runApart): nobody hands this one work again
                }
            }
        }
    }

    private final Helper[] helpers;
    /** A crew thread was given up on: it may still be running a stuck call. */
    private boolean broken;
    private boolean closed;

    /** A crew of {@code size} threads: the caller's and {@code size - 1} of its own, started when first needed. */
    public Crew(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a crew has at least one thread (the caller's), was " + size);
        }
        helpers = new Helper[size - 1];
    }

    /** How many tasks a round may have: the caller's thread and the crew's own. */
    public int size() {
        return helpers.length + 1;
    }

    /**
     * Runs {@code tasks} at once, each watched, under the call timeout and time limit in force on
     * this thread (an enclosing worker's, else the defaults): the first on this thread, every other
     * on a crew thread.
     *
     * @return what the tasks returned, in their order
     * @throws StrategyFailure if a call on one of them did not return in time (the first such task's)
     * @throws RuntimeException the first task's, in their order, that threw
     */
    public <T> List<T> runAll(List<? extends Watchdog.Task<T, RuntimeException>> tasks) {
        int n = tasks.size();
        if (n > size()) {
            throw new IllegalArgumentException(n + " tasks for a crew of " + size() + " threads");
        }
        usable();
        if (n == 0) {
            return List.of();
        }
        long callLimit = Watchdog.callLimitHere();
        CountDownLatch done = new CountDownLatch(n - 1);
        Job[] jobs = hand(tasks.subList(1, n), done, callLimit);
        Object[] results = new Object[n];
        RuntimeException first = null;
        try {
            results[0] = tasks.get(0).call();
        } catch (RuntimeException e) {
            first = e;
        }
        await(jobs, done, callLimit, false);
        if (first != null) {
            throw first;
        }
        for (int i = 1; i < n; i++) {
            if (jobs[i - 1].thrown != null) {
                throw Watchdog.rethrown(jobs[i - 1].owner, jobs[i - 1].thrown);
            }
            results[i] = jobs[i - 1].result;
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(results);
        return list;
    }

    /**
     * Runs {@code tasks} at once, each on a crew thread, watched as {@link #runAll} watches them,
     * this thread only watching: so that where every thread stopped can be told even when one is
     * stuck (the explorer's parallel search, which reports the first failure in the sequential
     * order). A task whose call did not return in time (or that ran past the time limit) gives
     * {@code late.apply(index, failure)} as its result, once every other task has ended or been
     * given up on too; its thread is abandoned and a new one takes its place, so the crew goes on.
     *
     * @return what the tasks returned (or {@code late} for them), in their order
     * @throws RuntimeException the first task's, in their order, that threw (or what {@code late} threw)
     */
    public <T> List<T> runApart(List<? extends Watchdog.Task<T, RuntimeException>> tasks,
                                BiFunction<Integer, StrategyFailure, ? extends T> late) {
        int n = tasks.size();
        if (n > helpers.length) {
            throw new IllegalArgumentException(n + " tasks apart for a crew of " + helpers.length + " threads of its own");
        }
        usable();
        long callLimit = Watchdog.callLimitHere();
        CountDownLatch done = new CountDownLatch(n);
        Job[] jobs = hand(tasks, done, callLimit);
        await(jobs, done, callLimit, true);
        List<T> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Job j = jobs[i];
            if (j.late != null) {
                results.add(late.apply(i, j.late));
            } else if (j.thrown != null) {
                throw Watchdog.rethrown(j.owner, j.thrown);
            } else {
                @SuppressWarnings("unchecked")
                T r = (T) j.result;
                results.add(r);
            }
        }
        return results;
    }

    private void usable() {
        if (closed || broken) {
            throw new IllegalStateException(closed ? "the crew is closed" : "a thread of this crew was given up on;"
                    + " start another crew");
        }
    }

    /** Hands {@code tasks} to the crew's threads, one each from the first, under this thread's limits. */
    private Job[] hand(List<? extends Watchdog.Task<?, RuntimeException>> tasks, CountDownLatch done, long callLimit) {
        long deadline = Watchdog.deadlineHere();
        String why = Watchdog.deadlineWhyHere();
        Job[] jobs = new Job[tasks.size()];
        for (int i = 0; i < jobs.length; i++) {
            Helper h = helper(i);
            h.callLimit = callLimit;
            h.deadline = deadline;
            h.deadlineWhy = why;
            jobs[i] = new Job(tasks.get(i), done, i, h);
            if (!h.inbox.offer(jobs[i])) {
                throw new IllegalStateException("crew thread " + h.getName() + " has a job it has not taken");
            }
        }
        return jobs;
    }

    /**
     * Waits for the crew's tasks of this round, giving up on a thread whose call or task runs too
     * long: with {@code waitForAll}, noted in its job (its thread replaced) while the others go
     * on, else at once, the crew then broken.
     */
    private void await(Job[] jobs, CountDownLatch done, long callLimit, boolean waitForAll) {
        long tick = Watchdog.tick(callLimit);
        try {
            while (!done.await(tick, TimeUnit.NANOSECONDS)) {
                boolean running = false;
                for (Job j : jobs) {
                    if (j.finished || j.late != null) {
                        continue;
                    }
                    StrategyFailure late = j.watch.look(j.owner);
                    if (late == null) {
                        running = true;
                    } else if (waitForAll) {
                        j.late = late;
                        helpers[j.helper] = null; // abandoned: a new thread next round
                    } else {
                        broken = true;
                        throw late;
                    }
                }
                if (!running) {
                    return; // every task ended or was given up on
                }
            }
        } catch (InterruptedException e) {
            broken = true;
            for (Job j : jobs) {
                j.owner.interrupt();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the parallel work to finish", e);
        }
    }

    private Helper helper(int i) {
        if (helpers[i] == null) {
            helpers[i] = new Helper();
            helpers[i].start();
        }
        return helpers[i];
    }

    /** Ends the crew's threads (but one given up on, which runs on until the JVM exits). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Helper h : helpers) {
            if (h != null && !h.abandoned()) {
                if (!h.inbox.offer(END)) {
                    h.interrupt();
                }
            }
        }
    }
}
