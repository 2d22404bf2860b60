package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Trajectory balance learns HyperGrid: the exact terminal distribution of the trained forward policy (dynamic
 * programming over all states, no sampling noise) is compared with the normalised reward.
 */
class TrajectoryBalanceConvergenceTest {
  @Test
  void hyperGrid2x8_batch16_1000Iterations_reachesExactL1Below005_andLogZ() {
    TrainingResult result = HyperGridRuns.train(HyperGridRuns.spec(2, 16, 1000, 0, 1));
    Evaluation evaluation = result.evaluation().orElseThrow();
    assertThat(evaluation.logZTrue()).isCloseTo(3.109061, within(1e-6));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(result.logZ()).isCloseTo(3.109061, within(0.05));
    assertThat(evaluation.modesFound()).isEqualTo(4);
  }

  @Test
  void hyperGrid4x8_reachesExactL1Below01() {
    // Budget: TB with a uniform PB, MLP 256x2, batch 128, lr 3e-3, lr_Z 0.1, 800 iterations (102,400
    // trajectories), seed 1; about 30 s on 2 cores. It reaches about 0.05.
    TrainingResult result = HyperGridRuns.train(HyperGridRuns.spec(4, 128, 800, 3e-3, true, 0, 1));
    Evaluation evaluation = result.evaluation().orElseThrow();
    assertThat(evaluation.logZTrue()).isCloseTo(6.344934, within(1e-6));
    assertThat(evaluation.l1()).isLessThan(0.1);
    assertThat(evaluation.modesFound()).isEqualTo(16);
  }
}
