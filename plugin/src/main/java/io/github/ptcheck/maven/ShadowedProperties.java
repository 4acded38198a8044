package io.github.ptcheck.maven;

import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.logging.Log;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Finds the {@code -Dptcheck.*} values the POM shadows. Maven gives a single-value parameter
 * set in the plugin's {@code <configuration>} precedence over the user property of the same
 * parameter, and drops the {@code -D} without a word: {@code -Dptcheck.depth=7} runs depth 5 if
 * the POM says {@code <depth>5</depth>}. The goal's own configuration (what Maven will inject)
 * shows which: a parameter the POM does not set holds its expression ({@code ${ptcheck.depth}}),
 * one it sets holds the POM's value. A list parameter whose entries the POM writes as elements
 * ({@code <cells><cell>...</cell></cells>}) is replaced by its {@code -D}, so it is left out;
 * one the POM writes as one text ({@code <cells>a,b</cells>}) shadows it like a single value.
 */
final class ShadowedProperties {

    private ShadowedProperties() {
    }

    static void warn(Properties userProperties, MojoExecution execution, Log log) {
        if (execution == null || execution.getMojoDescriptor() == null || execution.getConfiguration() == null) {
            return;
        }
        for (String line : find(userProperties, execution.getMojoDescriptor().getParameters(),
                execution.getConfiguration())) {
            log.warn(line);
        }
    }

    /** One warning per {@code -D} value that the configuration shadows. */
    static List<String> find(Properties userProperties, List<Parameter> parameters, Xpp3Dom configuration) {
        List<String> warnings = new ArrayList<>();
        if (parameters == null) {
            return warnings;
        }
        for (Parameter p : parameters) {
            String expression = p.getExpression();
            if (expression == null || !expression.startsWith("${ptcheck.") || !expression.endsWith("}")) {
                continue;
            }
            String property = expression.substring(2, expression.length() - 1);
            String given = userProperties.getProperty(property);
            Xpp3Dom set = configuration.getChild(p.getName());
            if (given == null || set == null || set.getChildCount() > 0 || set.getValue() == null
                    || set.getValue().contains("${") || set.getValue().trim().equals(given.trim())) {
                continue;
            }
            warnings.add("ptcheck: -D" + property + "=" + given + " is ignored: the POM sets <" + p.getName() + ">"
                    + set.getValue().trim() + "</" + p.getName() + "> in the plugin's configuration, and Maven puts"
                    + " the POM first. To choose it on the command line, leave it out of the POM's plugin-level"
                    + " <configuration> (or set it inside an <execution>, which mvn ptcheck:check does not read).");
        }
        return warnings;
    }
}
