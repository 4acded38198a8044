package io.github.ptcheck.report;

import io.github.ptcheck.check.Outcome;
import io.github.ptcheck.check.Step;
import io.github.ptcheck.invariant.Violation;
import io.github.ptcheck.model.Event;
import io.github.ptcheck.model.Machine;
import io.github.ptcheck.model.Mm;
import io.github.ptcheck.model.Page;
import io.github.ptcheck.model.Table;
import io.github.ptcheck.rcu.RcuCallback;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;

/**
 * Renders a traced run as plain text a kernel developer can read without our docs: one block
 * per step with the operation, what the kernel did (in kernel words), and then the state of
 * each page the step touched (counts, flags, owner of the overlapping words, the tables in it)
 * and the queued RCU callbacks. The violating step is marked with {@code >>} and followed by
 * the invariant and the field before and after.
 */
public final class TextTrace {

    private final Strategy strategy;

    /** @param strategy the strategy that ran, for its own words about a page (may be null) */
    public TextTrace(Strategy strategy) {
        this.strategy = strategy;
    }

    public String render(Outcome o) {
        StringBuilder sb = new StringBuilder();
        sb.append("ptcheck trace: ").append(o.strategy()).append(" on ").append(o.preset().name())
                .append(" (").append(o.preset().tablesPerPage()).append(o.preset().tablesPerPage() == 1
                        ? " table per page)" : " tables per page)").append('\n');
        sb.append(o.violation().map(v -> "VIOLATION " + v.summary()).getOrElse("passed: no invariant broken"))
                .append('\n');
        if (o.interleaved()) {
            sb.append("schedule: ").append(o.schedule()).append(" (").append(o.schedule().preemptions())
                    .append(o.schedule().preemptions() == 1 ? " preemption" : " preemptions")
                    .append("; each step on a CPU of its own, side by side while they overlap)\n");
        }
        if (o.steps().isEmpty()) {
            sb.append("(run was not traced)\n");
            return sb.toString();
        }
        sb.append('\n');
        if (o.interleaved() && !o.turns().isEmpty()) {
            InterleavedTrace.render(sb, o);
            o.steps().filter(s -> !s.teardown() && s.violation().isDefined()).forEach(s -> violation(sb, s, true));
        }
        boolean teardownShown = false;
        for (Step s : o.steps()) {
            if (o.interleaved() && !o.turns().isEmpty() && !s.teardown()) {
                continue; // shown side by side above
            }
            if (s.teardown() && !teardownShown) {
                sb.append("  -- teardown: readers leave, live mms exit, rcu_barrier() --\n");
                teardownShown = true;
            }
            renderStep(sb, s);
        }
        // The leak check's own violation is held by no step; an interleaved run shows a step's violation
        // above, before the teardown, so the last step says nothing about whose it is.
        o.violation().filter(v -> o.steps().forAll(s -> s.violation().isEmpty()))
                .forEach(v -> sb.append("  -- leak check --\n").append("  !! ").append(v.summary()).append('\n'));
        return sb.toString();
    }

    private void renderStep(StringBuilder sb, Step s) {
        String mark = s.violation().isDefined() ? ">>" : "  ";
        sb.append(String.format("%s%3d  %s", mark, s.number(), s.op()));
        if (s.wasSkipped()) {
            sb.append("   (skipped: ").append(s.skipped().get()).append(")\n");
            return;
        }
        sb.append('\n');
        List<Event> events = s.violation().map(Violation::events).getOrElse(s.events());
        for (Event e : events) {
            sb.append("         ").append(e.text()).append('\n');
        }
        Machine m = s.after();
        if (s.violation().isDefined()) {
            violation(sb, s, false);
            return;
        }
        Set<Integer> touched = LinkedHashSet.ofAll(events.map(Event::pfn).filter(p -> p >= 0));
        for (Integer pfn : touched) {
            if (m.pageAllocated(pfn)) {
                sb.append("         = ").append(pageLine(m, m.page(pfn))).append('\n');
            } else {
                sb.append("         = page ").append(pfn).append(": free (returned to the page allocator)\n");
            }
        }
        if (!m.callbacks().isEmpty() && (touched.nonEmpty() || s.op() instanceof io.github.ptcheck.op.Op.ReadUnlock)) {
            sb.append("         = rcu queue: ").append(m.callbacks().map(RcuCallback::toString).mkString("; "))
                    .append('\n');
        }
        for (Mm mm : m.mms().values().toSortedSet(java.util.Comparator.comparingInt(Mm::id))) {
            // Only when the step changed the mm's context: its pte_frag cursor or its pgtable_list.
            if (events.exists(e -> e.text().contains("mm" + mm.id() + "->context")
                    || e.text().contains("mm" + mm.id() + " pgtable_list"))) {
                sb.append("         = ").append(mmLine(mm)).append('\n');
            }
        }
    }

    /**
     * The violation of step {@code s}: the invariant, its detail, the field before and after, and
     * the page: before the step, or, {@code interleaved}, as the CPUs had left it when the step
     * broke the invariant (the other CPU's tables included).
     */
    private void violation(StringBuilder sb, Step s, boolean interleaved) {
        Violation v = s.violation().get();
        Machine m = s.after();
        sb.append("       !! ").append(v.invariant()).append(": ").append(v.detail()).append('\n');
        if (!v.field().isEmpty()) {
            sb.append("          ").append(v.field()).append(": ").append(v.before()).append("  ->  ")
                    .append(v.after()).append('\n');
        }
        if (v.pfn() >= 0 && m.pageAllocated(v.pfn())) {
            sb.append(interleaved ? "          when it broke it: " : "          before this step: ")
                    .append(pageLine(m, m.page(v.pfn()))).append('\n');
        }
    }

    /** A page's state for a trace line; also the HTML report's page states. */
    String pageLine(Machine m, Page p) {
        String extra = strategy == null ? "" : io.github.ptcheck.check.StrategyMethods.describe(strategy, p);
        // "; " between tables: a table's own state may hold a comma ("detached, no walker can reach it").
        String tables = m.tablesOf(p.pfn()).map(TextTrace::tableState).mkString("; ");
        return p.describe() + (extra.isEmpty() ? "" : " " + extra) + (tables.isEmpty() ? "" : " tables: " + tables);
    }

    private static String tableState(Table t) {
        if (t.attached()) {
            return t.name() + "@" + t.frag() + " attached(mm" + t.mm() + ")";
        }
        // Who may still hold it, as the detach event says; not "grace passed": a kernel developer
        // reads that as the RCU grace period having ended, while call_rcu may have just queued.
        return t.name() + "@" + t.frag() + (t.waitFor().isEmpty() ? " detached, no walker can reach it"
                : " detached, cpu" + t.waitFor().mkString(",cpu") + " may still hold it");
    }

    static String mmLine(Mm mm) {
        StringBuilder sb = new StringBuilder(mm.name()).append(':');
        if (mm.exited()) {
            sb.append(" exited");
        }
        sb.append(" pte_frag=").append(mm.hasPteFrag() ? "page " + mm.pteFragPfn() + " fragment " + mm.pteFragNext() : "NULL");
        if (!mm.pgtableList().isEmpty()) {
            sb.append(" pgtable_list=[page ").append(mm.pgtableList().mkString(", page ")).append(']');
        }
        return sb.toString();
    }
}
