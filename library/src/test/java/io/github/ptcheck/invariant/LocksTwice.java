package io.github.ptcheck.invariant;

import io.github.ptcheck.PagePerTable;
import io.github.ptcheck.model.Locks;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Table;
import io.vavr.control.Either;

/** Bug: {@code pte_free} takes {@code mm->context.lock} with {@code spin_lock_bh} twice (AA deadlock). */
public final class LocksTwice extends PagePerTable {

    @Override
    public Either<Violation, Machine> pteFree(Machine m, Table t) {
        String lock = Locks.mmContextLock(t.mm());
        return m.spinLockBh(lock).flatMap(m1 -> m1.spinLockBh(lock)).flatMap(m1 -> m1.spinUnlockBh(lock))
                .flatMap(m1 -> m1.spinUnlockBh(lock)).flatMap(m1 -> super.pteFree(m1, t));
    }
}
