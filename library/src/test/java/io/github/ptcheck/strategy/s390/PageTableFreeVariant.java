package io.github.ptcheck.strategy.s390;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.s390.Pgalloc.Version;
import io.vavr.control.Either;

/**
 * {@code s390-pageactive-v6.6} with {@code page_table_free()} changed in one of two ways the
 * kernel's comments and c2c224932fd0 warn against:
 * <ul>
 *   <li>{@link #readThenSet()}: each {@code atomic_xor_bits()} done as {@code atomic_read()} then
 *       {@code atomic_set()}: the lock-free {@code __tlb_remove_table()} of the other half can
 *       change the byte between the two, and the set writes its bit back;</li>
 *   <li>{@link #noPendingBit()}: the A bit cleared in one step with no P bit (before
 *       c2c224932fd0): {@code __tlb_remove_table()} of the other half can see the byte zero and
 *       free the page while this CPU is still taking it off the list.</li>
 * </ul>
 */
public final class PageTableFreeVariant extends ForwardingStrategy {

    private final boolean readThenSet;

    private PageTableFreeVariant(boolean readThenSet) {
        super(new S390PageActive());
        this.readThenSet = readThenSet;
    }

    public static PageTableFreeVariant readThenSet() {
        return new PageTableFreeVariant(true);
    }

    public static PageTableFreeVariant noPendingBit() {
        return new PageTableFreeVariant(false);
    }

    @Override
    public String name() {
        return readThenSet ? "s390-read-then-set" : "s390-no-pending-bit";
    }

    @Override
    public String source() {
        return "test: s390-pageactive-v6.6 with page_table_free() "
                + (readThenSet ? "doing atomic_read() + atomic_set()" : "clearing A in one step, no P bit");
    }

    @Override
    public boolean serves(Preset preset) {
        return false;
    }

    /** {@code atomic_xor_bits()} as this variant does it. */
    private Either<Violation, Machine> xor(Machine m, int pfn, int bits) {
        if (!readThenSet) {
            return Pgalloc.atomicXorBits(m, pfn, bits);
        }
        int v = m.readOnce().page(pfn).refcount(); // atomic_read()
        return m.atomicSetRefcount(pfn, v ^ (bits << 24)); // atomic_set(): whatever changed since is lost
    }

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        int pfn = t.pfn();
        int bit = t.frag();
        String lock = Pgalloc.listLock(t.mm(), Version.V6_6);
        if (readThenSet) {
            return m.spinLockBh(lock)
                    .flatMap(m1 -> xor(m1, pfn, 0x11 << bit))
                    .flatMap(m1 -> listOp(m1, t))
                    .flatMap(m1 -> m1.spinUnlockBh(lock))
                    .flatMap(m1 -> xor(m1, pfn, 0x10 << bit))
                    .flatMap(m1 -> Pgalloc.mask(m1, pfn) != 0 ? Either.right(m1)
                            : Pgalloc.release(m1, pfn, 0x01 << bit, 0, Version.V6_6));
        }
        return m.spinLockBh(lock)
                .flatMap(m1 -> xor(m1, pfn, 0x01 << bit))
                .flatMap(m1 -> listOp(m1, t))
                .flatMap(m1 -> m1.spinUnlockBh(lock))
                .flatMap(m1 -> {
                    int mask = Pgalloc.mask(m1.readOnce(), pfn);
                    return mask != 0 ? Either.right(m1) : Pgalloc.release(m1, pfn, 0x01 << bit, 0, Version.V6_6);
                });
    }

    private static Either<Violation, Machine> listOp(Machine m, Table t) {
        int mask = Pgalloc.mask(m, t.pfn());
        return (mask & Pgalloc.AA) != 0 && !m.page(t.pfn()).active() ? m.listAdd(t.mm(), t.pfn())
                : m.listDelInit(t.pfn());
    }
}
