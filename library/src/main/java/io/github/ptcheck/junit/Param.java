package io.github.ptcheck.junit;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.CellReport;
import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.op.Op;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.Vector;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;

/**
 * What a parameter of a {@link PtcheckProperty} method is to ptcheck: one it gives, one it
 * recognises as meant for it but cannot give ({@link #UNSUPPORTED}, an error naming the fix),
 * or one it leaves to other resolvers ({@link #FOREIGN}).
 */
enum Param {
    /** {@link Sequence}: the try's sequence with where it came from. */
    SEQUENCE(true),
    /** {@code Vector<Op>}: the try's operations. */
    OPS(true),
    /** {@link Outcome}: the traced run of the try's sequence. */
    OUTCOME(true),
    /** {@link CellReport}: the passing report, for a check of the invariants alone. */
    CELL_REPORT(false),
    CELL(false),
    PRESET(false),
    STRATEGY(false),
    /** Looks meant for ptcheck (its types, Vavr's, or a collection of Op) but is none of the above. */
    UNSUPPORTED(false),
    /** Not ptcheck's: left to other parameter resolvers. */
    FOREIGN(false);

    /** The parameters that make a property one over sequences. */
    final boolean perTry;

    Param(boolean perTry) {
        this.perTry = perTry;
    }

    /** What ptcheck gives, for error messages. */
    static final String GIVEN = "Sequence, Vector<Op> (io.vavr.collection.Vector) or Outcome (a property over"
            + " sequences: the body runs per try), CellReport (the invariants are the property: the body runs once"
            + " after a passing check), and Cell, Preset or Strategy (either style)";

    static Param of(Parameter p) {
        Class<?> type = p.getType();
        if (type == Sequence.class) {
            return SEQUENCE;
        }
        if (type == Vector.class) {
            return isVectorOfOp(p.getParameterizedType()) ? OPS : UNSUPPORTED;
        }
        if (type == Outcome.class) {
            return OUTCOME;
        }
        if (type == CellReport.class) {
            return CELL_REPORT;
        }
        if (type == Cell.class) {
            return CELL;
        }
        if (type == Preset.class) {
            return PRESET;
        }
        if (Strategy.class.isAssignableFrom(type)) {
            return STRATEGY;
        }
        if (ours(type) || mentionsOp(p.getParameterizedType())) {
            return UNSUPPORTED;
        }
        return FOREIGN;
    }

    /** Why ptcheck cannot give an {@link #UNSUPPORTED} parameter, and what to take instead. */
    static String whyUnsupported(Parameter p) {
        Type t = p.getParameterizedType();
        String what = "parameter [" + t.getTypeName() + " " + p.getName() + "]";
        if (p.getType() == Vector.class) {
            return what + ": a Vector parameter must be Vector<Op> (the try's operations)";
        }
        if (p.getType() == java.util.Vector.class) {
            // Of Op (else it is left to other resolvers): an IDE's first guess for "Vector" is java.util's.
            return what + ": that is java.util.Vector; take the operations as io.vavr.collection.Vector<Op> (import"
                    + " io.vavr.collection.Vector) or as Sequence";
        }
        if (mentionsOp(t)) {
            return what + ": take the operations as io.vavr.collection.Vector<Op> or Sequence";
        }
        return what + ": ptcheck gives " + GIVEN;
    }

    /** A concrete class a strategy can be created from. */
    static boolean concreteStrategy(Class<?> type) {
        return Strategy.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
    }

    private static boolean ours(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        String name = c.getName();
        return name.startsWith("io.github.ptcheck.") || name.startsWith("io.vavr.");
    }

    private static boolean isVectorOfOp(Type t) {
        return t instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] == Op.class;
    }

    private static boolean mentionsOp(Type t) {
        if (t instanceof Class<?> c) {
            return c.isArray() ? mentionsOp(c.getComponentType()) : Op.class.isAssignableFrom(c);
        }
        if (t instanceof ParameterizedType pt) {
            for (Type a : pt.getActualTypeArguments()) {
                if (mentionsOp(a)) {
                    return true;
                }
            }
            return false;
        }
        if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                if (mentionsOp(b)) {
                    return true;
                }
            }
            return false;
        }
        return t instanceof GenericArrayType g && mentionsOp(g.getGenericComponentType());
    }
}
