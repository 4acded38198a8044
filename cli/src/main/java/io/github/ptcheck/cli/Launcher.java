package io.github.ptcheck.cli;

import io.github.ptcheck.report.Shell;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a person runs this tool again, for the commands ptcheck prints: what the launcher script
 * says it was called as ({@code PTCHECK_LAUNCHER}, e.g. {@code ./ptcheck}), else
 * {@code java -jar} and this jar's path, else {@code ptcheck}.
 */
final class Launcher {

    private Launcher() {
    }

    static String command() {
        String launcher = System.getenv("PTCHECK_LAUNCHER");
        if (launcher != null && !launcher.isBlank()) {
            return launcher;
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar)) {
                return "java -jar " + Shell.quote(jar.toAbsolutePath().normalize().toString());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through: the name is the best we can say
        }
        return "ptcheck";
    }
}
