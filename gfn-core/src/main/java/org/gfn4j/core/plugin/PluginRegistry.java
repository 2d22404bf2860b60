package org.gfn4j.core.plugin;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.plugin.Provider;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.api.reward.RewardProvider;

/**
 * The immutable catalogue of plugins, by kind and name. {@link #discover} reads every
 * {@code META-INF/services/<SPI>} file on a class loader, as {@link java.util.ServiceLoader} does on the class
 * path, but loads and creates one provider at a time: a provider that cannot be loaded (a class compiled for a
 * newer Java, a missing dependency, a throwing constructor) or that repeats a name already taken is left out and
 * reported in {@link #problems()}, one line naming its jar and class, so that one broken jar does not hide the
 * others. {@link #of} builds a registry from an explicit list (for tests and embedding); there two providers of
 * the same kind and name fail loudly, naming both classes. Looking up an unknown name fails listing the
 * available ones.
 */
public final class PluginRegistry {
  private static final List<Class<? extends Provider>> SPIS = List.of(EnvironmentProvider.class,
      PolicyProvider.class, ObjectiveProvider.class, RewardProvider.class);
  private static final String SERVICES = "META-INF/services/";
  private static final String MISSING_HINT = "is a plugin jar missing? (--plugins PATH or GFN_PLUGINS)";

  private final Map<String, EnvironmentProvider> environments;
  private final Map<String, PolicyProvider> policies;
  private final Map<String, ObjectiveProvider> objectives;
  private final Map<String, RewardProvider> rewards;
  private final List<PluginProblem> problems;

  /** A provider with where it was found: the jar or folder, or null for one given explicitly. */
  private record Found(Provider provider, String source) {}

  private PluginRegistry(List<Found> found, List<PluginProblem> earlier, boolean lenient) {
    List<PluginProblem> all = new ArrayList<>(earlier);
    List<PluginProblem> sink = lenient ? all : null;
    environments = catalogue(found, EnvironmentProvider.class, "environment", sink);
    policies = catalogue(found, PolicyProvider.class, "policy", sink);
    objectives = catalogue(found, ObjectiveProvider.class, "objective", sink);
    rewards = catalogue(found, RewardProvider.class, "reward", sink);
    problems = List.copyOf(all);
  }

  /**
   * Finds every provider listed in {@code META-INF/services} on {@code classLoader}; those that cannot be used
   * are left out and reported in {@link #problems()}.
   */
  public static PluginRegistry discover(ClassLoader classLoader) {
    return discover(classLoader, List.of());
  }

  /** Finds every provider on the application's class path and in {@code jars}, with the jars' own problems. */
  public static PluginRegistry discover(PluginJars jars) {
    requireNonNull(jars, "jars is null");
    return discover(jars.classLoader(), jars.problems());
  }

  /** Finds every provider on the class path of this class's loader. */
  public static PluginRegistry discover() {
    return discover(PluginRegistry.class.getClassLoader());
  }

  private static PluginRegistry discover(ClassLoader classLoader, List<PluginProblem> earlier) {
    requireNonNull(classLoader, "classLoader is null");
    List<Found> found = new ArrayList<>();
    List<PluginProblem> problems = new ArrayList<>(earlier);
    for (Class<? extends Provider> spi : SPIS) {
      Set<String> seen = new HashSet<>();
      Enumeration<URL> files;
      try {
        files = classLoader.getResources(SERVICES + spi.getName());
      } catch (IOException e) {
        problems.add(new PluginProblem("cannot list the " + SERVICES + spi.getName() + " files: " + e.getMessage(),
            e));
        continue;
      }
      while (files.hasMoreElements()) {
        URL file = files.nextElement();
        String source = source(file);
        List<String> names;
        try {
          names = providerNames(file);
        } catch (IOException | UncheckedIOException e) {
          problems.add(new PluginProblem(source + ": cannot read " + SERVICES + spi.getName() + ": "
              + e.getMessage(), e));
          continue;
        }
        for (String name : names) {
          if (seen.add(name)) {
            load(spi, name, source, classLoader, found, problems);
          }
        }
      }
    }
    return new PluginRegistry(found, problems, true);
  }

  private static void load(Class<? extends Provider> spi, String name, String source, ClassLoader classLoader,
      List<Found> found, List<PluginProblem> problems) {
    String where = source + ": class " + name + ": ";
    try {
      Class<?> type = Class.forName(name, false, classLoader);
      if (!spi.isAssignableFrom(type)) {
        problems.add(new PluginProblem(where + "is listed in " + SERVICES + spi.getName() + " but does not "
            + "implement " + spi.getSimpleName(), null));
        return;
      }
      found.add(new Found(spi.cast(type.getConstructor().newInstance()), source));
    } catch (ClassNotFoundException e) {
      problems.add(new PluginProblem(where + "is listed in " + SERVICES + spi.getName() + " but is not in the jar",
          e));
    } catch (NoSuchMethodException e) {
      problems.add(new PluginProblem(where + "has no public constructor without arguments", e));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      problems.add(new PluginProblem(where + "its constructor failed: " + describe(cause), cause));
    } catch (LinkageError e) {
      problems.add(new PluginProblem(where + "cannot be loaded: " + describe(e), e));
    } catch (ReflectiveOperationException | RuntimeException e) {
      problems.add(new PluginProblem(where + "cannot be created: " + describe(e), e));
    }
  }

