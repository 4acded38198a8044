package io.github.ptcheck.check;

import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * A strategy threw, returned null, looped, did not return within the call timeout, ran out of
 * memory, or gave different results for the same sequence: ptcheck cannot judge a sequence the
 * strategy cannot run (or runs two ways), so this is an error of the strategy, not a verdict on
 * the kernel scheme.
 */
public final class StrategyFailure extends RuntimeException {

    private final String strategy;
    private final int step;
    private final String op;
    private final int tryIndex;
    private final String sequence;
    private final String schedule;

    /**
     * @param strategy the strategy's name (its class name when {@code name()} itself failed)
     * @param step     the step of the operation it was running, or 0 outside an operation
     *                 ({@code serves()}, {@code describe()}, ...)
     * @param op       the operation, or null outside one
     * @param routine  the routine or method, e.g. {@code pte_free_defer} or {@code serves(s390x)}
     * @param problem  what went wrong, e.g. {@code threw} or {@code did not return within 10 s}
     * @param cause    what it threw, or null
     */
    public StrategyFailure(String strategy, int step, String op, String routine, String problem, Throwable cause) {
        this(strategy, step, op, -1, null, null, "strategy '" + strategy + "' " + problem + " in " + routine
                + (step > 0 ? " at step " + step + " (" + op + ")" : "") + (cause == null ? "" : ": " + cause)
                + ". Fix the strategy: " + advice(routine), cause);
    }

    /**
     * What to fix, fitting where it failed: a kernel routine returns the machine; the constructor,
     * the static initializer and the other methods ({@code name()}, {@code serves(...)}, ...) do not.
     */
    private static String advice(String routine) {
        if (routine.equals("constructor") || routine.equals("static initializer")) {
            return "its " + routine + " must finish promptly, never throw or loop (keep no work in it; state lives"
                    + " in the Machine).";
        }
        int paren = routine.indexOf('(');
        if (paren > 0) {
            return routine.substring(0, paren) + "() must return its answer promptly, never throw or loop.";
        }
        return "every routine must return the machine (or the violation a primitive returned), never throw or loop.";
    }

    private StrategyFailure(String strategy, int step, String op, int tryIndex, String sequence, String schedule,
                            String message, Throwable cause) {
        super(message, cause);
        this.strategy = strategy;
        this.step = step;
        this.op = op;
        this.tryIndex = tryIndex;
        this.sequence = sequence;
        this.schedule = schedule;
    }

    /**
     * This failure, as it came on try {@code tryIndex} (0-based) whose operations up to the
     * failing one are {@code ran}: what a front end needs to say where it came and how to run it
     * again. The operation it failed in ends the sequence when it was one of {@code ran}'s
     * successors ({@code inSequence}); a failure in the teardown leaves {@code ran} as it is, the
     * teardown following every run.
     */
    public StrategyFailure during(int tryIndex, Vector<Op> ran, boolean inSequence) {
        String ops = ran.map(Op::toString).appendAll(inSequence && op != null ? List.of(op) : List.empty())
                .mkString("; ");
        return copy(tryIndex, ops, schedule);
    }

    /**
     * This failure, as it came with its operations overlapped under {@code schedule} (turns as
     * {@code ptcheck run --schedule} and a counterexample file's {@code schedule:} line spell
     * them; {@link Schedule#SEQUENTIAL}: run whole, no schedule).
     */
    public StrategyFailure under(Schedule schedule) {
        return copy(tryIndex, sequence, schedule.sequential() ? null : schedule.toString());
    }

    /**
     * This failure, as it came while ptcheck checked try {@code tryIndex} (0-based) past its run:
     * under a PCT schedule, while shrinking it, or when it was run again. The operations that
     * failed are not the try's: it keeps those it was {@link #locatedIn} (a throw or a loop in a
     * run of known operations), else it has none and the check of that seed fails there again.
     */
    public StrategyFailure onTry(int tryIndex) {
        return copy(tryIndex, sequence, schedule);
    }

