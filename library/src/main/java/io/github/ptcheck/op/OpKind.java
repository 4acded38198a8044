package io.github.ptcheck.op;

/** The kinds of operation, as the generators weight them and users may switch them off. */
public enum OpKind {
    ALLOC("alloc"),
    FREE("free"),
    FREE_DEFERRED("freeDeferred"),
    FREE_TLB("freeTlb"),
    READ_LOCK("readLock"),
    LOOKUP("lookup"),
    READ_UNLOCK("readUnlock"),
    RUN_CALLBACK("runCallback"),
    RCU_BARRIER("rcuBarrier"),
    EXIT_MM("exitMm");

    private final String spelling;

    OpKind(String spelling) {
        this.spelling = spelling;
    }

    /** The word a counterexample file starts the operation's line with. */
    public String spelling() {
        return spelling;
    }

    public static OpKind of(Op op) {
        if (op instanceof Op.Alloc) {
            return ALLOC;
        } else if (op instanceof Op.Free) {
            return FREE;
        } else if (op instanceof Op.FreeDeferred) {
            return FREE_DEFERRED;
        } else if (op instanceof Op.FreeTlb) {
            return FREE_TLB;
        } else if (op instanceof Op.ReadLock) {
            return READ_LOCK;
        } else if (op instanceof Op.Lookup) {
            return LOOKUP;
        } else if (op instanceof Op.ReadUnlock) {
            return READ_UNLOCK;
        } else if (op instanceof Op.RunCallback) {
            return RUN_CALLBACK;
        } else if (op instanceof Op.RcuBarrier) {
            return RCU_BARRIER;
        } else if (op instanceof Op.ExitMm) {
            return EXIT_MM;
        }
        throw new IllegalArgumentException("unknown operation " + op);
    }
}
