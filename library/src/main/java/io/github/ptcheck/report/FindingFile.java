package io.github.ptcheck.report;

import io.github.ptcheck.cex.Counterexample;
import io.github.ptcheck.check.Cell;
import io.github.ptcheck.check.Finding;

/** The counterexample file of a finding: its shrunk sequence, header, and its trace as comments. */
public final class FindingFile {

    private FindingFile() {
    }

    /** The file text (docs/counterexample-format.md), byte-identical for equal input. */
    public static String text(Cell cell, Finding f) {
        return Counterexample.of(cell, f).text(new TextTrace(cell.strategy()).render(f.trace()));
    }
}