    /**
     * This failure, as it came while {@code ops} ran under {@code schedule} ({@link
     * Schedule#SEQUENTIAL}: whole, in order) on try {@code tryIndex} (-1: not known here): the
     * operations up to the one it failed in, when no turn of the schedule is for a later one (the
     * later ones had not started), else them all; with the schedule. Unchanged when it has its
     * operations already, or came outside an operation (step 0).
     */
    public StrategyFailure locatedIn(int tryIndex, Vector<Op> ops, Schedule schedule) {
        if (sequence != null || step <= 0) {
            return this;
        }
        boolean upToIt = step <= ops.size() && schedule.slices().forAll(s -> s.op() < step);
        return (upToIt ? during(tryIndex, ops.take(step - 1), true) : during(tryIndex, ops, false)).under(schedule);
    }

    /**
     * This failure with where a search met it, {@code ops} from the boot state under
     * {@code schedule}, said in its message as information only: for a failure no single run of
     * those operations need make again (a routine resumed another way), so they are not its
     * {@link #sequence()} to run, and the front ends reproduce it with the search again.
     */
    public StrategyFailure reachedBy(String search, Vector<Op> ops, Schedule schedule) {
        String where = " (" + search + " met it after " + ops.map(Op::toString).mkString("; ")
                + (schedule.sequential() ? "" : " under the schedule " + schedule) + ".)";
        StrategyFailure f = new StrategyFailure(strategy, step, op, tryIndex, sequence, this.schedule,
                getMessage() + where, getCause());
        f.setStackTrace(getStackTrace());
        return f;
    }

    private StrategyFailure copy(int tryIndex, String sequence, String schedule) {
        StrategyFailure f = new StrategyFailure(strategy, step, op, tryIndex, sequence, schedule, getMessage(),
                getCause());
        f.setStackTrace(getStackTrace());
        return f;
    }

    /**
     * The strategy gave two different results for the same sequence: ptcheck's verdicts assume
     * that a strategy is a function of the machine it is given.
     *
     * @param ops    the sequence, as it is written in a counterexample file
     * @param first  what one run gave, e.g. {@code USE_AFTER_FREE at step 5}
     * @param second what another run of the same sequence gave, e.g. {@code passed}
     */
    public static StrategyFailure nondeterministic(String strategy, String ops, String first, String second) {
        return new StrategyFailure(strategy, 0, null, -1, null, null, "strategy '" + strategy + "' is not deterministic: the same sequence"
                + " gave two different results (" + first + ", then " + second + ") for " + ops + ". Fix the strategy:"
                + " every method must be a function of the machine it is given (no static counter, no random"
                + " number, no clock, no state kept in the strategy object); state lives in the Machine.", null);
    }

    /**
     * {@link #nondeterministic} for a search's finding whose traced run from the boot state
     * passed. {@code first} and {@code second} are two untraced runs of it from there: when they
     * differ, or broke an invariant (it acts otherwise when traced), they are the two results;
     * when both passed, {@code found} (what the search saw, e.g. {@code a violation when the
     * explorer reached it}) is the first and those runs the second.
     *
     * @param ops the sequence as a message spells it, with its schedule when its operations overlapped
     */
    public static StrategyFailure notFoundAgain(String strategy, String ops, String found, String first,
                                                String second) {
        if (!first.equals(second) || !first.equals("passed")) {
            return nondeterministic(strategy, ops, first, first.equals(second) ? "passed when traced" : second);
        }
        // Every run from the boot state passes: the search's states held a violation these runs
        // do not reach, which a strategy keeping state in its object (or the clock, ...) gives.
        return nondeterministic(strategy, ops, found, "passed when run again from the boot state");
    }

    public String strategy() {
        return strategy;
    }

    /** The step it failed at, or 0 when not while running an operation. */
    public int step() {
        return step;
    }

    /** The try (0-based) it failed on, or -1 when not known (not in a try's run: shrinking, an exploration). */
    public int tryIndex() {
        return tryIndex;
    }

    /**
     * The operations that ran up to it, the one it failed in last (as {@code ptcheck run} and a
     * counterexample file spell them, separated by {@code ; }), or none when not known.
     */
    public Option<String> sequence() {
        return Option.of(sequence);
    }

    /**
     * The schedule its operations ran under when they overlapped (an interleaving search), as
     * {@code ptcheck run --schedule} takes it, or none when they ran whole, in order.
     */
    public Option<String> schedule() {
        return Option.of(schedule);
    }
}
