package io.github.ptcheck.model;

import java.util.Arrays;

/**
 * A kernel primitive as a routine called it: which one, with which arguments (page, table, mm,
 * CPU, lock, callback function, value). An interleaved run resumes a routine by replaying it, and
 * a replayed call returns what the call at that point returned the first time; that is right only
 * when the routine makes the same call there again, so the scheduler compares these, and names
 * the first that differs when a routine is no function of the machine.
 *
 * @param primitive which one
 * @param args      its arguments, compared by {@code equals}
 */
public record KernelCall(Primitive primitive, Object... args) {

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelCall c && primitive == c.primitive && Arrays.equals(args, c.args);
    }

    @Override
    public int hashCode() {
        return 31 * primitive.hashCode() + Arrays.hashCode(args);
    }

    /** As the kernel would write it, e.g. {@code call_rcu(page 3 rcu_head, pte_free_now)}. */
    @Override
    public String toString() {
        return primitive.render(args);
    }
}
