package io.github.ptcheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar as a user does, {@code java -jar target/ptcheck.jar ...}, in a directory
 * of the test's choosing, and keeps what it printed and how it exited.
 */
final class Ptcheck {

    /** What one run gave. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Ptcheck() {
    }

    static Path jar() {
        String jar = System.getProperty("ptcheck.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no ptcheck.jar at " + jar + ": these tests run after package"
                    + " (mvn verify), with -Dptcheck.jar set by the failsafe configuration");
        }
        return Path.of(jar);
    }

    /** The command line run in this JVM ({@link Main#execute}), for what needs no process of its own. */
    static Run inProcess(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.execute(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, Map.of(), args);
    }

    static Run run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return start(dir, env, command);
    }

    /** The launcher script at the top of the repository, {@code ptcheck}, as {@code path/to/ptcheck args}. */
    static Run script(Path dir, String... args) throws IOException, InterruptedException {
        return script(dir, Map.of(), args);
    }

    /** {@link #script(Path, String...)} with these variables added to the environment (the others removed first). */
    static Run script(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path script = jar().toAbsolutePath().getParent().getParent().getParent().resolve("ptcheck");
        List<String> command = new ArrayList<>(List.of("bash", dir.relativize(script).toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", System.getProperty("java.home"));
        return start(dir, all, command, List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "PTCHECK_JAVA_OPTS"));
    }

    private static Run start(Path dir, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        return start(dir, env, command, List.of());
    }

    private static Run start(Path dir, Map<String, String> env, List<String> command, List<String> unset)
            throws IOException, InterruptedException {
        String[] args = command.toArray(new String[0]);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("PTCHECK_LAUNCHER");
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("ptcheck " + String.join(" ", args) + " did not end");
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
