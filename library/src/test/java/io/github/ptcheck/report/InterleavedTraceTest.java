package io.github.ptcheck.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InterleavedTraceTest {

    /** An event wider than its column goes on under itself: the page it names is the part a reader needs. */
    @Test
    void aCellWiderThanItsColumnWrapsInsteadOfBeingCut() {
        String event = "    atomic_xor_bits(_refcount, 0x11<<24): byte 0x10 -> 0x01 [page 12: the other half pending]";
        StringBuilder sb = new StringBuilder();
        InterleavedTrace.row(sb, 2, 0, event);
        String[] rows = sb.toString().split("\n");
        assertEquals(2, rows.length, sb::toString);
        assertEquals(rows[0].indexOf('|'), rows[1].indexOf('|'), "one column: " + sb);
        assertEquals("      atomic_xor_bits(_refcount, 0x11<<24): byte 0x10 -> 0x01", rows[0].substring(0,
                rows[0].indexOf('|')).stripTrailing());
        assertEquals("          [page 12: the other half pending]", rows[1].substring(0, rows[1].indexOf('|'))
                .stripTrailing());
    }
}
