package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.localsearch.LocalSearchConfig;
import org.gfn4j.core.nn.TabularEstimator;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.Trainer;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingListener;
import org.gfn4j.core.train.TrainingResult;
import org.junit.jupiter.api.Test;

/** Training with back-and-forth local search, and tabular policies on large enumerable grids. */
class LocalSearchAndTabularTest {
  private static final RunFactory FACTORY = new RunFactory(PluginRegistry.discover());

  private static RunSpec spec(String env, Map<String, String> options, String policy, int iterations,
      LocalSearchConfig search) {
    TrainingConfig training = new TrainingConfig(iterations, 16, 1e-3, null, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, ReplayConfig.NONE, 0, 7).withLocalSearch(search);
    PluginChoice estimator = policy.equals("mlp") ? new PluginChoice("mlp", Map.of("hidden", "32")) : PluginChoice.of(
        policy);
    return new RunSpec(new PluginChoice(env, options), estimator, estimator, PluginChoice.of("tb"),
        PluginChoice.of("env"), training, 0);
  }

  private record Outcome(List<Double> losses, List<Integer> batchSizes, TrainingResult result) {}

  private static Outcome train(RunSpec spec) {
    TrainingRun run = FACTORY.create(spec);
    List<Double> losses = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    TrainingResult result = run.trainer(List.of(new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        losses.add(report.loss());
        sizes.add(report.batch().count());
      }
    })).run();
    return new Outcome(losses, sizes, result);
  }

  @Test
  void localSearch_trainsOnHyperGrid_andReplaysExactly() {
    LocalSearchConfig search = new LocalSearchConfig(2, 2, LocalSearchConfig.Acceptance.METROPOLIS_HASTINGS,
        LocalSearchConfig.TrainedOn.ACCEPTED);
    RunSpec spec = spec("hypergrid", Map.of("ndim", "2", "height", "8"), "mlp", 60, search);
    Outcome first = train(spec);
    assertThat(first.batchSizes()).hasSize(60).containsOnly(16 * 3); // the fresh batch and one per round
    assertThat(first.losses()).allMatch(Double::isFinite);
    double early = first.losses().subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double late = first.losses().subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(late).as("the loss falls").isLessThan(early);
    assertThat(first.result().evaluation().orElseThrow().metrics().get(Evaluation.L1_EXACT)).isFinite();
    Outcome second = train(spec);
    assertThat(second.losses()).containsExactlyElementsOf(first.losses());
    assertThat(second.result().logZ()).isEqualTo(first.result().logZ());
    assertThat(second.result().evaluation()).isEqualTo(first.result().evaluation());

    LocalSearchConfig greedy = new LocalSearchConfig(1, 3, LocalSearchConfig.Acceptance.GREEDY,
        LocalSearchConfig.TrainedOn.PROPOSED);
    Outcome other = train(spec("hypergrid", Map.of("ndim", "2", "height", "8"), "mlp", 5, greedy));
    assertThat(other.batchSizes()).containsOnly(16 * 2);
  }

  @Test
  void localSearch_onAContinuousEnvironment_isRefusedInOneLine() {
    LocalSearchConfig search = new LocalSearchConfig(1, 2, LocalSearchConfig.Acceptance.GREEDY,
        LocalSearchConfig.TrainedOn.ACCEPTED);
    assertThatThrownBy(() -> FACTORY.create(spec("box", Map.of(), "mlp", 1, search)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("local search walks back with the discrete backward sampler, but environment 'box' is "
            + "continuous; remove --local-search");
  }

  @Test
  void tabular_onAMillionStateGrid_trainsTwentyIterationsQuickly() {
    RunSpec spec = spec("hypergrid", Map.of("ndim", "2", "height", "1000"), "tabular", 20, null);
    long start = System.nanoTime();
    TrainingRun run = FACTORY.create(spec);
    Trainer trainer = new Trainer(run.model(), run.objective(), spec.training(), java.util.Optional.empty(),
        java.util.Optional.empty(), List.of()); // no exact evaluation of a million states: only the table is timed
    TrainingResult result = trainer.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(result.iterations()).isEqualTo(20);
    assertThat(result.finalLoss()).isFinite();
    assertThat(run.model().forwardPolicy().describe()).isEqualTo("tabular 1000000x3");
    assertThat(seconds).as("a guard, not a benchmark").isLessThan(30);
  }

  @Test
  void tabular_beyondItsLimit_isRefusedInOneLine_namingTheEnvironmentTheCountAndTheLimit() {
    assertThatThrownBy(() -> FACTORY.create(spec("hypergrid", Map.of("ndim", "3", "height", "200"), "tabular", 1,
        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy 'tabular' keeps one row per state, but environment 'hypergrid' has 8000000 states, more "
            + "than the " + TabularEstimator.MAX_STATES + " a table holds; use policy 'mlp'");
    assertThatThrownBy(() -> FACTORY.create(spec("hypergrid", Map.of("ndim", "4", "height", "100"), "tabular", 1,
        null)))
        .hasMessageStartingWith("policy 'tabular' keeps one row per state, but environment 'hypergrid' has too many "
            + "states to list (")
        .hasMessageContaining("100000000")
        .hasMessageEndingWith("more than the 4000000 a table holds; use policy 'mlp'")
        .message().doesNotContain("\n");
  }
}
