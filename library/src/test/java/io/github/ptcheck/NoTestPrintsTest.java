package io.github.ptcheck;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The build log is for the build: no test prints to standard output or error. A test says what
 * it saw in its assertion messages. Programs run by hand ({@code main}, e.g. ExploreBench) may
 * print, and a test that captures standard output ({@code System.setOut}) to assert on it may
 * run code that prints.
 */
class NoTestPrintsTest {

    @Test
    void noTestPrintsToTheBuildLog() throws IOException {
        List<String> printing;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            printing = List.ofAll(files.filter(p -> p.toString().endsWith(".java")).toList())
                    .flatMap(NoTestPrintsTest::prints);
        }
        assertEquals(List.empty(), printing);
    }

    private static List<String> prints(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (text.contains("static void main(") || text.contains("System.setOut(")) {
            return List.empty();
        }
        List<String> lines = List.of(text.split("\n"));
        return lines.zipWithIndex().filter(l -> l._1.contains("System.out.print") || l._1.contains("System.err.print")
                || l._1.contains(".printStackTrace()")).map(l -> file + ":" + (l._2 + 1) + ": " + l._1.strip());
    }
}
