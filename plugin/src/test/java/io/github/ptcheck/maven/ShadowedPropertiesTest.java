package io.github.ptcheck.maven;

import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void aValueThePomSetsShadowsTheCommandLinesAndTheWarningSaysHowToChooseIt() {
        Properties user = new Properties();
        user.setProperty("ptcheck.depth", "7");
        user.setProperty("ptcheck.seed", "42");
        user.setProperty("ptcheck.tries", "200");
        user.setProperty("ptcheck.cells", "powerpc-naive-v1");
        user.setProperty("ptcheck.expectedViolations", "powerpc-naive-v1");
        user.setProperty("other.depth", "9");
        List<String> warnings = ShadowedProperties.find(user, PARAMETERS, configuration());
        assertEquals(List.of("ptcheck: -Dptcheck.depth=7 is ignored: the POM sets <depth>5</depth> in the plugin's"
                + " configuration, and Maven puts the POM first. To choose it on the command line, leave it out of the"
                + " POM's plugin-level <configuration> (or set it inside an <execution>, which mvn ptcheck:check does"
                + " not read).", "ptcheck: -Dptcheck.expectedViolations=powerpc-naive-v1 is ignored: the POM sets"
                + " <expectedViolations>s390-naive-v1@s390x</expectedViolations> in the plugin's configuration, and"
                + " Maven puts the POM first. To choose it on the command line, leave it out of the POM's plugin-level"
                + " <configuration> (or set it inside an <execution>, which mvn ptcheck:check does not read)."),
                warnings, "the seed is not set in the POM, the tries agree, a list written as elements is replaced"
                        + " by its -D, a list written as one text is not");
    }

    @Test
    void nothingGivenOnTheCommandLineNothingToSay() {
        assertEquals(List.of(), ShadowedProperties.find(new Properties(), PARAMETERS, configuration()));
    }
}
