package org.gfn4j.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.nn.MlpProvider;
import org.gfn4j.core.nn.UniformProvider;
import org.gfn4j.core.run.RunFactory;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {
  @Test
  void discover_findsTheCoreProviders() {
    PluginRegistry registry = PluginRegistry.discover();
    assertThat(registry.policies()).containsKeys("mlp", "uniform");
    assertThat(registry.rewards()).containsKey("env");
  }

  @Test
  void duplicateNames_failNamingBothClasses() {
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new MlpProvider(), new MlpProvider())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("two policy plugins are named 'mlp': org.gfn4j.core.nn.MlpProvider and "
            + "org.gfn4j.core.nn.MlpProvider");
  }

  @Test
  void unknownName_failsListingTheAvailableOnes() {
    PluginRegistry registry = Fixtures.registry();
    assertThatThrownBy(() -> registry.policy("transformer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown policy 'transformer'; available: mlp, tabular, uniform; is a plugin jar missing? "
            + "(--plugins PATH or GFN_PLUGINS)");
    assertThatThrownBy(() -> registry.environment("hypergrid"))
        .hasMessageStartingWith("unknown environment 'hypergrid'; available: tiny-grid; is a plugin jar missing?");
  }

  @Test
  void guiceModule_bindsEachKindAsAMap() {
    Injector injector = Guice.createInjector(new PluginModule(
        PluginRegistry.of(List.of(new MlpProvider(), new UniformProvider(), new TinyGrid.Provider()))));
    Map<String, PolicyProvider> policies = injector.getInstance(Key.get(new TypeLiteral<Map<String, PolicyProvider>>() {}));
    assertThat(policies).containsOnlyKeys("mlp", "uniform");
    assertThat(injector.getInstance(RunFactory.class).registry().environments()).containsOnlyKeys("tiny-grid");
  }
}
