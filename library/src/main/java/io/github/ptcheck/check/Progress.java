package io.github.ptcheck.check;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a long check or exploration of one cell is going, for a progress line: the
 * {@link Runner} and the {@code Explorer} report it to a listener at most once per interval
 * while they work, and once when the cell is done. It never changes what they find.
 */
public sealed interface Progress permits Progress.Tries, Progress.States {

    /** The cell being worked on. */
    Cell cell();

    /** Wall-clock time since the cell started. */
    Duration elapsed();

    /** Whether this is the last report of the cell. */
    boolean done();

    /**
     * Random mode.
     *
     * @param triesRun   tries run so far
     * @param tries      tries asked for
     * @param operations operations executed so far
     */
    record Tries(Cell cell, int triesRun, int tries, long operations, Duration elapsed, boolean done)
            implements Progress {
    }

    /**
     * Exhaustive mode.
     *
     * @param depth       the level being expanded: sequences of this many operations are extended by one
     * @param maxDepth    the depth asked for
     * @param states      distinct states visited so far
     * @param transitions operations applied so far
     */
    record States(Cell cell, int depth, int maxDepth, long states, long transitions, Duration elapsed, boolean done)
            implements Progress {

        /** States visited per second of wall-clock time so far. */
        public long perSecond() {
            long ms = elapsed.toMillis();
            return ms <= 0 ? 0 : states * 1000 / ms;
        }
    }

    /** Calls a listener at most once per interval, and always for the last report. */
    final class Throttle {

        private final Consumer<? super Progress> listener;
        private final long every;
        private final long start = System.nanoTime();
        private long next;

        /**
         * @param listener told of the progress, or null for nobody
         * @param every    the least time between two reports that are not the last
         */
        public Throttle(Consumer<? super Progress> listener, Duration every) {
            this.listener = listener;
            this.every = every.toNanos();
            this.next = start + this.every;
        }

        /** Whether a report is due (cheap: one clock read, none without a listener). */
        public boolean due() {
            return listener != null && System.nanoTime() >= next;
        }

        public Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        public void report(Progress p) {
            if (listener != null) {
                listener.accept(p);
                next = System.nanoTime() + every;
            }
        }
    }
}
