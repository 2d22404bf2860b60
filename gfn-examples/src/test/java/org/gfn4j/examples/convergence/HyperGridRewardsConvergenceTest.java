package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.localsearch.LocalSearchConfig;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Trajectory balance learns each HyperGrid reward family beside "original" on the 2x8 grid: the exact terminal
 * distribution of the trained forward policy (dynamic programming over all 64 states) against the normalised reward.
 * Every run uses torchgfn's settings (MLP 256x2 for PF and PB, Adam lr 1e-3, lr_Z 0.1), batch 16, seed 1, on policy,
 * and the smallest budget, in steps of 100 iterations, at which the exact L1 fell below 0.05 in a measured run;
 * bitwise_xor and sparse need exploration, stated at their tests.
 */
class HyperGridRewardsConvergenceTest {
  private static Evaluation train(Map<String, String> grid, int iterations) {
    return train(grid, 16, iterations, Exploration.NONE);
  }

  private static Evaluation train(Map<String, String> grid, int batch, int iterations, Exploration exploration) {
    TrainingResult result = HyperGridRuns.train(HyperGridRuns.spec(grid, batch, iterations, 1e-3, false, exploration,
        0, 1));
    return result.evaluation().orElseThrow();
  }

  @Test
  void cosine_200Iterations_reachesExactL1Below005() {
    // measured: exact L1 0.075 after 100 iterations, 0.0201 after 200; log Z error 0.003
    Evaluation evaluation = train(Map.of("ndim", "2", "height", "8", "reward", "cosine"), 200);
    assertThat(evaluation.logZTrue()).isCloseTo(1.8952597012897192, within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.logZError()).isLessThan(0.05);
  }

  @Test
  void deceptive_400Iterations_reachesExactL1Below005() {
    // measured: exact L1 0.415, 0.174, 0.076, 0.0373 after 100, 200, 300, 400 iterations; log Z error 0.017
    Evaluation evaluation = train(Map.of("ndim", "2", "height", "8", "reward", "deceptive"), 400);
    assertThat(evaluation.logZTrue()).isCloseTo(Math.log(28.4), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.modesFound()).isEqualTo(4);
  }

  @Test
  void uniformRandom_300Iterations_reachesExactL1Below005() {
    // mode_prob 0.1 puts 6 hashed modes on the 2x8 grid (seed 42), log Z = log(6.4 + 12);
    // measured: exact L1 0.605, 0.171, 0.0325 after 100, 200, 300 iterations; log Z error 0.013
    Evaluation evaluation = train(Map.of("ndim", "2", "height", "8", "reward", "uniform_random", "mode_prob", "0.1"),
        300);
    assertThat(evaluation.logZTrue()).isCloseTo(Math.log(18.4), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.modesFound()).isEqualTo(6);
  }

  @Test
  void bitwiseXor_epsilon01_600Iterations_reachesExactL1Below005() {
    // torchgfn's defaults on 2x8 (r0 0.1): the 8 diagonal states x0 == x1 have 111.1, the 56 others 0.1. On policy
    // TB misses two of the diagonal modes (exact L1 0.502 from 500 to 1,000 iterations); with epsilon 0.1 (batch 16)
    // measured: exact L1 1.365, 0.958, 0.309, 0.087, 0.060, 0.0200 after 100 .. 600 iterations; log Z error 0.005
    Evaluation evaluation = train(Map.of("ndim", "2", "height", "8", "reward", "bitwise_xor"), 16, 600,
        new Exploration(0.1, 1, 0));
    assertThat(evaluation.logZTrue()).isCloseTo(Math.log(8 * 111.1 + 56 * 0.1), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.modesFound()).isEqualTo(8);
  }

  @Test
  void multiplicativeCoprime_500Iterations_reachesExactL1Below005() {
    // torchgfn's defaults on 2x8: the 25 states whose coordinates + 1 are in {1, 2, 3, 5, 6} have 111.1;
    // measured: exact L1 1.221, 0.639, 0.143, 0.078, 0.0431 after 100 .. 500 iterations; log Z error 0.011
    Evaluation evaluation = train(Map.of("ndim", "2", "height", "8", "reward", "multiplicative_coprime"), 500);
    assertThat(evaluation.logZTrue()).isCloseTo(Math.log(25 * 111.1 + 39 * 0.1), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.modesFound()).isEqualTo(25);
  }

