package io.github.ptcheck.cex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a counterexample file's bytes as UTF-8 text, refusing what is not: a file over
 * {@link CounterexampleFile#MAX_FILE_BYTES} and bytes that are not UTF-8 are errors at a line
 * and column, never a bare {@code MalformedInputException} (whose message is only
 * {@code Input length = 1}) nor an unbounded read.
 */
final class FileText {

    private FileText() {
    }

    static String read(Path path) throws IOException {
        String source = path.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(CounterexampleFile.MAX_FILE_BYTES + 1);
        }
        if (bytes.length > CounterexampleFile.MAX_FILE_BYTES) {
            int[] at = position(bytes, CounterexampleFile.MAX_FILE_BYTES);
            throw new CounterexampleFormatException(source, at[0], at[1], "", "the file is larger than "
                    + CounterexampleFile.MAX_FILE_BYTES + " bytes (64 MiB), the most a counterexample file may be;"
                    + " a counterexample is a few lines: cut it down to the operations that matter");
        }
        return decode(bytes, source);
    }

    /**
     * The bytes as UTF-8, or an error at the line and column of the first byte that is not
     * (columns count characters, as the parser's do).
     */
    static String decode(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int bad = in.position();
            out.flip();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < out.limit(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            StringBuilder hex = new StringBuilder();
            for (int i = bad; i < Math.min(bytes.length, bad + Math.max(1, r.length())); i++) {
                hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02x", bytes[i] & 0xFF));
            }
            throw new CounterexampleFormatException(source, line, out.limit() - lineStart + 1, "UTF-8 text",
                    "the file is not UTF-8 text: byte " + hex + " cannot start or continue a UTF-8 character;"
                            + " save the file as UTF-8");
        }
        out.flip();
        return out.toString();
    }

    /** The 1-based line and column (in bytes) of byte {@code offset}. */
    private static int[] position(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }
}
