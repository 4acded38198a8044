package io.github.ptcheck.model;

import io.github.ptcheck.invariant.Violation;
import io.vavr.control.Either;

/** Page flags: {@code PG_active}, which powerpc and s390 6.6 use to mark a deferred page. */
final class PageFlags {

    private PageFlags() {
    }

    static Either<Violation, Machine> setPageActive(Machine m, int pfn) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "flags", "SetPageActive(page " + pfn + ")");
        }
        return Machine.ok(m.withPage(p.withFlags(p.flags() | Page.PG_ACTIVE),
                m.tracing() ? "SetPageActive(page " + pfn + ")" : null));
    }

    static Either<Violation, Machine> clearPageActive(Machine m, int pfn) {
        Page p = m.pageOrNull(pfn);
        if (p == null) {
            return m.writeAfterFree(pfn, "flags", "ClearPageActive(page " + pfn + ")");
        }
        return Machine.ok(m.withPage(p.withFlags(p.flags() & ~Page.PG_ACTIVE),
                m.tracing() ? "ClearPageActive(page " + pfn + ")" : null));
    }
}
