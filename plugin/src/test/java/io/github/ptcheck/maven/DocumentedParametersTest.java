package io.github.ptcheck.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docs and the goals agree on the parameters, as the plugin descriptor that Maven reads
 * (target/classes/META-INF/maven/plugin.xml, generated from the mojos' annotations) has them:
 * every {@code ptcheck.*} property the docs name is one a goal reads, and each goal's table in
 * docs/maven-plugin.md lists exactly its parameters, each with its property.
 */
class DocumentedParametersTest {

    private static final Path TOP = Path.of("..");
    private static final Path PLUGIN_DOC = TOP.resolve("docs/maven-plugin.md");

    /**
     * {@code ptcheck.name} as a property ({@code -Dptcheck.seed}, {@code <ptcheck.depth>}), not as a
     * package ({@code io.github.ptcheck.strategy}), a path ({@code cli/target/ptcheck.jar}), a
     * JUnit class name ({@code ptcheck.my-module.generic-v6_6}) or the JUnit extension's own
     * dotted properties ({@code ptcheck.junit.dir}).
     */
    private static final Pattern PROPERTY =
            Pattern.compile("(?:(?<=-D)|(?<![\\w./-]))ptcheck\\.([a-z][A-Za-z]*)(?![\\w-]|\\.\\w)");

    /** The report files the docs name: ptcheck.json, ptcheck.html. */
    private static final Set<String> FILES = Set.of("json", "html");

    /** A row of a parameter table: {@code | `name` | `property` | default | meaning |}. */
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| `([\\w.]+)` \\|");

    /** Goal, then each parameter a user sets (not Maven's own objects) with its property. */
    private static Map<String, Map<String, String>> goals() {
        Map<String, Map<String, String>> goals = new TreeMap<>();
        try {
            Path descriptor = Path.of(CheckMojo.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("META-INF/maven/plugin.xml");
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile());
            NodeList mojos = d.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                Map<String, String> parameters = new TreeMap<>();
                Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
                for (Node n = configuration.getFirstChild(); n != null; n = n.getNextSibling()) {
                    String text = n.getTextContent().trim();
                    if (n instanceof Element && text.startsWith("${") && text.endsWith("}")) {
                        parameters.put(n.getNodeName(), text.substring(2, text.length() - 1));
                    }
                }
                goals.put(mojo.getElementsByTagName("goal").item(0).getTextContent(), parameters);
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read the plugin descriptor (run after process-classes)", e);
        }
        return goals;
    }

    private static Set<String> properties() {
        Set<String> properties = new TreeSet<>();
        goals().forEach((goal, parameters) -> {
            if (!goal.equals("help")) {
                properties.addAll(parameters.values());
            }
        });
        return properties;
    }

    @Test
    void everyPropertyTheDocsNameIsAParameters() throws IOException {
        Set<String> known = properties();
        assertTrue(known.containsAll(List.of("ptcheck.seed", "ptcheck.file", "ptcheck.reports")), known::toString);
        Set<String> unknown = new TreeSet<>();
        int named = 0;
        PathMatcher docs = FileSystems.getDefault().getPathMatcher("glob:{README.md,docs/*.md,examples/*/README.md}");
        List<Path> all;
        try (Stream<Path> files = Files.walk(TOP, 3)) {
            all = files.filter(p -> docs.matches(TOP.relativize(p))).sorted().toList();
        }
        assertTrue(all.size() > 5, all::toString);
        for (Path doc : all) {
            Matcher m = PROPERTY.matcher(Files.readString(doc));
            while (m.find()) {
                named++;
                if (!FILES.contains(m.group(1)) && !known.contains(m.group())) {
                    unknown.add(TOP.relativize(doc) + ": " + m.group());
                }
            }
        }
        assertTrue(named > 50, "the pattern finds the properties: " + named);
        assertEquals(Set.of(), unknown, "properties the docs name that no goal reads; the goals read " + known);
    }

    /** Each "## Parameters of `ptcheck:goal`" table: the goal's parameters, no more, no fewer. */
    @Test
    void eachGoalsTableListsItsParametersWithTheirProperties() throws IOException {
        Map<String, Map<String, String>> goals = goals();
        assertEquals(Set.of("check", "help", "merge", "replay"), goals.keySet());
        String doc = Files.readString(PLUGIN_DOC);
        for (String goal : List.of("check", "merge", "replay")) {
            assertEquals(goals.get(goal), table(doc, goal), "the table of ptcheck:" + goal + " in docs/maven-plugin.md");
        }
        for (String goal : goals.keySet()) {
            assertTrue(doc.contains("| `ptcheck:" + goal + "` |"), "ptcheck:" + goal + " in the table of goals");
        }
    }

    private static Map<String, String> table(String doc, String goal) {
        String heading = "## Parameters of `ptcheck:" + goal + "`\n";
        int at = doc.indexOf(heading);
        assertFalse(at < 0, heading);
        Map<String, String> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : doc.substring(at + heading.length()).split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    rows.put(m.group(1), m.group(2));
                }
            } else if (inTable || line.startsWith("#")) {
                break;
            }
        }
        return rows;
    }
}
