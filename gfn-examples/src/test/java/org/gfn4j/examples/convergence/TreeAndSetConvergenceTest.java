package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingResult;
import org.gfn4j.envs.set.SetAddition;
import org.gfn4j.envs.tree.PerfectTree;
import org.junit.jupiter.api.Test;

/**
 * Trajectory balance learns torchgfn's PerfectBinaryTree ("perfect-tree", one trajectory per leaf) and SetAddition
 * ("set-addition", a DAG with k! trajectories per set of k items): the exact terminal distribution of the trained
 * forward policy (dynamic programming over every state) is within L1 0.05 of the normalised reward. Budget: PF an
 * MLP 256x2, Adam lr 1e-3, lr_Z 0.1, batch 16, seed 1, default rewards (seeded tables, seed 0); each budget is
 * about the smallest that shows it, measured values in comments (a few seconds each on 2 cores).
 */
class TreeAndSetConvergenceTest {
  private static final PluginChoice MLP = new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2"));

  private static TrainingResult train(String env, Map<String, String> options, PluginChoice backward,
      int iterations) {
    TrainingConfig training = new TrainingConfig(iterations, 16, 1e-3, 0.1, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, 0, 1);
    return HyperGridRuns.train(new RunSpec(new PluginChoice(env, options), MLP, backward, PluginChoice.of("tb"),
        PluginChoice.of("env"), training, 0));
  }

  @Test
  void perfectTreeDepth4_120Iterations_reachesExactL1Below005() {
    // 120 x 16 = 1,920 trajectories, uniform PB (exact on a tree): L1 0.0079, log Z 2.9839 (true 2.979168).
    // At 60 iterations L1 is 0.126, at 250 below 1e-4.
    Map<String, String> options = Map.of("depth", "4");
    TrainingResult result = train("perfect-tree", options, PluginChoice.of("uniform"), 120);
    Evaluation evaluation = result.evaluation().orElseThrow();
    assertThat(evaluation.logZTrue())
        .isCloseTo(PerfectTree.of(options).closedFormLogPartition().getAsDouble(), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(result.logZ()).isCloseTo(evaluation.logZTrue(), within(0.05));
    assertThat(evaluation.modesFound()).isEqualTo(1);
  }

  @Test
  void setAddition6Items3_250Iterations_uniformPb_reachesExactL1Below005() {
    // 42 terminal sets (sizes 0..3); 250 x 16 = 4,000 trajectories: L1 0.0134, log Z 3.9391 (true 3.939931).
    // At 120 iterations L1 is 0.087.
    Map<String, String> options = Map.of("n_items", "6", "max_items", "3");
    TrainingResult result = train("set-addition", options, PluginChoice.of("uniform"), 250);
    Evaluation evaluation = result.evaluation().orElseThrow();
    assertThat(evaluation.logZTrue())
        .isCloseTo(SetAddition.of(options).closedFormLogPartition().getAsDouble(), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(result.logZ()).isCloseTo(evaluation.logZTrue(), within(0.05));
  }

  @Test
  void setAddition6Items3_400Iterations_learnedPb_reachesExactL1Below005() {
    // PB an MLP 256x2 too: 400 x 16 = 6,400 trajectories: L1 0.0082, log Z 3.9414. At 200 iterations L1 is 0.032.
    Map<String, String> options = Map.of("n_items", "6", "max_items", "3");
    Evaluation evaluation = train("set-addition", options, MLP, 400).evaluation().orElseThrow();
    assertThat(evaluation.l1()).isLessThan(0.05);
  }

  @Test
  void setAdditionFixedLength6Items4_120Iterations_reachesExactL1Below005() {
    // 15 terminal sets of exactly 4 items; 120 x 16 = 1,920 trajectories, uniform PB: L1 0.021, log Z 2.7534
    // (true 2.748095). At 60 iterations L1 is 0.060.
    Map<String, String> options = Map.of("n_items", "6", "max_items", "4", "fixed_length", "true");
    TrainingResult result = train("set-addition", options, PluginChoice.of("uniform"), 120);
    Evaluation evaluation = result.evaluation().orElseThrow();
    assertThat(evaluation.logZTrue())
        .isCloseTo(SetAddition.of(options).closedFormLogPartition().getAsDouble(), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(result.logZ()).isCloseTo(evaluation.logZTrue(), within(0.05));
  }
}
