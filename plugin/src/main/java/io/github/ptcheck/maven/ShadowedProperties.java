package io.github.ptcheck.maven;

import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Finds the {@code -Dptcheck.*} values the POM shadows. Maven gives a single-value parameter
 * set in the plugin's {@code <configuration>} precedence over the user property of the same
 * parameter, and drops the {@code -D} without a word: {@code -Dptcheck.depth=7} runs depth 5 if
 * the POM says {@code <depth>5</depth>}. The goal's own configuration (what Maven will inject)
 * shows which: a parameter the POM does not set holds its expression ({@code ${ptcheck.depth}}),
 * one it sets holds the POM's value. A list parameter whose entries the POM writes as elements
 * ({@code <cells><cell>...</cell></cells>}) is replaced by its {@code -D}, so it is left out;
 * one the POM writes as one text ({@code <cells>a,b</cells>}) shadows it like a single value.
 *
 * <p>The goal's configuration is already merged, so the warning looks in the POM's model for
 * where the value was written: the advice differs between the plugin-level
 * {@code <configuration>} (which an {@code <execution>} could take over) and an
 * {@code <execution>}'s (which shadows {@code -D} just the same). Either way a POM property
 * ({@code <properties><ptcheck.depth>5</ptcheck.depth></properties>}) gives the default and
 * lets {@code -D} win, because Maven looks up a parameter's expression in the user properties
 * before the project's.
 */
final class ShadowedProperties {

    private ShadowedProperties() {
    }

    static void warn(Properties userProperties, MojoExecution execution, MavenProject project, Log log) {
        if (execution == null || execution.getMojoDescriptor() == null || execution.getConfiguration() == null) {
            return;
        }
        for (String line : find(userProperties, execution.getMojoDescriptor().getParameters(),
                execution.getConfiguration(), where(project, execution.getPlugin(), execution.getExecutionId()))) {
            log.warn(line);
        }
    }

    /**
     * Where the POM writes a parameter, as the warning names it: {@code inside <execution>
     * <id>ci</id>} when that execution's configuration sets it (an execution's value wins over
     * the plugin-level one), {@code in the plugin-level <configuration>} when the plugin's (or
     * its {@code <pluginManagement>} entry's) does, each with the parent's POM named when the
     * value comes from there; else {@code in the plugin's configuration}. It reads each POM as
     * written ({@link MavenProject#getOriginalModel}): in the effective model Maven has already
     * copied the plugin-level configuration into every execution.
     */
    static UnaryOperator<String> where(MavenProject project, Plugin plugin, String executionId) {
        return name -> {
            for (MavenProject p = project; p != null && plugin != null; p = p.getParent()) {
                String place = where(p.getOriginalModel(), plugin.getKey(), executionId, name);
                if (place != null) {
                    return place + (p == project ? "" : " of the parent POM " + p.getGroupId() + ":"
                            + p.getArtifactId());
                }
            }
            return "in the plugin's configuration";
        };
    }

    private static String where(Model model, String pluginKey, String executionId, String name) {
        if (model == null || model.getBuild() == null) {
            return null;
        }
        List<Plugin> declared = new ArrayList<>();
        declared.add(model.getBuild().getPluginsAsMap().get(pluginKey));
        if (model.getBuild().getPluginManagement() != null) {
            declared.add(model.getBuild().getPluginManagement().getPluginsAsMap().get(pluginKey));
        }
        for (Plugin d : declared) {
            PluginExecution e = d == null || executionId == null ? null : d.getExecutionsAsMap().get(executionId);
            if (e != null && sets(e.getConfiguration(), name)) {
                return "inside <execution> <id>" + executionId + "</id>";
            }
        }
        for (Plugin d : declared) {
            if (d != null && sets(d.getConfiguration(), name)) {
                return "in the plugin-level <configuration>";
            }
        }
        return null;
    }

    private static boolean sets(Object configuration, String name) {
        return configuration instanceof Xpp3Dom c && c.getChild(name) != null;
    }

    /**
     * One warning per {@code -D} value that the configuration shadows.
     *
     * @param where where the POM writes a parameter, by name (see {@link #where})
     */
    static List<String> find(Properties userProperties, List<Parameter> parameters, Xpp3Dom configuration,
                             UnaryOperator<String> where) {
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
            String value = set.getValue().trim();
            String place = where.apply(p.getName());
            warnings.add("ptcheck: -D" + property + "=" + given + " is ignored: the POM sets <" + p.getName() + ">"
                    + value + "</" + p.getName() + "> " + place + ", and Maven puts the POM first. To choose it on"
                    + " the command line, remove it there and give the POM's value as a property instead,"
                    + " <properties><" + property + ">" + value + "</" + property + "></properties>, which -D"
                    + " overrides.");
        }
        return warnings;
    }
}
