package org.gfn4j.core.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.Map;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.api.reward.RewardProvider;

/**
 * Binds a discovered {@link PluginRegistry} into Guice: the registry itself, and each kind of provider as a
 * {@code Map<String, XProvider>} through a {@link MapBinder}. The application creates the injector once.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new PluginModule(PluginRegistry.discover()));
 * }</pre>
 */
public final class PluginModule extends AbstractModule {
  private final PluginRegistry registry;

  /** A module for the given registry. */
  public PluginModule(PluginRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  protected void configure() {
    bind(PluginRegistry.class).toInstance(registry);
    bindAll(MapBinder.newMapBinder(binder(), String.class, EnvironmentProvider.class), registry.environments());
    bindAll(MapBinder.newMapBinder(binder(), String.class, PolicyProvider.class), registry.policies());
    bindAll(MapBinder.newMapBinder(binder(), String.class, ObjectiveProvider.class), registry.objectives());
    bindAll(MapBinder.newMapBinder(binder(), String.class, RewardProvider.class), registry.rewards());
  }

  private static <P> void bindAll(MapBinder<String, P> binder, Map<String, P> providers) {
    providers.forEach((name, provider) -> binder.addBinding(name).toInstance(provider));
  }
}
