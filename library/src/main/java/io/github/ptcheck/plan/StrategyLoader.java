package io.github.ptcheck.plan;

import io.github.ptcheck.strategy.Strategy;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a user's strategy classes from a class path: the Maven project's test classpath, or
 * the jars and class folders given on the command line. The caller's class loader is the
 * parent, so {@link Strategy} is the caller's: a user's classes may be compiled against any
 * compatible ptcheck.
 */
public final class StrategyLoader implements AutoCloseable {

    private final URLClassLoader loader;
    private final String where;
    private final String fix;

    /**
     * @param classpathElements jars and class folders
     * @param parent            the loader of ptcheck's own classes
     * @param where             where the classes are looked for, for a message: {@code on the project's test classpath}
     * @param fix               what to check when a class is not found, for a message
     */
    public StrategyLoader(List<String> classpathElements, ClassLoader parent, String where, String fix) {
        this.where = where;
        this.fix = fix;
        List<URL> urls = new ArrayList<>();
        for (String element : classpathElements) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("classpath element " + element + " is not a valid path", e);
            }
        }
        this.loader = new URLClassLoader(urls.toArray(new URL[0]), parent);
    }

    /** An instance of the named class, or an IllegalArgumentException saying what is wrong and how to fix it. */
    public Strategy load(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("strategy class " + className + " is not " + where + " (" + e + "); "
                    + fix);
        }
        if (!Strategy.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("strategy class " + className + " does not implement "
                    + Strategy.class.getName());
        }
        Constructor<?> ctor;
        try {
            ctor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("strategy class " + className
                    + " needs a public no-argument constructor so that ptcheck can create it");
        }
        try {
            Strategy s = (Strategy) ctor.newInstance();
            if (s.name() == null || s.name().isBlank()) {
                throw new IllegalArgumentException("strategy class " + className + " returns no name()");
            }
            return s;
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("strategy class " + className + " threw while being created: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("strategy class " + className + " cannot be created: " + e, e);
        }
    }

    @Override
    public void close() throws java.io.IOException {
        loader.close();
    }
}
