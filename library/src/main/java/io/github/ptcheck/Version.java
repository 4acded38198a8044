package io.github.ptcheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of ptcheck, as Maven built it: {@code io/github/ptcheck/ptcheck.properties} is
 * the one resource the build filters, so it holds {@code ${project.version}}. Counterexample
 * files and reports record it, so that a replay that no longer reproduces can say the model
 * may have changed since.
 */
public final class Version {

    /** What {@link #current()} returns when the resource is missing or was not filtered (an IDE build). */
    public static final String UNKNOWN = "unknown";

    private static final String RESOURCE = "ptcheck.properties";

    private static final String CURRENT = load();

    private Version() {
    }

    /** The version of this ptcheck, e.g. {@code 0.1.0}; {@link #UNKNOWN} outside a Maven build. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            // Unfiltered (e.g. compiled by an IDE that copies resources verbatim): no version.
            return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " of ptcheck", e);
        }
    }
}
