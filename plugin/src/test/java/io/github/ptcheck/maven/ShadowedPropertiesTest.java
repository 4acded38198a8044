package io.github.ptcheck.maven;

import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShadowedPropertiesTest {

    private static Parameter parameter(String name, String type) {
        Parameter p = new Parameter();
        p.setName(name);
        p.setType(type);
        p.setExpression("${ptcheck." + name + "}");
        return p;
    }

    private static Xpp3Dom child(String name, String value) {
        Xpp3Dom d = new Xpp3Dom(name);
        d.setValue(value);
        return d;
    }

    private static final List<Parameter> PARAMETERS = List.of(parameter("depth", "int"), parameter("seed", "long"),
            parameter("tries", "int"), parameter("cells", "java.util.List"),
            parameter("expectedViolations", "java.util.List"));

    /** What Maven injects: the POM's value where it sets one, the expression where it does not. */
    private static Xpp3Dom configuration() {
        Xpp3Dom c = new Xpp3Dom("configuration");
        c.addChild(child("depth", "5"));
        c.addChild(child("seed", "${ptcheck.seed}"));
        c.addChild(child("tries", "200"));
        Xpp3Dom cells = new Xpp3Dom("cells");
        cells.addChild(child("cell", "generic-v6.6@x86_64"));
        c.addChild(cells);
        c.addChild(child("expectedViolations", "s390-naive-v1@s390x"));
        return c;
    }

    /**
     * A POM whose plugin-level configuration sets {@code depth} and {@code expectedViolations},
     * and whose execution ci sets {@code seed} and {@code depth}, as written ({@code effective}
     * false) or as Maven's effective model has it, the plugin-level values copied into ci.
     */
    private static Model model(boolean effective) {
        Plugin plugin = new Plugin();
        plugin.setGroupId("io.github.ptcheck");
        plugin.setArtifactId("ptcheck-maven-plugin");
        Xpp3Dom top = new Xpp3Dom("configuration");
        top.addChild(child("depth", "5"));
        top.addChild(child("expectedViolations", "s390-naive-v1@s390x"));
        plugin.setConfiguration(top);
        PluginExecution ci = new PluginExecution();
        ci.setId("ci");
        Xpp3Dom own = new Xpp3Dom("configuration");
        own.addChild(child("seed", "7"));
        own.addChild(child("depth", "3"));
        if (effective) {
            own.addChild(child("expectedViolations", "s390-naive-v1@s390x"));
        }
        ci.setConfiguration(own);
        plugin.addExecution(ci);
        Model model = new Model();
        model.setBuild(new Build());
        model.getBuild().addPlugin(plugin);
        return model;
    }

    private static MavenProject project() {
        MavenProject project = new MavenProject(model(true));
        project.setOriginalModel(model(false));
        return project;
    }

    private static final Plugin PTCHECK = project().getBuild().getPlugins().get(0);

    /** The command line's properties, given as name, value, name, value... */
    private static Properties user(String... pairs) {
        Properties user = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            user.setProperty(pairs[i], pairs[i + 1]);
        }
        return user;
    }

    /** What each warning says the POM sets, and where: {@code <depth>5</depth> in the plugin-level <configuration>}. */
    private static List<String> places(Properties user, Xpp3Dom configuration, UnaryOperator<String> where) {
        return ShadowedProperties.find(user, PARAMETERS, configuration, where).stream()
                .map(w -> w.replaceAll(".*the POM sets (.*), and Maven.*", "$1")).toList();
    }

    @Test
    void aValueThePomSetsShadowsTheCommandLinesAndTheWarningSaysHowToChooseIt() {
        Properties user = user("ptcheck.depth", "7", "ptcheck.seed", "42", "ptcheck.tries", "200", "ptcheck.cells",
                "powerpc-naive-v1", "ptcheck.expectedViolations", "powerpc-naive-v1", "other.depth", "9");
        List<String> warnings = ShadowedProperties.find(user, PARAMETERS, configuration(),
                ShadowedProperties.where(project(), PTCHECK, "default-cli"));
        assertEquals(List.of("ptcheck: -Dptcheck.depth=7 is ignored: the POM sets <depth>5</depth> in the plugin-level"
                + " <configuration>, and Maven puts the POM first. To choose it on the command line, remove it there"
                + " and give the POM's value as a property instead, <properties><ptcheck.depth>5</ptcheck.depth>"
                + "</properties>, which -D overrides.", "ptcheck: -Dptcheck.expectedViolations=powerpc-naive-v1 is"
                + " ignored: the POM sets <expectedViolations>s390-naive-v1@s390x</expectedViolations> in the"
                + " plugin-level <configuration>, and Maven puts the POM first. To choose it on the command line,"
                + " remove it there and give the POM's value as a property instead, <properties>"
                + "<ptcheck.expectedViolations>s390-naive-v1@s390x</ptcheck.expectedViolations></properties>, which"
                + " -D overrides."),
                warnings, "the seed is not set in the POM, the tries agree, a list written as elements is replaced"
                        + " by its -D, a list written as one text is not");
    }

    /** What Maven injects into execution ci: its own seed and depth over the plugin-level depth. */
    private static Xpp3Dom ciConfiguration() {
        Xpp3Dom c = new Xpp3Dom("configuration");
        c.addChild(child("depth", "3"));
        c.addChild(child("seed", "7"));
        c.addChild(child("expectedViolations", "s390-naive-v1@s390x"));
        return c;
    }

    @Test
    void aValueSetInsideAnExecutionIsNamedThereAndNotAdvisedToMoveIntoOne() {
        Properties user = user("ptcheck.seed", "3", "ptcheck.depth", "2", "ptcheck.expectedViolations",
                "powerpc-naive-v1");
        UnaryOperator<String> where = ShadowedProperties.where(project(), PTCHECK, "ci");
        assertEquals(List.of("<depth>3</depth> inside <execution> <id>ci</id>",
                        "<seed>7</seed> inside <execution> <id>ci</id>",
                        "<expectedViolations>s390-naive-v1@s390x</expectedViolations> in the plugin-level <configuration>"),
                places(user, ciConfiguration(), where),
                "the execution's depth overrides the plugin-level depth, so the execution is where to change it");
        List<String> warnings = ShadowedProperties.find(user, PARAMETERS, ciConfiguration(), where);
        assertTrue(warnings.get(0).endsWith("<properties><ptcheck.depth>3</ptcheck.depth></properties>, which -D"
                + " overrides."), warnings.get(0));
        assertTrue(warnings.stream().noneMatch(w -> w.contains("set it inside an <execution>")), warnings::toString);
    }

    @Test
    void withoutAModelTheWarningStillNamesThePlugin() {
        assertEquals(List.of("<depth>5</depth> in the plugin's configuration"),
                places(user("ptcheck.depth", "7"), configuration(), ShadowedProperties.where(null, null, null)));
    }

    @Test
    void aValueInheritedFromTheParentPomNamesTheParent() {
        MavenProject parent = project();
        parent.setGroupId("com.example");
        parent.setArtifactId("parent");
        Model own = new Model();
        own.setBuild(new Build());
        MavenProject child = new MavenProject(model(true));
        child.setOriginalModel(own);
        child.setParent(parent);
        assertEquals(List.of("<depth>5</depth> in the plugin-level <configuration> of the parent POM com.example:parent"),
                places(user("ptcheck.depth", "7"), configuration(), ShadowedProperties.where(child, PTCHECK,
                        "default-cli")));
    }

    @Test
    void nothingGivenOnTheCommandLineNothingToSay() {
        assertEquals(List.of(), ShadowedProperties.find(new Properties(), PARAMETERS, configuration(),
                ShadowedProperties.where(project(), PTCHECK, "ci")));
    }
}
