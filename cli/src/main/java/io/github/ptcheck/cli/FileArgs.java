package io.github.ptcheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files and directories named on the command line, checked before the command's work
 * starts (a long check is not wasted on an output path that cannot be written) and said in plain
 * words with the fix, never as a Java exception.
 */
final class FileArgs {

    private FileArgs() {
    }

    /** A file to read ({@code replay FILE}, {@code run --file FILE}). */
    static void readable(String option, Path file) {
        if (file.toString().isBlank()) {
            // An empty name is the working directory to java.nio: say what was given, not "is a directory".
            throw new IllegalArgumentException(option.startsWith("--")
                    ? option + " was given an empty name; give the file of operations, e.g. " + option + " ops.txt"
                    : "the file name is empty; give the counterexample file, e.g. ptcheck replay"
                    + " target/ptcheck/bug.ptcheck");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; give a file");
        }
        if (Files.exists(file) && !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": permission denied; give a"
                    + " file you may read");
        }
    }

    /** A file to write ({@code --json FILE}, {@code run --save FILE}): not a directory; its folder made or makeable. */
    static void writableFile(String option, Path file) {
        if (file == null) {
            return;
        }
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException(option + " needs a file name, e.g. " + option + " target/"
                    + exampleName(option));
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; give a file name in it, e.g. "
                    + file.resolve(exampleName(option)));
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException("cannot write " + option + " " + file + ": permission denied; give a"
                    + " file you may write");
        }
        makeableDirectory(option, file, file.toAbsolutePath().getParent());
    }

    /** A name for the file {@code option} writes: {@code --json} a report, {@code run --save} a counterexample file. */
    private static String exampleName(String option) {
        return option.equals("--json") ? "ptcheck.json" : "bug.ptcheck";
    }

    /** A directory to write files into ({@code check --save DIR}): a directory, or none yet where one can be made. */
    static void writableDirectory(String option, Path dir) {
        if (dir == null) {
            return;
        }
        if (dir.toString().isBlank()) {
            throw new IllegalArgumentException(option + " needs a directory, e.g. " + option + " target/ptcheck");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file; " + option + " takes a directory for"
                    + " the counterexample files, e.g. " + option + " target/ptcheck");
        }
        makeableDirectory(option, dir, dir.toAbsolutePath());
    }

    /** {@code dir} exists and may be written, or its nearest existing ancestor is a directory that may be. */
    private static void makeableDirectory(String option, Path given, Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(option + " " + given + ": " + existing + " is a file, not a directory;"
                    + " give a path in a directory");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException("cannot write " + option + " " + given + ": the directory " + existing
                    + " may not be written; give a path in one you may write");
        }
    }
}
