package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every objective learns HyperGrid 2x8: the exact terminal distribution of the trained forward policy is within
 * L1 0.05 of the normalised reward. Budget for each: MLP 256x2 (PF, and PB / log F where the objective uses
 * them), Adam lr 1e-3 (lr_Z 0.1 where log Z is learned), batch 16, 1000 iterations, seed 1.
 */
class ObjectiveConvergenceTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tb", "db", "subtb", "fm", "mdb", "zvar"})
  void objective_learnsHyperGrid2x8_toExactL1Below005(String objective) {
    PluginChoice mlp = new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2"));
    TrainingConfig training = new TrainingConfig(1000, 16, 1e-3, null, 0, AdamSettings.DEFAULTS, Exploration.NONE,
        ReplayConfig.NONE, 0, 1);
    TrainingRun run = HyperGridRuns.FACTORY.create(new RunSpec(
        new PluginChoice("hypergrid", Map.of("ndim", "2", "height", "8")), mlp, mlp, PluginChoice.of(objective),
        PluginChoice.of("env"), training, 0));
    TrainingResult result = run.trainer(java.util.List.of()).run();
    Evaluation evaluation = result.evaluation().orElseThrow();
    assertThat(evaluation.l1()).as(objective).isLessThan(0.05);
    assertThat(evaluation.modesFound()).as(objective).isEqualTo(4);
    if (run.model().learnsLogZ()) {
      assertThat(evaluation.logZError()).as(objective).isLessThan(0.05);
    }
  }
}
