package org.gfn4j.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfn4j.losses.TestBatches.longerTrajectories;
import static org.gfn4j.losses.TestBatches.plausibleInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.Term;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.testkit.ObjectiveConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks every objective provider of this module as discovered by {@link ServiceLoader}. */
class ObjectiveProvidersTest {
  static Stream<ObjectiveProvider> providers() {
    return ServiceLoader.load(ObjectiveProvider.class).stream().map(ServiceLoader.Provider::get);
  }

  @Test
  void serviceLoader_discoversAllSevenObjectives() {
    assertThat(providers().map(ObjectiveProvider::name))
        .containsExactlyInAnyOrder("tb", "db", "subtb", "fm", "mdb", "zvar", "rtb");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tb|",
      "db|forward_looking",
      "subtb|lambda weighting forward_looking",
      "fm|alpha",
      "mdb|",
      "zvar|",
      "rtb|beta"})
  void everyProvider_declaresTheSharedOptionsThenItsOwn(String name, String own) {
    ObjectiveProvider provider = providers().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    List<String> expected = new ArrayList<>(List.of("residual", "linex_alpha", "log_reward_clip_min"));
    if (own != null) {
      expected.addAll(List.of(own.split(" ")));
    }

    assertThat(provider.parameters()).extracting(ParameterSpec::name).containsExactlyElementsOf(expected);
    assertThat(provider.description()).isNotBlank().doesNotContain("\n");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void everyDefaultObjective_hasGradientsMatchingFiniteDifferences(ObjectiveProvider provider) {
    Objective objective = provider.create(Parameters.defaults(owner(provider), provider.parameters()));

    ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 29), 1e-6,
        1e-6);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void everyObjective_rejectsANanRewardBeforeComputing(ObjectiveProvider provider) {
    Objective objective = provider.create(Parameters.defaults(owner(provider), provider.parameters()));
    ObjectiveInput valid = plausibleInput(objective.inputs(), longerTrajectories(), 31);
    double[] logRewards = valid.trajectories().logRewards();
    logRewards[2] = Double.NaN;
    Trajectories broken = new Trajectories(valid.trajectories().states(), valid.trajectories().actions(),
        offsets(valid.trajectories()), logRewards);
    Map<Term, double[]> values = new java.util.HashMap<>();
    objective.inputs().forEach(term -> values.put(term, valid.get(term)));
    if (values.containsKey(Term.STATE_LOG_REWARD)) {
      values.get(Term.STATE_LOG_REWARD)[valid.trajectories().terminalRow(2)] = Double.NaN;
    }

    assertThatThrownBy(() -> objective.evaluate(new ObjectiveInput(broken, values)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("log-reward NaN")
        .hasMessageContaining("must be finite");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void everyObjective_rejectsAnEmptyBatch(ObjectiveProvider provider) {
    Objective objective = provider.create(Parameters.defaults(owner(provider), provider.parameters()));
    Trajectories empty = new Trajectories(TestBatches.CHAIN.states(0, new int[0]), new int[0], new int[] {0},
        new double[0]);
    ObjectiveInput input = plausibleInput(objective.inputs(), empty, 1);

    assertThatThrownBy(() -> objective.evaluate(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs at least one trajectory");
  }

  private static String owner(ObjectiveProvider provider) {
    return "objective '" + provider.name() + "'";
  }

  private static int[] offsets(Trajectories trajectories) {
    int[] offsets = new int[trajectories.count() + 1];
    for (int i = 0; i < trajectories.count(); i++) {
      offsets[i + 1] = trajectories.end(i);
    }
    return offsets;
  }
}
