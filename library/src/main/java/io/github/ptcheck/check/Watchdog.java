package io.github.ptcheck.check;

import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Runs work that calls strategies so that a call that never returns cannot hang the caller.
 * A plain Java loop in a strategy cannot be stopped from inside (no primitive is called, so
 * the model's loop guard never runs), and {@code Thread.stop} is gone. So {@link #run} runs the
 * work on a worker thread of its own, and the calling thread watches it: each strategy call
 * ({@link Executor}'s routines, and {@code name()}, {@code serves()}, {@code source()},
 * {@code describe()} through {@link StrategyMethods}) marks its start and end on the worker with
 * one ordered store each (no lock, no fence, no clock: the untraced hot path stays fast). When a
 * call has not ended within the call timeout, or the work runs past its time limit, the caller
 * ends with a {@link StrategyFailure} naming the strategy, the routine, the step and the
 * operation; the worker is interrupted and abandoned.
 *
 * <p><b>An abandoned worker keeps running until the JVM exits</b> (it is a daemon thread, so it
 * does not keep the JVM alive): Java has no way to stop a thread that ignores interrupts. It
 * keeps its CPU and whatever memory it holds. A Maven build or a test run ends soon after such a
 * failure anyway.
 *
 * <p>Work {@link #run} on a worker that is already watched runs inline: under its own call
 * timeout if it gives one, else the enclosing one's, and under the earlier of the two time
 * limits; a call that does not return gives up on the enclosing worker, with all its work. Work
 * that must fail alone ({@link Runner#check} of one cell, an exploration of one: the command or
 * goal around them runs on a worker of its own and goes on with the next cell) is run with
 * {@link #runApart}, always on a new worker. Work whose
 * callers are not on a worker ({@link Executor#run} and {@link Executor#trace} called directly,
 * {@code Generator.sample}) is not watched: wrap it in {@link #run} to watch it.
 */
public final class Watchdog {

    private static final AtomicInteger WORKERS = new AtomicInteger();

    private Watchdog() {
    }

    /** Work to run on the worker; it may throw what the caller would. */
    @FunctionalInterface
    public interface Task<T, X extends Exception> {
        T call() throws X;
    }

    /**
     * Runs {@code task} watched: on a worker thread, or inline when already on one.
     *
     * @param callTimeout how long one strategy call may run; null for the enclosing task's (when
     *                    already on a worker) or {@value CheckConfig#DEFAULT_CALL_TIMEOUT_SECONDS} s
     * @param timeLimit   how long the whole task may run, or null for no limit
     * @param limitWhy    what the time limit is made of, for the message (e.g.
     *                    {@code timeBudget 30 s + shrinkTimeLimit 30 s + callTimeout 10 s})
     * @return what the task returned
     * @throws StrategyFailure if a strategy call did not return within {@code callTimeout}, or
     *                         the task ran past {@code timeLimit}
     * @throws X               whatever the task threw, unchanged
     */
    public static <T, X extends Exception> T run(Duration callTimeout, Duration timeLimit, String limitWhy,
                                                 Task<T, X> task) throws X {
        Objects.requireNonNull(task, "task must not be null");
        long deadline = timeLimit == null ? Long.MAX_VALUE : saturatedAdd(System.nanoTime(), nanos(timeLimit));
        if (Thread.currentThread() instanceof Worker w) {
            long oldLimit = w.callLimit;
            long oldDeadline = w.deadline;
            String oldWhy = w.deadlineWhy;
            w.callLimit = callTimeout == null ? oldLimit : nanos(callTimeout);
            if (deadline < oldDeadline) {
                w.deadline = deadline;
                w.deadlineWhy = limitWhy;
            }
            try {
                return task.call();
            } finally {
                w.callLimit = oldLimit;
                w.deadline = oldDeadline;
                w.deadlineWhy = oldWhy;
            }
        }
        return onWorker(task, nanos(callTimeout == null ? Duration.ofSeconds(
                CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS) : callTimeout), deadline, limitWhy);
    }

    /**
     * Runs {@code task} watched on a new worker of its own, even when already on one, this thread
     * waiting for it: a call that does not return within the call timeout, or the task running
     * past its time limit, gives up on that worker only, and this thread (and an enclosing
     * watched task it belongs to) goes on with the {@link StrategyFailure}. While this thread
     * waits it is between strategy calls, so an enclosing watcher does not time it out for a
     * call; the enclosing time limit still holds for both.
     *
     * @param callTimeout how long one strategy call may run; null for the one in force on this
     *                    thread (an enclosing worker's, else {@value CheckConfig#DEFAULT_CALL_TIMEOUT_SECONDS} s)
     * @param timeLimit   how long the task may run, or null for no limit of its own; the earlier
     *                    of it and an enclosing worker's holds
     * @param limitWhy    what the time limit is made of, for the message
     * @throws StrategyFailure if a strategy call did not return within {@code callTimeout}, or
     *                         the task ran past its time limit
     * @throws X               whatever the task threw, unchanged
     */
    public static <T, X extends Exception> T runApart(Duration callTimeout, Duration timeLimit, String limitWhy,
                                                      Task<T, X> task) throws X {
        Objects.requireNonNull(task, "task must not be null");
        long deadline = timeLimit == null ? Long.MAX_VALUE : saturatedAdd(System.nanoTime(), nanos(timeLimit));
        String why = limitWhy;
        long enclosing = deadlineHere();
        if (enclosing < deadline) {
            deadline = enclosing;
            why = deadlineWhyHere();
        }
        return onWorker(task, callTimeout == null ? callLimitHere() : nanos(callTimeout), deadline, why);
    }

    /** Runs {@code task} on a new worker, this thread watching it until it ends or is given up on. */
    private static <T, X extends Exception> T onWorker(Task<T, X> task, long callLimit, long deadline, String why)
            throws X {
        Worker w = new Worker(task, callLimit, deadline, why);
        w.start();
        watch(w);
        if (w.thrown != null) {
            throw rethrown(w, w.thrown);
        }
        @SuppressWarnings("unchecked")
        T result = (T) w.result;
        return result;
    }

    /**
     * Runs {@code tasks} at once, each watched as {@link #run} watches one, under the call timeout
     * and time limit in force on this thread (an enclosing worker's, else the defaults): the first
     * on this thread, every other on a worker of its own. For work split over the cores that a
     * strategy call stuck on one of them must not hang; work that does so round after round (the
     * explorer's parallel search) keeps its threads in a {@link Crew}, which this starts and ends
     * for one round.
     *
     * @return what the tasks returned, in their order
     * @throws StrategyFailure if a call on one of them did not return in time (the first such task's)
     * @throws RuntimeException the first task's, in their order, that threw
     */
    public static <T> java.util.List<T> runAll(java.util.List<? extends Task<T, RuntimeException>> tasks) {
        try (Crew crew = new Crew(Math.max(1, tasks.size()))) {
            return crew.runAll(tasks);
        }
    }

    /**
     * Runs {@code task} on this thread so that a {@link StrategyFailure} that comes in it says where:
     * {@code locator} applied to it (e.g. {@link StrategyFailure#locatedIn}), whether the strategy
     * threw or a call of it was given up on. A throw goes out through every locator in force, the
     * innermost first; so does a call given up on: the watcher applies them, in the same order, on
     * its own thread, before it interrupts the worker. They read what the task wrote before the
     * call began (published with the call's start by its ordered store), as a throw's catch would.
     * So an outer locator may add what an inner one does not know (the try around a shrink that
     * names only the sequence it ran). A locator should leave a failure that already has its
     * operations as it is, so that the innermost's operations win.
     */
    public static <T, X extends Exception> T locating(UnaryOperator<StrategyFailure> locator, Task<T, X> task)
            throws X {
        Objects.requireNonNull(locator, "locator");
        Worker w = Thread.currentThread() instanceof Worker x ? x : null;
        Locators outer = w == null ? null : w.locators;
        if (w != null) {
            w.locators = new Locators(locator, outer);
        }
        try {
            return task.call();
        } catch (StrategyFailure f) {
            throw locator.apply(f);
        } finally {
            if (w != null) {
                w.locators = outer;
            }
        }
    }

    /**
     * {@link #locating} with {@link StrategyFailure#locatedIn}: a failure in {@code task}, which
     * runs {@code ops} under {@code schedule} (on try {@code tryIndex}, -1 when not known), carries
     * the operations and schedule that make it fail again.
     */
    public static <T> T locatingIn(int tryIndex, Vector<Op> ops, Schedule schedule, Task<T, RuntimeException> task) {
        return locating(f -> f.locatedIn(tryIndex, ops, schedule), task);
    }

    /** The call timeout in force on this thread: its worker's, else the default. */
    static long callLimitHere() {
        return Thread.currentThread() instanceof Worker w ? w.callLimit
                : nanos(Duration.ofSeconds(CheckConfig.DEFAULT_CALL_TIMEOUT_SECONDS));
    }

    /** The time limit in force on this thread (System.nanoTime), and what it is made of: its worker's, else none. */
    static long deadlineHere() {
        return Thread.currentThread() instanceof Worker w ? w.deadline : Long.MAX_VALUE;
    }

    static String deadlineWhyHere() {
        return Thread.currentThread() instanceof Worker w ? w.deadlineWhy : null;
    }

    /** How long a watcher waits between looks at a worker whose call timeout is {@code callLimit}. */
    static long tick(long callLimit) {
        return Math.max(10_000_000L, Math.min(callLimit / 10, 250_000_000L));
    }

    /** Where a watcher is in watching one worker's task: the worker's call count last seen, and when it changed. */
    static final class Watch {
        private long lastCalls = -1;
        private long lastChange = System.nanoTime();

        /**
         * Looks at the worker once: the failure if its current call has run past the call timeout
         * or its task past the time limit (the worker is then given up on), else null.
         */
        StrategyFailure look(Worker w) {
            long now = System.nanoTime();
            long calls = (long) CALLS.getAcquire(w);
            boolean inside = w.depth > 0; // written before the ordered store just read
            if (calls != lastCalls) {
                lastCalls = calls;
                lastChange = now;
            } else if (inside && now - lastChange >= w.callLimit) {
                StrategyFailure late = abandon(w, "did not return within " + seconds(w.callLimit) + " (the call"
                        + " timeout; ptcheck gave up on it and left its thread running until the JVM exits)", calls);
                if (late != null) {
                    return late;
                }
                lastCalls = -1; // it returned just now: the next look starts the count again
            }
            if (now - w.deadline >= 0) {
                return abandon(w, "was still running when the time limit of " + w.deadlineWhy + " ran out ("
                        + (inside ? "" : "the check was between calls; this was the last; ")
                        + "ptcheck gave up on the check and left its thread running until the JVM exits)", -1);
            }
            return null;
        }
    }

    /**
     * What a worker's task threw, as its caller throws it: an OutOfMemoryError between calls
     * names the last strategy called (one that keeps what it allocates runs the heap out wherever
     * the next allocation happens to be), anything else as it was.
     */
    static RuntimeException rethrown(Worker w, Throwable thrown) {
        if (thrown instanceof OutOfMemoryError && w.strategy != null) {
            // Not inside a call (that would have been reported there).
            throw new StrategyFailure(w.strategy, w.step, w.op == null ? "no operation" : w.op.toString(),
                    w.routine, "was the last strategy called when the heap ran out (" + thrown.getMessage()
                    + "; the heap is " + (Runtime.getRuntime().maxMemory() >> 20) + " MB); a strategy that keeps"
                    + " what it allocates (in a static field, say) does that", thrown);
        }
        throw Watchdog.<RuntimeException>sneaky(thrown);
    }

    /** Waits for the worker, giving up on it when a call or the whole task runs too long. */
    private static void watch(Worker w) {
        Watch watch = new Watch();
        while (true) {
            try {
                w.join(tick(w.callLimit) / 1_000_000L);
            } catch (InterruptedException e) {
                w.interrupt();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the check to finish; its thread was"
                        + " interrupted too", e);
            }
            if (!w.isAlive()) {
                return;
            }
            StrategyFailure late = watch.look(w);
            if (late != null) {
                throw late;
            }
        }
    }

    /**
     * Gives up on {@code w}, or, when {@code calls} is its call count seen stuck (not -1) and the
     * call has ended since, does not (null): what the failure and the locators read was then
     * perhaps written after the call ended, and would name the next call or none.
     */
    private static StrategyFailure abandon(Worker w, String problem, long calls) {
        // Read where it is stuck before the interrupt: a call that ends when interrupted lets the
        // worker go on to its next call, and the report would name that one.
        StrategyFailure f = new StrategyFailure(w.strategy == null ? "?" : w.strategy, w.step,
                w.op == null ? "no operation" : w.op.toString(), w.routine == null ? "?" : w.routine, problem, null);
        for (Locators l = w.locators; l != null; l = l.outer()) {
            try {
                f = l.locator().apply(f);
            } catch (RuntimeException e) {
                // Past the time limit the worker may be between calls, changing what the locator
                // reads: the failure goes without what this one adds rather than not at all.
            }
        }
        if (calls >= 0 && (long) CALLS.getAcquire(w) != calls) {
            return null; // the call ended while we read where it was: it returned (just) in time
        }
        w.abandoned = true;
        w.interrupt();
        return f;
    }

    /**
     * Thrown on an abandoned worker at its next strategy call: its caller has reported it and
     * gone on, so it must not go on too (printing the rest of a table, say). An {@code Error}, so
     * that a strategy's {@code catch (Exception e)} does not swallow it on the way out.
     */
    static final class Abandoned extends Error {
        Abandoned() {
            super("ptcheck gave up on this thread", null, false, false);
        }
    }

    // ------------------------------------------------------------- the calls

    /**
     * Marks the start of a strategy call on this thread, if it is a worker; returns the worker
     * (to pass to {@link #exit}) or null.
     */
    static Worker enter(String strategy, String routine, int step, Op op) {
        if (Thread.currentThread() instanceof Worker w) {
            if (w.abandoned) {
                throw new Abandoned();
            }
            if (w.depth > 0) {
                // A call inside a call (a strategy that makes a Cell, which asks its name): the
                // outer call is what a timeout should name once the inner one has ended.
                w.outer = new Call(w.strategy, w.routine, w.step, w.op, w.outer);
            }
            w.strategy = strategy;
            w.routine = routine;
            w.step = step;
            w.op = op;
            w.depth++;
            // The ordered store publishes the fields above with it.
            CALLS.setRelease(w, w.calls + 1);
            return w;
        }
        return null;
    }

    /** Marks the end of the call {@link #enter} began. */
    static void exit(Worker w) {
        if (w != null) {
            w.depth--;
            Call outer = w.outer;
            if (w.depth > 0 && outer != null) {
                w.strategy = outer.strategy;
                w.routine = outer.routine;
                w.step = outer.step;
                w.op = outer.op;
                w.outer = outer.next;
            }
            CALLS.setRelease(w, w.calls + 1);
        }
    }

    /**
     * The {@link #locating} locators in force on a worker, the innermost first: immutable, so the
     * watcher reads a whole chain, published with the call's start.
     */
    private record Locators(UnaryOperator<StrategyFailure> locator, Locators outer) {
    }

    /** A call an inner one interrupted, and the one it interrupted. */
    private record Call(String strategy, String routine, int step, Op op, Call next) {
    }

    /** The thread a watched task runs on (a {@link Crew}'s threads run one task after another). */
    static class Worker extends Thread {
        private final Task<?, ?> task;
        /** Strategy calls begun plus calls ended. Written by this thread only. */
        long calls;
        /** Strategy calls begun and not ended (a strategy may make a Cell, which asks its name). */
        int depth;
        Call outer;
        /** The {@link #locating} locators in force, the innermost first, or null. */
        Locators locators;
        String strategy;
        String routine;
        int step;
        Op op;
        volatile long callLimit;
        volatile long deadline;
        volatile String deadlineWhy;
        volatile boolean abandoned;
        private Object result;
        private Throwable thrown;

        Worker(Task<?, ?> task, long callLimit, long deadline, String deadlineWhy) {
            super("ptcheck-worker-" + WORKERS.incrementAndGet());
            this.task = task;
            this.callLimit = callLimit;
            this.deadline = deadline;
            this.deadlineWhy = deadlineWhy;
            setDaemon(true);
            // An abandoned worker's late failure is nobody's business.
            setUncaughtExceptionHandler((t, e) -> {
            });
        }

        @Override
        public void run() {
            try {
                result = task.call();
            } catch (Throwable t) {
                thrown = t;
            }
        }

        boolean abandoned() {
            return abandoned;
        }
    }

    private static final VarHandle CALLS;

    static {
        try {
            CALLS = MethodHandles.lookup().findVarHandle(Worker.class, "calls", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ------------------------------------------------------------- plumbing

    private static long nanos(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a time limit must be positive, was " + d);
        }
        return d.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 4 : d.toNanos();
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /** How a limit reads in messages: {@code 10 s}, or {@code 250 ms} when not whole seconds. */
    public static String seconds(long nanos) {
        return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + " s" : nanos / 1_000_000L + " ms";
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
