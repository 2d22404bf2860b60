package org.gfn4j.examples.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.Environment;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.testkit.ContinuousConformance;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every environment the application discovers, built-in or third-party, passes the conformance kit. */
class DiscoveredPluginsConformanceTest {
  private static final PluginRegistry PLUGINS = PluginRegistry.discover();

  static Stream<EnvironmentProvider> environments() {
    return PLUGINS.environments().values().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("environments")
  void discoveredEnvironment_withDefaults_passesTheConformanceKit(EnvironmentProvider provider) {
    Environment environment = provider.create(
        Parameters.defaults("environment '" + provider.name() + "'", provider.parameters()));
    if (environment instanceof ContinuousEnvironment continuous) {
      ContinuousConformance.check(continuous, 17);
    } else {
      assertThat(environment).isInstanceOf(DiscreteEnvironment.class);
      EnvironmentConformance.check((DiscreteEnvironment) environment, 17);
    }
  }

  @Test
  void everyKindOfPlugin_isDiscovered() {
    assertThat(PLUGINS.environments()).containsKeys("hypergrid", "conditional-hypergrid", "box", "line",
        "discrete-ebm", "ising", "binary-tree");
    assertThat(PLUGINS.objectives()).containsOnlyKeys("tb", "db", "subtb", "fm", "mdb", "zvar", "rtb");
    assertThat(PLUGINS.policies()).containsOnlyKeys("mlp", "tabular", "uniform", "onnx");
    assertThat(PLUGINS.rewards()).containsOnlyKeys("env", "tempered", "onnx");
  }
}
