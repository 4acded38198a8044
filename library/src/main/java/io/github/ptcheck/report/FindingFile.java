package io.github.ptcheck.report;

import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;
import io.github.ptcheck.check.PlainOps;
import io.github.ptcheck.op.Op;
import io.vavr.collection.Vector;

import java.lang.reflect.Modifier;

/** The counterexample file of a finding: its shrunk sequence, header, and its trace as comments. */
public final class FindingFile {

    private FindingFile() {
    }

    /**
     * What a replay line has in place of a user's strategy path when nothing recorded it (a file
     * the Maven plugin or the JUnit extension wrote): for the reader to fill in.
     */
    public static final String PLACEHOLDER = "<its classes>";

    /**
     * The file text (docs/counterexample-format.md), byte-identical for equal input. A sequence
     * with {@code fill} or {@code freeTlbSiblings} gets, before its trace, the same sequence written
     * out as the plain operations they ran ({@link PlainOps}), as comments: the file replays the
     * short form, and the long one is there to read, or to run in its place.
     */
    public static String text(Cell cell, Finding f) {
        return text(cell, f, null);
    }

    /**
     * {@link #text(Cell, Finding)}, the file's replay command loading a strategy that is not built
     * in with {@code load} (the command-line options {@code --strategy-path ... --strategy-class ...}
     * that loaded it). Null: the strategy's class is named when the command line could load it (a
     * public class with a public no-argument constructor), its class path left for the reader.
     */
    public static String text(Cell cell, Finding f, String load) {
        String trace = expanded(cell, f) + new TextTrace(cell.strategy()).render(f.trace());
        return Counterexample.of(cell, f).text(trace, load != null ? load : loadable(cell.strategy().getClass()));
    }

    /** {@code --strategy-path <its classes> --strategy-class C} if {@code --strategy-class} could load {@code c}, else null. */
    public static String loadable(Class<?> c) {
        if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()
                || c.isHidden() || c.getCanonicalName() == null
                || c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            return null;
        }
        try {
            if (!Modifier.isPublic(c.getConstructor().getModifiers())) {
                return null;
            }
        } catch (NoSuchMethodException | SecurityException e) {
            return null;
        }
        return "--strategy-path " + PLACEHOLDER + " --strategy-class " + c.getName();
    }

    private static String expanded(Cell cell, Finding f) {
        if (!f.schedule().sequential() || !f.shrunk().exists(op -> op instanceof Op.Fill || op instanceof Op.FreeTlbSiblings)) {
            return "";
        }
        Vector<Op> plain = PlainOps.expand(cell.executor(), f.shrunk());
        return "written out, fill and freeTlbSiblings as the " + plain.size() + " operations they ran (the same"
                + " states; to replay this form, put these lines in place of the operations above):\n"
                + plain.mkString("\n") + "\n\n";
    }
}
