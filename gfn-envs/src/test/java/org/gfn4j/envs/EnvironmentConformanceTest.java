package org.gfn4j.envs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.Environment;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.testkit.ContinuousConformance;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the conformance kit on every discovered environment provider, with defaults and extra settings: the
 * discrete kit or the continuous one, by the environment's kind.
 */
class EnvironmentConformanceTest {
  private static final long SEED = 20240611L;

  /** Extra settings per provider name, beyond the defaults. */
  private static final Map<String, List<Map<String, String>>> EXTRA = Map.of(
      "hypergrid", List.of(
          Map.of("ndim", "4", "height", "8"),
          Map.of("ndim", "3", "height", "5", "encoding", "onehot"),
          Map.of("ndim", "1", "height", "2"),
          Map.of("ndim", "2", "height", "7", "r0", "0", "encoding", "identity")));

  static List<EnvironmentProvider> providers() {
    List<EnvironmentProvider> providers = new ArrayList<>();
    ServiceLoader.load(EnvironmentProvider.class).forEach(providers::add);
    return providers;
  }

  static Stream<Arguments> environments() {
    List<Arguments> cases = new ArrayList<>();
    for (EnvironmentProvider provider : providers()) {
      cases.add(Arguments.of(provider.name(), provider, Map.<String, String>of()));
      for (Map<String, String> settings : EXTRA.getOrDefault(provider.name(), List.of())) {
        cases.add(Arguments.of(provider.name(), provider, settings));
      }
    }
    return cases.stream();
  }

  @Test
  void serviceLoader_findsProvidersWithDistinctNames() {
    List<String> names = providers().stream().map(EnvironmentProvider::name).toList();
    assertThat(names).isNotEmpty().contains("hypergrid").doesNotHaveDuplicates();
    assertThat(names).allMatch(name -> name.matches("[a-z0-9-]+"), "lower case letters, digits and '-'");
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("environments")
  void environment_passesConformanceKit(String name, EnvironmentProvider provider, Map<String, String> settings) {
    String owner = "environment '" + name + "'";
    Parameters parameters = settings.isEmpty()
        ? Parameters.defaults(owner, provider.parameters())
        : Parameters.parse(owner, provider.parameters(), settings);
    Environment env = provider.create(parameters);

    assertThat(env.name()).isEqualTo(provider.name());
    assertThat(env.parameters()).isSameAs(parameters);
    if (env instanceof DiscreteEnvironment discrete) {
      EnvironmentConformance.check(discrete, SEED);
    } else if (env instanceof ContinuousEnvironment continuous) {
      ContinuousConformance.check(continuous, SEED);
    } else {
      assertThat(env).as("environment '%s' has no conformance kit yet", name)
          .isInstanceOfAny(DiscreteEnvironment.class, ContinuousEnvironment.class);
    }
  }
}
