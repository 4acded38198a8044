package io.github.ptcheck.op;

import io.vavr.collection.List;

/**
 * The kinds of operation, as the generators weight them, users switch them off and files
 * spell them; each says which arguments it takes and builds its operation.
 */
public enum OpKind {
    ALLOC("alloc", Arg.MM),
    FILL("fill", Arg.MM),
    FREE("free", Arg.TABLE),
    FREE_DEFERRED("freeDeferred", Arg.TABLE),
    FREE_TLB("freeTlb", Arg.TABLE),
    FREE_TLB_ONE("freeTlbOne", Arg.TABLE),
    FREE_TLB_SIBLINGS("freeTlbSiblings", Arg.TABLE),
    RECLAIM("reclaim", Arg.TABLE),
    RECLAIM_ONE("reclaimOne", Arg.TABLE),
    READ_LOCK("readLock", Arg.CPU),
    IRQ_OFF("irqOff", Arg.CPU),
    LOOKUP("lookup", Arg.CPU, Arg.TABLE),
    READ_UNLOCK("readUnlock", Arg.CPU),
    IRQ_ON("irqOn", Arg.CPU),
    RUN_CALLBACK("runCallback", Arg.INDEX),
    RCU_BARRIER("rcuBarrier"),
    EXIT_MM("exitMm", Arg.MM);

    /** An argument of an operation, as a file writes it. */
    public enum Arg {
        MM("mm", "an mm like mm0"),
        TABLE("t", "a table like t0"),
        CPU("cpu", "a CPU like cpu0"),
        INDEX("", "a callback index like 0 (the k-th eligible callback, oldest first)");

        private final String prefix;
        private final String expected;

        Arg(String prefix, String expected) {
            this.prefix = prefix;
            this.expected = expected;
        }

        /** What a file writes before the number: {@code mm}, {@code t}, {@code cpu}, or nothing. */
        public String prefix() {
            return prefix;
        }

        /** What a parser error says it expected, e.g. {@code a table like t0}. */
        public String expected() {
            return expected;
        }
    }

    private final String spelling;
    private final List<Arg> args;

    OpKind(String spelling, Arg... args) {
        this.spelling = spelling;
        this.args = List.of(args);
    }

    /** The word a counterexample file starts the operation's line with. */
    public String spelling() {
        return spelling;
    }

    /** Its arguments, in the order a file writes them. */
    public List<Arg> args() {
        return args;
    }

    /**
     * Whether it frees tables: the table it names (every path but {@code lookup}), or for
     * {@code freeTlbSiblings} the other tables of that table's page.
     */
    public boolean frees() {
        return this != LOOKUP && args.contains(Arg.TABLE);
    }

    /** Whether it makes tables ({@code alloc} one, {@code fill} as many as the page has room for). */
    public boolean allocates() {
        return this == ALLOC || this == FILL;
    }

    public static OpKind of(Op op) {
        return op.kind();
    }

    /** An operation of this kind from the values of its {@link #args()}, in their order. */
    public Op make(int... values) {
        if (values.length != args.size()) {
            throw new IllegalArgumentException(spelling + " takes " + args.size() + " argument(s), got " + values.length);
        }
        int mm = -1;
        int table = -1;
        int cpu = -1;
        int index = -1;
        for (int i = 0; i < values.length; i++) {
            switch (args.get(i)) {
                case MM -> mm = values[i];
                case TABLE -> table = values[i];
                case CPU -> cpu = values[i];
                case INDEX -> index = values[i];
                default -> throw new IllegalStateException();
            }
        }
        return build(mm, table, cpu, index);
    }

    /** An operation of this kind; the arguments it does not take are ignored. */
    Op build(int mm, int table, int cpu, int index) {
        return switch (this) {
            case ALLOC -> new Op.Alloc(mm);
            case FILL -> new Op.Fill(mm);
            case FREE -> new Op.Free(table);
            case FREE_DEFERRED -> new Op.FreeDeferred(table);
            case FREE_TLB -> new Op.FreeTlb(table);
            case FREE_TLB_ONE -> new Op.FreeTlbOne(table);
            case FREE_TLB_SIBLINGS -> new Op.FreeTlbSiblings(table);
            case RECLAIM -> new Op.Reclaim(table);
            case RECLAIM_ONE -> new Op.ReclaimOne(table);
            case READ_LOCK -> new Op.ReadLock(cpu);
            case IRQ_OFF -> new Op.IrqOff(cpu);
            case LOOKUP -> new Op.Lookup(cpu, table);
            case READ_UNLOCK -> new Op.ReadUnlock(cpu);
            case IRQ_ON -> new Op.IrqOn(cpu);
            case RUN_CALLBACK -> new Op.RunCallback(index);
            case RCU_BARRIER -> new Op.RcuBarrier();
            case EXIT_MM -> new Op.ExitMm(mm);
        };
    }
}
