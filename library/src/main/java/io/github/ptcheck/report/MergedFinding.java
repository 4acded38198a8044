package io.github.ptcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the merge of a CI matrix's reports ({@link ShardMerge}) shows of a cell not as expected,
 * so that the failed merge job's log is enough to start from, without opening each job's log to
 * find the one that found it: the violation, how it was found, the shrunk operations with the
 * step that broke marked, the command that checks the cell again, and the counterexample file's
 * text, which the front end writes beside the merged report and replays. A cell whose strategy
 * failed shows what failed, on which operations, and the command that fails the same way.
 *
 * @param cell           the cell's name, {@code strategy@preset}
 * @param lines          the block, its first line the verdict and cell, the others indented two spaces
 * @param counterexample the counterexample file's text, or null when the cell has no finding
 */
public record MergedFinding(String cell, List<String> lines, String counterexample) {

    public MergedFinding {
        lines = List.copyOf(lines);
    }

    /**
     * The command in the counterexample file's opening comment that replays it, for {@code file}:
     * the {@code mvn ...:replay} one when {@code maven}, else {@code ptcheck replay}; null when
     * there is no file or no such line.
     */
    public String replay(String file, boolean maven) {
        if (counterexample == null) {
            return null;
        }
        for (String line : counterexample.split("\n")) {
            String command = line.startsWith("#") ? line.substring(1).strip() : "";
            if (maven ? command.startsWith("mvn ") && command.contains(":replay ") : command.startsWith("ptcheck replay ")) {
                return command.replace("<this file>", file);
            }
        }
        return null;
    }

    /**
     * The name of a cell's counterexample file, {@code <cell>.ptcheck} as the whole check writes it,
     * or null for a name that is not one ptcheck gives a cell (a report from before checksums, edited
     * to write elsewhere, {@code ../x}).
     */
    public static String fileName(String cell) {
        return cell != null && cell.matches("[A-Za-z0-9][A-Za-z0-9._+-]*@[A-Za-z0-9][A-Za-z0-9._+-]*") ? cell
                + ".ptcheck" : null;
    }

    /** The block of a merged cell that is not as expected (see the class comment). */
    static MergedFinding of(Map<String, Object> cell) {
        List<String> lines = new ArrayList<>();
        Object name = cell.get("cell");
        Map<String, Object> finding = object(cell.get("finding"));
        Map<String, Object> failure = object(cell.get("strategyFailure"));
        if (failure != null) {
            lines.add("NOT JUDGED " + name);
            lines.add("  " + failure.get("message"));
            if (failure.get("operations") instanceof List<?> ops) {
                lines.add("  the operations as run (the teardown follows them): " + String.join("; ",
                        ops.stream().map(String::valueOf).toList()));
            }
            reproduce(lines, failure.get("reproduce"));
            return new MergedFinding(String.valueOf(name), lines, null);
        }
        if (finding == null) {
            lines.add("PASSED, expected to fail " + name);
            lines.add("  no job found the invariant it was expected to break (each job's log says how far it"
                    + " searched)");
            return new MergedFinding(String.valueOf(name), lines, null);
        }
        lines.add((Boolean.TRUE.equals(cell.get("expected")) ? "FAILED, not the invariant expected, " : "FAILED ")
                + name);
        Map<String, Object> violation = object(finding.get("violation"));
        lines.add("  " + (violation == null ? "" : violation.get("summary")));
        lines.add("  " + howFound(finding) + ":");
        List<?> shrunk = finding.get("shrunk") instanceof List<?> l ? l : List.of();
        long step = violation != null && violation.get("step") instanceof Long s ? s : -1;
        for (int i = 0; i < shrunk.size(); i++) {
            lines.add(Findings.numbered(i + 1, i + 1 == step, shrunk.get(i)));
        }
        if (step > shrunk.size()) {
            lines.add("  >> in the teardown, step " + step);
        }
        if (finding.get("schedule") != null) {
            lines.add("  under schedule " + finding.get("schedule") + " (docs/interleavings.md)");
        }
        if (cell.get("otherFindings") instanceof List<?> others && !others.isEmpty()) {
            lines.add("  also broken: " + others.size() + " other invariant" + (others.size() == 1 ? "" : "s")
                    + " (the merged report's otherFindings)");
        }
        reproduce(lines, finding.get("reproduce"));
        Object file = finding.get("counterexample");
        return new MergedFinding(String.valueOf(name), lines, file instanceof String text ? text : null);
    }

    /** {@code found by exhaustive search: 3 operations, none shorter}, or {@code seed 0, 2nd try; shrunk from 6 to 3 operations (1-minimal)}. */
    private static String howFound(Map<String, Object> finding) {
        Object n = finding.get("shrunkLength");
        String ops = n + (Long.valueOf(1).equals(n) ? " operation" : " operations");
        if (finding.get("try") == null) {
            return "found by exhaustive search: " + ops + ", none shorter";
        }
        String origin = "seed " + finding.get("seed") + (finding.get("try") instanceof Long t
                ? ", " + TryNumber.ordinal((int) (long) t) : "");
        return origin + "; " + (Objects.equals(n, finding.get("originalLength")) ? ops + " as generated"
                : "shrunk from " + finding.get("originalLength") + " to " + ops) + " (" + finding.get("minimality") + ")";
    }

    private static void reproduce(List<String> lines, Object command) {
        if (command instanceof String c && !c.isBlank()) {
            lines.add("  reproduce: " + c);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o) {
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : null;
    }
}