  /** What went wrong, on one line, with a hint for the linkage errors a newcomer meets. */
  private static String describe(Throwable e) {
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (e instanceof UnsupportedClassVersionError) {
      return text + " (compile the plugin for Java " + Runtime.version().feature() + " or older, e.g. "
          + "--release " + Runtime.version().feature() + ")";
    }
    if (e instanceof NoClassDefFoundError || e instanceof ClassNotFoundException) {
      return text + " (a class the plugin needs is missing: put the jar holding it on --plugins too)";
    }
    return text;
  }

  /** The jar (or folder) a services file is in, as "plugin jar PATH" or "class folder PATH". */
  private static String source(URL servicesFile) {
    String url = servicesFile.toString();
    try {
      if (url.startsWith("jar:")) {
        String jar = url.substring("jar:".length(), url.indexOf("!/"));
        return "plugin jar " + Path.of(new URI(jar));
      }
      if (url.startsWith("file:")) {
        Path file = Path.of(servicesFile.toURI());
        return "class folder " + file.getParent().getParent().getParent();
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the URL itself
    }
    return "plugin " + url;
  }

  private static List<String> providerNames(URL file) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.openStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        int comment = line.indexOf('#');
        String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** A registry of exactly these providers; duplicate names fail naming both classes. */
  public static PluginRegistry of(List<? extends Provider> providers) {
    requireNonNull(providers, "providers is null");
    List<Found> found = new ArrayList<>();
    for (Provider provider : providers) {
      found.add(new Found(requireNonNull(provider, "a provider is null"), null));
    }
    return new PluginRegistry(found, List.of(), false);
  }

  private static <P extends Provider> Map<String, P> catalogue(List<Found> found, Class<P> spi, String kind,
      List<PluginProblem> problems) {
    Map<String, P> byName = new TreeMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Found entry : found) {
      Provider provider = entry.provider();
      if (!spi.isInstance(provider)) {
        continue;
      }
      String className = provider.getClass().getName();
      String where = entry.source() == null ? "" : entry.source() + ": class " + className + ": ";
      try {
        String name = requireNonNull(provider.name(), className + ".name() is null");
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
          throw new IllegalStateException(kind + " plugin " + className + " has name '" + name
              + "'; names are lower case letters, digits, '-' and '_'");
        }
        P previous = byName.get(name);
        if (previous != null) {
          String other = sources.get(name);
          throw new IllegalStateException("two " + kind + " plugins are named '" + name + "': "
              + previous.getClass().getName() + (other == null || problems == null ? "" : " (" + other + ")")
              + " and " + className + (problems == null ? "" : "; the second is left out"));
        }
        byName.put(name, spi.cast(provider));
        if (entry.source() != null) {
          sources.put(name, entry.source());
        }
      } catch (RuntimeException | LinkageError e) {
        if (problems == null) {
          throw e;
        }
        String message = e instanceof IllegalStateException ? e.getMessage() : describe(e);
        problems.add(new PluginProblem(where + message, e));
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  /** The plugins that could not be loaded or were left out, one line each (empty for a registry {@link #of}). */
  public List<PluginProblem> problems() {
    return problems;
  }

  /** Environment providers by name, sorted. */
  public Map<String, EnvironmentProvider> environments() {
    return environments;
  }

  /** Policy (estimator) providers by name, sorted. */
  public Map<String, PolicyProvider> policies() {
    return policies;
  }

  /** Objective providers by name, sorted. */
  public Map<String, ObjectiveProvider> objectives() {
    return objectives;
  }

  /** Reward providers by name, sorted. */
  public Map<String, RewardProvider> rewards() {
    return rewards;
  }

  /** The environment provider called {@code name}. */
  public EnvironmentProvider environment(String name) {
    return lookup(environments, name, "environment");
  }

  /** The policy provider called {@code name}. */
  public PolicyProvider policy(String name) {
    return lookup(policies, name, "policy");
  }

  /** The objective provider called {@code name}. */
  public ObjectiveProvider objective(String name) {
    return lookup(objectives, name, "objective");
  }

  /** The reward provider called {@code name}. */
  public RewardProvider reward(String name) {
    return lookup(rewards, name, "reward");
  }

  private static <P> P lookup(Map<String, P> byName, String name, String kind) {
    P provider = byName.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; available: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())) + "; " + MISSING_HINT);
    }
    return provider;
  }
}
