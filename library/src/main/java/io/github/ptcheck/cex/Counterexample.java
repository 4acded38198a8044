package io.github.ptcheck.cex;

import io.github.ptcheck.Version;
import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.Minimality;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.op.Schedule;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * A sequence of operations that broke (or, with no recorded violation, passed) a strategy on
 * a preset, with what is needed to run it again and to judge the replay: the content of a
 * counterexample file (docs/counterexample-format.md), without its comments.
 *
 * <p>The strategy is kept by name: it is code, which a file cannot carry, and a file must be
 * readable without the strategy at hand. The preset is kept whole: it is data.
 *
 * @param preset     the preset the sequence ran on
 * @param strategy   the strategy's name
 * @param violation  the violation recorded, or none: the sequence was recorded as passing
 * @param seed       the seed of the check that found it, if known
 * @param tryIndex   the try (0-based) whose sequence it came from, if known (not for exploration)
 * @param minimality how far it was shrunk, if known
 * @param version    the ptcheck version that wrote it, if known
 * @param ops        the operations, at least one
 * @param schedule   the interleaving the operations ran under ({@link Schedule}: which CPU took
 *                   which steps), or none: every operation ran whole, in order
 */
public record Counterexample(Preset preset, String strategy, Option<RecordedViolation> violation, Option<Long> seed,
                             Option<Integer> tryIndex, Option<Minimality> minimality, Option<String> version,
                             Vector<Op> ops, Option<Schedule> schedule) {

    public Counterexample {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(violation, "violation (use Option.none() for none)");
        Objects.requireNonNull(seed, "seed (use Option.none() for none)");
        Objects.requireNonNull(tryIndex, "tryIndex (use Option.none() for none)");
        Objects.requireNonNull(minimality, "minimality (use Option.none() for none)");
        Objects.requireNonNull(version, "version (use Option.none() for none)");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(schedule, "schedule (use Option.none() for a sequential run)");
        schedule = schedule.filter(sc -> !sc.sequential());
        requireWord("strategy name", strategy);
        version.forEach(v -> requireWord("version", v));
        tryIndex.forEach(t -> {
            if (t < 0) {
                throw new IllegalArgumentException("try must be >= 0, was " + t);
            }
        });
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("a counterexample needs at least one operation");
        }
        if (ops.size() > CounterexampleFile.MAX_OPERATIONS) {
            throw new IllegalArgumentException("a counterexample holds at most " + CounterexampleFile.MAX_OPERATIONS
                    + " operations (a file may hold no more), this one " + ops.size());
        }
        for (Op op : ops) {
            if (op == null) {
                throw new IllegalArgumentException("ops must not contain null (at index " + ops.indexOf(null) + ")");
            }
            String problem = CounterexampleParser.numberProblem(op);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        String problem = schedule.map(sc -> scheduleProblem(sc, ops.size())).getOrNull();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A counterexample of operations run whole, in order (as before schedules existed). */
    public Counterexample(Preset preset, String strategy, Option<RecordedViolation> violation, Option<Long> seed,
                          Option<Integer> tryIndex, Option<Minimality> minimality, Option<String> version,
                          Vector<Op> ops) {
        this(preset, strategy, violation, seed, tryIndex, minimality, version, ops, Option.none());
    }

    /** Why {@code schedule} cannot run on {@code size} operations, or null if it can. */
    static String scheduleProblem(Schedule schedule, int size) {
        return schedule.slices().find(sl -> sl.op() >= size)
                .map(sl -> "schedule turn '" + sl + "' names operation " + (sl.op() + 1) + " of a sequence of " + size
                        + "; a turn names an operation by its number in the sequence, 1 to " + size)
                .getOrNull();
    }

    /** A bare counterexample: the sequence and where it runs, nothing recorded. */
    public static Counterexample of(Preset preset, String strategy, Vector<Op> ops) {
        return new Counterexample(preset, strategy, Option.none(), Option.none(), Option.none(), Option.none(),
                Option.none(), ops);
    }

    /** What the file of a finding holds: its shrunk sequence, violation, seed, try and minimality. */
    public static Counterexample of(Cell cell, Finding f) {
        return new Counterexample(cell.preset(), cell.strategy().name(), Option.of(RecordedViolation.of(f.violation())),
                Option.of(f.seed()), f.tryIndex() >= 0 ? Option.of(f.tryIndex()) : Option.none(),
                Option.of(f.minimality()), Option.of(Version.current()), f.shrunk(), Option.of(f.schedule()));
    }

    public Counterexample withStrategy(String name) {
        return new Counterexample(preset, name, violation, seed, tryIndex, minimality, version, ops, schedule);
    }

    public Counterexample withPreset(Preset p) {
        return new Counterexample(p, strategy, violation, seed, tryIndex, minimality, version, ops, schedule);
    }

    public Counterexample withViolation(Option<RecordedViolation> v) {
        return new Counterexample(preset, strategy, v, seed, tryIndex, minimality, version, ops, schedule);
    }

    public Counterexample withOps(Vector<Op> o) {
        return new Counterexample(preset, strategy, violation, seed, tryIndex, minimality, version, o, schedule);
    }

    /** The same operations under {@code s} (the sequential schedule: none). */
    public Counterexample withSchedule(Schedule s) {
        return new Counterexample(preset, strategy, violation, seed, tryIndex, minimality, version, ops, Option.of(s));
    }

    /** The file text, without a trace. */
    public String text() {
        return CounterexampleWriter.write(this, "");
    }

    /**
     * The file text, with {@code trace} (e.g. {@code TextTrace.render} of the run) as comment
     * lines at the end, so that a person reading the file sees the story; the parser ignores them.
     */
    public String text(String trace) {
        return CounterexampleWriter.write(this, trace);
    }

    /**
     * {@link #text(String)} for a strategy that is not built in: the file's opening comment says to
     * replay it with {@code ptcheck replay <load> <this file>}, {@code load} being the command-line
     * options that load the strategy ({@code --strategy-path classes --strategy-class com.example.Mine}),
     * instead of placeholders. Ignored for a built-in strategy; null or blank for the placeholders.
     */
    public String text(String trace, String load) {
        return CounterexampleWriter.write(this, trace, load);
    }

    /**
     * Reads file text naming only built-in presets and strategies.
     *
     * @throws CounterexampleFormatException saying where and what was expected
     */
    public static Counterexample parse(String text, String source) {
        return CounterexampleFile.parse(text, source, Catalog.builtIn()).counterexample();
    }

    private static void requireWord(String what, String s) {
        if (s.isEmpty() || !Syntax.isBareWord(s)) {
            throw new IllegalArgumentException(what + " '" + s + "' must be one word without spaces, '#' or '\"'"
                    + " (it is written into counterexample files)");
        }
    }
}
