package io.github.ptcheck.plan;

import io.github.ptcheck.strategy.Strategy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
    private final List<String> elements;

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
        this.elements = List.copyOf(classpathElements);
    }

    /**
     * The classes named {@code simple} in the class path's folders and jars, by their full names:
     * a bare simple name is a common slip, and the folder or jar says which class was meant.
     */
    private List<String> fullNames(String simple) {
        List<String> found = new ArrayList<>();
        String file = simple + ".class";
        for (String element : elements) {
            Path p = Path.of(element);
            try {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> all = Files.walk(p)) {
                        all.filter(f -> named(f.getFileName().toString(), file))
                                .forEach(f -> found.add(className(p.relativize(f).toString())));
                    }
                } else if (Files.isRegularFile(p)) {
                    try (ZipFile jar = new ZipFile(p.toFile())) {
                        jar.stream().map(ZipEntry::getName).filter(n -> named(n.substring(n.lastIndexOf('/') + 1), file))
                                .forEach(n -> found.add(className(n)));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // Unreadable: no suggestion from it; the error says what to check anyway.
            }
        }
        return found.stream().distinct().sorted().toList();
    }

    /** {@code PagePerTable.class}, or a nested class of that name ({@code Outer$PagePerTable.class}). */
    private static boolean named(String fileName, String file) {
        return fileName.equals(file) || fileName.endsWith("$" + file);
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('\\', '/').replace('/', '.');
    }

    /** An instance of the named class, or an IllegalArgumentException saying what is wrong and how to fix it. */
    public Strategy load(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            List<String> near = className.contains(".") ? List.of() : fullNames(className);
            throw new IllegalArgumentException("strategy class " + className + " is not " + where + " (" + e + "); "
                    + (near.isEmpty() ? fix : "the fully qualified name is needed: " + String.join(" or ", near)));
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
