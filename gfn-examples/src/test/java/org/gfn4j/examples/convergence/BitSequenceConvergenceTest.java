package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingListener;
import org.gfn4j.core.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Trajectory balance learns the bit sequences: the exact terminal distribution of the trained forward policy (dynamic
 * programming over every state) against the normalised reward, L1 being the sum over the terminal states. The
 * estimators are torchgfn's test script's: MLP 256x2 for PF, PB sharing PF's trunk, log Z from 0.
 */
class BitSequenceConvergenceTest {
  private static final Map<String, String> SEQ8 = Map.of("seq_size", "8", "word_size", "1", "n_modes", "2");
  private static final double LOG_Z_TRUE = 3.003124; // log sum_x e^-d(x), modes 00111100 and 00001111 (seed 0)

  private static RunSpec spec(String env, Map<String, String> options, int iterations, int batch, double lr,
      double lrZ, int evalEvery, long seed) {
    return spec(env, options, 2, iterations, batch, lr, lrZ, evalEvery, seed);
  }

  /** TB with a tied MLP trunk 256 wide with {@code layers} hidden layers (torchgfn's script: 2). */
  private static RunSpec spec(String env, Map<String, String> options, int layers, int iterations, int batch,
      double lr, double lrZ, int evalEvery, long seed) {
    PluginChoice mlp = new PluginChoice("mlp", Map.of("hidden", "256", "layers", Integer.toString(layers)));
    TrainingConfig training = new TrainingConfig(iterations, batch, lr, lrZ, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, ReplayConfig.NONE, evalEvery, seed);
    return new RunSpec(new PluginChoice(env, options), mlp, mlp, PluginChoice.of("tb"), PluginChoice.of("env"),
        training, 0, true, null);
  }

  @Test
  void bitseq8_batch32_1000Iterations_lr1e3_reachesExactL1Below01() {
    // torchgfn's train_bit_sequences.py defaults for the learning rates (lr 1e-3, lr_Z 0.1), its test's budget
    // (1,000 iterations of 32) and seed 1: measured L1 0.0282 and log Z 3.0035 (seed 4444: 0.0177); 15 to 45 s.
    TrainingResult result = HyperGridRuns.train(spec("bitseq", SEQ8, 1000, 32, 1e-3, 0.1, 0, 1));
    Evaluation evaluation = result.evaluation().orElseThrow();

    assertThat(evaluation.logZTrue()).isCloseTo(LOG_Z_TRUE, within(1e-6));
    assertThat(evaluation.l1()).isLessThan(0.1);
    assertThat(result.logZ()).isCloseTo(LOG_Z_TRUE, within(0.05));
  }

  @Test
  void bitseq8_torchgfnTestSettings_lr1e4_withFourHiddenLayers_reachesExactL1Below01() {
    // torchgfn's test_bitsequence settings (1,000 x 32, lr 1e-4, lr_Z 1e-2), its MLP 256 wide with a tied trunk,
    // but 4 hidden layers instead of 2: measured L1 0.0470 with seed 1 (seed 2: 0.0568, seed 4444: 0.0317); 1,024
    // wide with 2 layers: 0.0812; 3 layers: 0.1015. About 30 s on 2 cores.
    TrainingResult result = HyperGridRuns.train(spec("bitseq", SEQ8, 4, 1000, 32, 1e-4, 1e-2, 0, 1));
    assertThat(result.evaluation().orElseThrow().l1()).isLessThan(0.1);
  }

  @Test
  void bitseq8_torchgfnTestSettings_lr1e4_reachAbout017() {
    // torchgfn's test_bitsequence settings (1,000 x 32, lr 1e-4, lr_Z 1e-2) with its architecture (MLP 256 x 2,
    // tied trunk) do not reach L1 0.1 here: measured 0.1681 with seed 1 (0.1758 with seed 4444), log Z 2.975; the
    // policy is still learning at lr 1e-4 (torchgfn itself reaches 0.17; it asserts its own metric, the mean
    // |p - q| over the 256 states, below 0.256, which any policy meets). Four hidden layers reach it (above).
    TrainingResult result = HyperGridRuns.train(spec("bitseq", SEQ8, 1000, 32, 1e-4, 1e-2, 0, 1));
    Evaluation evaluation = result.evaluation().orElseThrow();

    assertThat(evaluation.l1()).isLessThan(0.2);
    assertThat(result.logZ()).isCloseTo(LOG_Z_TRUE, within(0.1));
  }

  @Test
  void bitseqNonauto8_exactL1Decreases() {
    // 8 one-bit positions filled in any order (6,561 states, a DAG), batch 16, lr 1e-3, lr_Z 0.1, seed 1: measured
    // L1 0.253 untrained, then 0.176, 0.127, 0.114 after 100, 200, 300 iterations; about 10 s.
    Map<String, String> options = Map.of("seq_size", "8", "word_size", "1", "n_modes", "2");
    TrainingRun run = HyperGridRuns.FACTORY.create(spec("bitseq-nonauto", options, 300, 16, 1e-3, 0.1, 100, 1));
    List<Double> l1 = new ArrayList<>();
    l1.add(run.evaluator().orElseThrow().evaluate(run.model()).l1());
    TrainingListener history = new TrainingListener() {
      @Override
      public void onEvaluation(int iteration, Evaluation evaluation, IterationReport last) {
        l1.add(evaluation.l1());
      }
    };

    run.trainer(List.of(history)).run();

    System.out.println("bitseq-nonauto exact L1 by 100 iterations: " + l1);
    assertThat(l1).hasSizeGreaterThanOrEqualTo(4);
    for (int i = 1; i < l1.size(); i++) {
      assertThat(l1.get(i)).as("L1 after %d iterations", 100 * i).isLessThan(l1.get(i - 1));
    }
    assertThat(l1.get(l1.size() - 1)).isLessThan(0.6 * l1.get(0));
  }
}
