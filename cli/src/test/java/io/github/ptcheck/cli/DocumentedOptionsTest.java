package io.github.ptcheck.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docs and the command line agree on the options: every {@code --option} the docs name is one
 * some command has (a renamed or dropped option leaves no doc behind), and every option a command
 * has is in docs/cli.md (a new one is documented).
 */
class DocumentedOptionsTest {

    private static final Path TOP = Path.of("..");

    /** A long option as prose and code blocks write it; not {@code -->} or a table's {@code ---}. */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*[a-z]");

    /** docs/cli.md shows this one misspelt, as the mistake ptcheck answers with "Possible solutions". */
    private static final String MISSPELT = "--seeed";

    /** Every option of every command, by each of its names. */
    private static Set<String> known() {
        CommandLine top = new CommandLine(new Main());
        Set<String> names = new TreeSet<>(names(top.getCommandSpec()));
        top.getSubcommands().values().forEach(sub -> names.addAll(names(sub.getCommandSpec())));
        return names;
    }

    private static List<String> names(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            names.addAll(List.of(o.names()));
        }
        return names;
    }

    /** README.md, docs/*.md and the examples' READMEs. */
    private static List<Path> docs() {
        List<Path> docs = new ArrayList<>();
        docs.add(TOP.resolve("README.md"));
        try (Stream<Path> md = Files.list(TOP.resolve("docs"));
             Stream<Path> examples = Files.list(TOP.resolve("examples"))) {
            md.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
            examples.map(e -> e.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static Set<String> named(Path doc) {
        Set<String> options = new TreeSet<>();
        try {
            Matcher m = OPTION.matcher(Files.readString(doc));
            while (m.find()) {
                options.add(m.group());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return options;
    }

    @Test
    void everyOptionTheDocsNameExists() {
        Set<String> known = known();
        List<String> unknown = new ArrayList<>();
        List<Path> docs = docs();
        assertTrue(docs.size() > 5, docs::toString);
        for (Path doc : docs) {
            named(doc).stream().filter(o -> !known.contains(o) && !o.equals(MISSPELT))
                    .forEach(o -> unknown.add(TOP.relativize(doc) + ": " + o));
        }
        assertEquals(List.of(), unknown, "options the docs name that no command has; known: " + known);
    }

    @Test
    void everyOptionIsInTheCommandLinesDoc() {
        Set<String> documented = named(TOP.resolve("docs/cli.md"));
        List<String> missing = known().stream().filter(o -> o.startsWith("--") && !documented.contains(o)).toList();
        assertEquals(List.of(), missing, "options no word of docs/cli.md names");
    }

    /** The misspelling the docs show stays a mistake that ptcheck corrects, as they say. */
    @Test
    void theMisspeltOptionIsAMistake() {
        assertTrue(named(TOP.resolve("docs/cli.md")).contains(MISSPELT));
        assertFalse(known().contains(MISSPELT));
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"check", MISSPELT, "1"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(Exit.USAGE, code);
        assertTrue(err.toString().contains("Possible solutions: --seed"), err::toString);
    }
}
