package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.TrainingConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Trajectory balance on HyperGrid 2x8 still learns the target (exact L1 < 0.05) with each replay buffer, with a
 * tied PF/PB trunk and with tabular estimators. Budget for each: batch 16, seed 1, the iterations and learning
 * rate in the table (a table's entries move independently, so they take a larger step and more iterations).
 */
class TrainingVariantsConvergenceTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "uniform replay buffer,         mlp,     false, 1000, uniform,     1000, 1e-3",
      "prioritized replay buffer,     mlp,     false, 1000, prioritized, 1000, 1e-3",
      "terminal-state replay buffer,  mlp,     false, 1000, terminal,    1000, 1e-3",
      "tied trunk,                    mlp,     true,  0,    uniform,     1000, 1e-3",
      "tabular estimators,            tabular, false, 0,    uniform,     2000, 1e-2"})
  void trajectoryBalance_variant_reachesExactL1Below005(String variant, String policy, boolean tied, int capacity,
      String bufferKind, int iterations, double learningRate) {
    TrainingConfig training = new TrainingConfig(iterations, 16, learningRate, null, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, new ReplayConfig(capacity, ReplayConfig.Kind.of(bufferKind)), 0, 1);
    PluginChoice estimator = policy.equals("mlp") ? new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2"))
        : PluginChoice.of(policy);
    RunSpec spec = new RunSpec(new PluginChoice("hypergrid", Map.of("ndim", "2", "height", "8")), estimator, estimator,
        PluginChoice.of("tb"), PluginChoice.of("env"), training, 0, tied, null);
    Evaluation evaluation = HyperGridRuns.train(spec).evaluation().orElseThrow();
    assertThat(evaluation.l1()).as(variant).isLessThan(0.05);
    assertThat(evaluation.logZError()).as(variant).isLessThan(0.1);
  }
}
