package io.github.ptcheck;

import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.util.Random;

import static io.github.ptcheck.Ops.*;

/**
 * Seeded operation sequences for tests: the whole alphabet over a few mms, tables and CPUs,
 * the same sequence for the same seed on every machine. (Not the engine's generator: tests
 * that need plenty of varied sequences without depending on it.)
 */
public final class SeededOps {

    private SeededOps() {
    }

    public static Vector<Op> seeded(long seed, int length) {
        Random r = new Random(seed);
        Vector<Op> ops = Vector.empty();
        for (int i = 0; i < length; i++) {
            int t = r.nextInt(8);
            int cpu = r.nextInt(3);
            ops = ops.append(switch (r.nextInt(10)) {
                case 0, 1 -> alloc(r.nextInt(2));
                case 2 -> free(t);
                case 3 -> defer(t);
                case 4 -> tlb(t);
                case 5 -> lock(cpu);
                case 6 -> lookup(cpu, t);
                case 7 -> unlock(cpu);
                case 8 -> run(r.nextInt(2));
                default -> r.nextBoolean() ? barrier() : exit(r.nextInt(2));
            });
        }
        return ops;
    }
}
