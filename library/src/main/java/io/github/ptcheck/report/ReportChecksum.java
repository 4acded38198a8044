package io.github.ptcheck.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code "checksum"} at the end of a ptcheck.json: SHA-256 (first 16 hex digits) of the
 * report without it, as {@link Json} writes it. {@link ShardMerge} compares it with what a job's
 * report holds now: a verdict, finding or cell changed by hand after the job wrote it would
 * otherwise merge into a whole check's report that no job found (a failure edited to a pass, a
 * cell removed). It is taken of the content, not the text: a report re-indented by a tool still
 * matches. It stops careless edits, not a forger, who can compute it too.
 */
final class ReportChecksum {

    /** The key, written last. */
    static final String KEY = "checksum";

    private ReportChecksum() {
    }

    /** {@code root} with its checksum put last (any old one replaced). */
    static Map<String, Object> sealed(Map<String, Object> root) {
        Map<String, Object> sealed = new LinkedHashMap<>(root);
        sealed.remove(KEY);
        sealed.put(KEY, of(sealed));
        return sealed;
    }

    /** The checksum of {@code root} without its {@link #KEY}. */
    static String of(Map<String, Object> root) {
        Map<String, Object> content = new LinkedHashMap<>(root);
        content.remove(KEY);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.write(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether {@code root} holds the checksum of its content; false without one. */
    static boolean matches(Map<String, Object> root) {
        return root.get(KEY) instanceof String written && written.equals(of(root));
    }
}
