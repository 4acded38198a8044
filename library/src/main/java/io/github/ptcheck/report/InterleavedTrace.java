package io.github.ptcheck.report;

import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.check.Turn;
import io.github.ptcheck.model.Event;
import io.github.ptcheck.op.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPUs of an interleaved run side by side: a column per CPU in a kernel routine at once, one
 * row per thing the kernel did, in time order, so a reader sees which call of which CPU came
 * between which two calls of the other. An operation that runs alone takes the first column.
 */
final class InterleavedTrace {

    private static final int WIDTH = 64;

    private InterleavedTrace() {
    }

    static void render(StringBuilder sb, Outcome o) {
        Map<Integer, Integer> laneOf = new HashMap<>();
        ArrayList<Integer> busy = new ArrayList<>();
        int lanes = lanes(o);
        row(sb, lanes, -1, headers(lanes));
        row(sb, lanes, -1, rules(lanes));
        int violating = o.violation().map(v -> v.step()).getOrElse(-1);
        for (Turn t : o.turns()) {
            Integer lane = laneOf.get(t.step());
            if (lane == null) {
                lane = busy.indexOf(null) >= 0 ? busy.indexOf(null) : busy.size();
                if (lane == busy.size()) {
                    busy.add(t.step());
                } else {
                    busy.set(lane, t.step());
                }
                laneOf.put(t.step(), lane);
                Op op = o.ops().get(t.step() - 1);
                row(sb, lanes, lane, (t.step() == violating ? ">>" : "") + "[" + t.step() + "] " + op);
            }
            for (Event e : t.events()) {
                row(sb, lanes, lane, "  " + e.text());
            }
            if (!t.end().isEmpty()) {
                row(sb, lanes, lane, "  ~~ " + t.end() + " ~~");
            } else {
                Step s = o.steps().find(x -> x.number() == t.step()).getOrNull();
                if (s != null && s.wasSkipped()) {
                    row(sb, lanes, lane, "  (skipped: " + s.skipped().get() + ")");
                }
                busy.set(lane, null);
            }
        }
        sb.append('\n');
    }

    /** The most operations in a routine at once. */
    private static int lanes(Outcome o) {
        java.util.Set<Integer> open = new java.util.HashSet<>();
        int most = 1;
        for (Turn t : o.turns()) {
            open.add(t.step());
            most = Math.max(most, open.size());
            if (t.end().isEmpty()) {
                open.remove(t.step());
            }
        }
        return most;
    }

    private static String[] headers(int lanes) {
        String[] h = new String[lanes];
        for (int i = 0; i < lanes; i++) {
            h[i] = "CPU " + (char) ('A' + i);
        }
        return h;
    }

    private static String[] rules(int lanes) {
        String[] h = new String[lanes];
        java.util.Arrays.fill(h, "-".repeat(WIDTH - 2));
        return h;
    }

    /** A row of {@code lanes} columns, {@code cells} one per column ({@code lane} -1) or the one of {@code lane}. */
    static void row(StringBuilder sb, int lanes, int lane, String... cells) {
        if (lane >= 0 && lane < lanes - 1 && cells[0].length() >= WIDTH) {
            // Too wide for its column: the rest on rows of its own, indented, rather than cut off.
            String cell = cells[0];
            int cut = cell.lastIndexOf(' ', WIDTH - 1);
            int indent = cell.length() - cell.stripLeading().length() + 4;
            cut = cut > indent ? cut : WIDTH - 1;
            row(sb, lanes, lane, cell.substring(0, cut));
            row(sb, lanes, lane, " ".repeat(indent) + cell.substring(cut).strip());
            return;
        }
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < lanes; i++) {
            String cell = lane < 0 ? cells[i] : i == lane ? cells[0] : "";
            if (i > 0) {
                line.append(" | ");
            }
            line.append(i == lanes - 1 ? cell : pad(cell));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s) {
        if (s.length() >= WIDTH) {
            return s.substring(0, WIDTH - 1) + "~";
        }
        return s + " ".repeat(WIDTH - s.length());
    }
}
