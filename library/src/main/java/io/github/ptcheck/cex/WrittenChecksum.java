package io.github.ptcheck.cex;

import io.github.ptcheck.op.Op;
import io.vavr.control.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checksum ptcheck writes into a counterexample file's opening comment: SHA-256 (first 16
 * hex digits) of the preset, strategy, schedule (if any) and operations as written. A replay that does not
 * reproduce the recorded violation compares it with the file as it is now, to say whether a
 * person edited the sequence (the likelier cause) or the code and model changed. It is a
 * comment: the replay runs what the file says, and files without it replay as before.
 */
final class WrittenChecksum {

    /** The comment line's start; the 16 hex digits follow. */
    static final String PREFIX = "# checksum ";

    private static final Pattern LINE = Pattern.compile("^# checksum ([0-9a-f]{16})\\b");

    /** Comment lines read at the most: the checksum is in the opening comment. */
    private static final int OPENING_LINES = 16;

    private WrittenChecksum() {
    }

    static String of(Counterexample c) {
        StringBuilder sb = new StringBuilder();
        sb.append("preset: ").append(CounterexampleWriter.preset(c.preset())).append('\n');
        sb.append("strategy: ").append(c.strategy()).append('\n');
        // Only when there is one, so that the checksums of files written before schedules stay valid.
        c.schedule().forEach(sc -> sb.append("schedule: ").append(sc).append('\n'));
        for (Op op : c.ops()) {
            sb.append(op).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The checksum in the opening comment of a file, if it has one. */
    static Option<String> in(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < OPENING_LINES; i++) {
                String line = r.readLine();
                if (line == null || !line.startsWith("#")) {
                    break;
                }
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    return Option.of(m.group(1));
                }
            }
        }
        return Option.none();
    }
}
