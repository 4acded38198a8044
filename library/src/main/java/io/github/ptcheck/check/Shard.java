package io.github.ptcheck.check;

import io.vavr.collection.List;

/**
 * One job of {@code count} that share a check between them, as a CI matrix does: job
 * {@code index} (1 to {@code count}, written {@code index/count}) takes every
 * {@code count}-th cell, or in exhaustive mode, with a split depth, every {@code count}-th state
 * of each cell's frontier at that depth ({@link io.github.ptcheck.explore.Explorer#withShard}).
 * Together the jobs check what one would, and {@link io.github.ptcheck.report.ShardMerge}
 * merges their reports into the one that job would have written. The split goes by position
 * (round robin over a fixed order), so every job computes the same split without talking to the
 * others.
 *
 * @param index this job, 1 to {@code count}
 * @param count how many jobs share the check
 */
public record Shard(int index, int count) {

    /** The whole check in one job. */
    public static final Shard ALL = new Shard(1, 1);

    /** @throws IllegalArgumentException if {@code index} is not between 1 and {@code count} */
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is k/n with 1 <= k <= n, e.g. 2/4 for the second of four jobs;"
                    + " was " + index + "/" + count);
        }
    }

    /**
     * Parses {@code k/n}, e.g. {@code 2/4}: what a CI matrix passes as {@code ${{ matrix.shard }}/4}.
     *
     * @throws IllegalArgumentException naming what is wrong and the form expected
     */
    public static Shard parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a shard is k/n, e.g. 2/4 for the second of four jobs; was nothing");
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a shard is k/n, e.g. 2/4 for the second of four jobs; was '" + text + "'");
        }
        return new Shard(number(t.substring(0, slash), text), number(t.substring(slash + 1), text));
    }

    /** One of the two numbers of {@code k/n}; no cause kept, which Maven would print after the message. */
    private static int number(String part, String text) {
        String p = part.trim();
        if (!p.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("a shard is k/n with whole numbers, e.g. 2/4 for the second of four"
                    + " jobs; was '" + text + "'");
        }
        long n = Long.parseLong(p);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a shard is k/n with n at most " + Integer.MAX_VALUE + " jobs; was '"
                    + text + "'");
        }
        return (int) n;
    }

    /** Whether this job takes the {@code position}-th (from 0) of the things split. */
    public boolean owns(long position) {
        return position % count == index - 1;
    }

    /** The elements of {@code all} this job takes, in their order. */
    public <T> List<T> of(List<T> all) {
        return all.zipWithIndex().filter(t -> owns(t._2)).map(t -> t._1);
    }

    /** Whether this is the whole check, in one job. */
    public boolean whole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
