package org.gfn4j.core.plugin;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Third-party plugin jars given at run time ({@code --plugins PATH[:PATH...]} or the {@code GFN_PLUGINS}
 * environment variable), each path a jar or a folder of jars, opened in one {@link URLClassLoader} whose parent
 * is the application's class loader. Paths that do not exist are reported as {@link #problems()} rather than
 * thrown, so that {@code --help} still works; {@link PluginRegistry#discover(PluginJars)} carries them on.
 *
 * <pre>{@code
 * try (PluginJars jars = PluginJars.open(List.of("plugins/:extra.jar"), PluginJars.class.getClassLoader())) {
 *   PluginRegistry registry = PluginRegistry.discover(jars);
 * }
 * }</pre>
 */
public final class PluginJars implements AutoCloseable {
  /** The environment variable read by the command line, with the same syntax as {@code --plugins}. */
  public static final String ENVIRONMENT_VARIABLE = "GFN_PLUGINS";

  private final List<Path> jars;
  private final List<PluginProblem> problems;
  private final ClassLoader classLoader;
  private final URLClassLoader opened;

  private PluginJars(List<Path> jars, List<PluginProblem> problems, ClassLoader parent) {
    this.jars = List.copyOf(jars);
    this.problems = List.copyOf(problems);
    if (jars.isEmpty()) {
      this.opened = null;
      this.classLoader = parent;
    } else {
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) {
        try {
          urls[i] = jars.get(i).toUri().toURL();
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException("plugin jar " + jars.get(i) + " has no URL: " + e.getMessage(), e);
        }
      }
      this.opened = new URLClassLoader("gfn-plugins", urls, parent);
      this.classLoader = opened;
    }
  }

  /** No plugin jars: the class loader is {@code parent} itself. */
  public static PluginJars none(ClassLoader parent) {
    return new PluginJars(List.of(), List.of(), requireNonNull(parent, "parent is null"));
  }

  /**
   * Opens the jars named by {@code paths}, each entry a list of paths separated by {@link File#pathSeparator}
   * (':' on Unix), each path a jar or a folder whose {@code *.jar} files are taken in name order; empty entries
   * are skipped.
   */
  public static PluginJars open(List<String> paths, ClassLoader parent) {
    requireNonNull(paths, "paths is null");
    requireNonNull(parent, "parent is null");
    List<Path> jars = new ArrayList<>();
    List<PluginProblem> problems = new ArrayList<>();
    for (String entry : paths) {
      requireNonNull(entry, "a plugin path is null");
      for (String part : entry.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
        if (!part.isBlank()) {
          add(Path.of(part.trim()), jars, problems);
        }
      }
    }
    return new PluginJars(jars, problems, parent);
  }

  private static void add(Path path, List<Path> jars, List<PluginProblem> problems) {
    Path absolute = path.toAbsolutePath().normalize();
    if (Files.isRegularFile(absolute)) {
      if (!jars.contains(absolute)) {
        jars.add(absolute);
      }
    } else if (Files.isDirectory(absolute)) {
      List<Path> found;
      try (Stream<Path> files = Files.list(absolute)) {
        found = files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted()
            .toList();
      } catch (IOException e) {
        problems.add(new PluginProblem("plugin path " + path + ": cannot list the folder: " + e.getMessage(), e));
        return;
      } catch (UncheckedIOException e) {
        problems.add(new PluginProblem("plugin path " + path + ": cannot list the folder: " + e.getMessage(), e));
        return;
      }
      if (found.isEmpty()) {
        problems.add(new PluginProblem("plugin path " + path + " is a folder without .jar files; expected a jar "
            + "or a folder of jars", null));
      }
      found.stream().filter(jar -> !jars.contains(jar)).forEach(jars::add);
    } else {
      problems.add(new PluginProblem("plugin path " + path + " does not exist; expected a jar or a folder of jars",
          null));
    }
  }

  /** The jars opened, absolute, in class path order. */
  public List<Path> jars() {
    return jars;
  }

  /** The paths that could not be used, one line each. */
  public List<PluginProblem> problems() {
    return problems;
  }

  /** The class loader over the jars (the parent itself when there are none). */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** Closes the jars; classes not loaded yet can no longer be. */
  @Override
  public void close() {
    if (opened != null) {
      try {
        opened.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the plugin jars " + jars + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "PluginJars" + Collections.unmodifiableList(jars);
  }
}
