package io.github.ptcheck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a report file so that no reader ever sees half of it: the text goes to a temporary
 * file in the same directory, which is then moved over the target (atomically where the file
 * system can; else replacing it). A process killed while writing leaves at most a temporary
 * file named {@value #TEMPORARY_PREFIX}{@code ...}{@code .tmp}, never a truncated report.
 */
public final class AtomicWrite {

    /** How the name of a file being written starts, before it is moved into place. */
    public static final String TEMPORARY_PREFIX = ".ptcheck-writing-";

    private AtomicWrite() {
    }

    /** Writes {@code content} as UTF-8 to {@code target}, whose directory must exist. */
    public static void write(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, TEMPORARY_PREFIX, ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