  @Test
  void conditionalMultiscale_600Iterations_reachesExactL1Below005() {
    // base 2 (8 = 2^3, torchgfn's base 4 needs a power of 4): 111.1 at the origin, 11.1 on 3, 1.1 on 12 states;
    // measured: exact L1 0.167, 0.092, 0.088, 0.103, 0.051, 0.0265 after 100 .. 600 iterations; log Z error 0.013
    Evaluation evaluation = train(Map.of("ndim", "2", "height", "8", "reward", "conditional_multiscale", "base", "2"),
        600);
    assertThat(evaluation.logZTrue()).isCloseTo(Math.log(162.4), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.modesFound()).isEqualTo(evaluation.modesTotal()).isEqualTo(1); // the highest reward's
  }

  @Test
  void corrupted_800Iterations_reachesExactL1Below005() {
    // corruption 0.2 (corruption_seed 137) of the conditional_multiscale base above: 111.1, 4 x 11.1, 11 x 1.1;
    // measured: exact L1 0.386, 0.347, 0.286, 0.239, 0.157, 0.157, 0.071, 0.0407 after 100 .. 800 iterations;
    // log Z error 0.014
    Evaluation evaluation = train(Map.of("ndim", "2", "height", "8", "reward", "corrupted", "base", "2"), 800);
    assertThat(evaluation.logZTrue()).isCloseTo(5.149817358229592, within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.modesFound()).isEqualTo(evaluation.modesTotal()).isEqualTo(1);
  }

  @Test
  void sparse_withLocalSearch_lr3e3_1300Iterations_reachesExactL1Below005() {
    // sparse has 3 targets, (1, 6), (6, 1), (6, 6), of reward 1 + 1e-12 against 1e-12 elsewhere: the exact
    // distribution is 1/3 on each. On policy (batch 16, 1,000 iterations) TB settles on one target: L1 4/3. With
    // epsilon 0.5, batch 32 and a uniform PB it was 0.605 after 1,500 iterations at lr 1e-3. What gets it below 0.05
    // is one loop of local search (torchgfn's back-and-forth, 2 PB steps, Metropolis-Hastings, trained on the
    // accepted trajectories) with lr 3e-3: measured exact L1 1.891, 1.330, 1.314, 0.541, 0.338, 0.177, 0.177, 0.194,
    // 0.115, 0.073, 0.058, 0.0194 after 200 .. 1,300 iterations (log Z error 0.019; 0.0007 after 1,500), about
    // 30 s; seeds 2 and 3: 0.0017 and 0.0111 after 1,300. Tried and not enough (seed 1, 1,500 iterations, lr 1e-3
    // unless said): a prioritized replay buffer of 64 (0.418), a terminal one (0.174), epsilon decaying linearly to
    // 0 (0.667), local search alone (0.037; 0.0019 after 2,000), two loops (0.034), 4 steps (0.105); lr 3e-3 alone
    // or with a terminal buffer reach 0.011 and 0.022 after 1,300 with seed 1, but 0.16 and 0.03 (seed 2), 0.10 and
    // 0.14 (seed 3) after 1,500
    Map<String, String> grid = Map.of("ndim", "2", "height", "8", "reward", "sparse");
    RunSpec spec = HyperGridRuns.spec(grid, 32, 1300, 3e-3, true, new Exploration(0.5, 1, 0), 0, 1);
    spec = spec.withTraining(spec.training().withLocalSearch(new LocalSearchConfig(1, 2,
        LocalSearchConfig.Acceptance.METROPOLIS_HASTINGS, LocalSearchConfig.TrainedOn.ACCEPTED)));
    Evaluation evaluation = HyperGridRuns.train(spec).evaluation().orElseThrow();
    assertThat(evaluation.logZTrue()).isCloseTo(Math.log(3 + 64e-12), within(1e-9));
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.modesFound()).isEqualTo(3);
  }
}
