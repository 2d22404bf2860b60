package org.gfn4j.core.plugin;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.plugin.Provider;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.api.reward.RewardProvider;

/**
 * The immutable catalogue of plugins, by kind and name. {@link #discover} runs {@link ServiceLoader} once per
 * SPI; {@link #of} builds a registry from an explicit list (for tests and embedding). Two providers of the same
 * kind and name fail loudly, naming both classes; looking up an unknown name fails listing the available ones.
 */
public final class PluginRegistry {
  private final Map<String, EnvironmentProvider> environments;
  private final Map<String, PolicyProvider> policies;
  private final Map<String, ObjectiveProvider> objectives;
  private final Map<String, RewardProvider> rewards;

  private PluginRegistry(List<? extends Provider> providers) {
    environments = catalogue(providers, EnvironmentProvider.class, "environment");
    policies = catalogue(providers, PolicyProvider.class, "policy");
    objectives = catalogue(providers, ObjectiveProvider.class, "objective");
    rewards = catalogue(providers, RewardProvider.class, "reward");
  }

  /** Finds every provider on {@code classLoader}'s class path through {@code META-INF/services}. */
  public static PluginRegistry discover(ClassLoader classLoader) {
    requireNonNull(classLoader, "classLoader is null");
    List<Provider> providers = new java.util.ArrayList<>();
    for (Class<? extends Provider> spi : List.of(EnvironmentProvider.class, PolicyProvider.class,
        ObjectiveProvider.class, RewardProvider.class)) {
      try {
        ServiceLoader.load(spi, classLoader).forEach(providers::add);
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("cannot load a " + spi.getSimpleName() + " plugin: " + e.getMessage(), e);
      }
    }
    return new PluginRegistry(providers);
  }

  /** Finds every provider on the class path of this class's loader. */
  public static PluginRegistry discover() {
    return discover(PluginRegistry.class.getClassLoader());
  }

  /** A registry of exactly these providers. */
  public static PluginRegistry of(List<? extends Provider> providers) {
    return new PluginRegistry(providers);
  }

  private static <P extends Provider> Map<String, P> catalogue(List<? extends Provider> providers, Class<P> spi,
      String kind) {
    Map<String, P> byName = new TreeMap<>();
    for (Provider provider : providers) {
      if (!spi.isInstance(provider)) {
        continue;
      }
      String name = requireNonNull(provider.name(), provider.getClass().getName() + ".name() is null");
      if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
        throw new IllegalStateException(kind + " plugin " + provider.getClass().getName() + " has name '" + name
            + "'; names are lower case letters, digits, '-' and '_'");
      }
      P previous = byName.put(name, spi.cast(provider));
      if (previous != null) {
        throw new IllegalStateException("two " + kind + " plugins are named '" + name + "': "
            + previous.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(byName);
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
          + (byName.isEmpty() ? "none (is the plugin jar on the class path?)" : String.join(", ", byName.keySet())));
    }
    return provider;
  }
}
