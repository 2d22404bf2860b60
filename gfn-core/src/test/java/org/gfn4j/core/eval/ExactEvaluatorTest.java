package org.gfn4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.junit.jupiter.api.Test;

class ExactEvaluatorTest {
  private final TinyGrid grid = new TinyGrid(3);
  private final RewardFunction reward = new EnvironmentRewardProvider().create(null, grid);
  private final ExactEvaluator evaluator = new ExactEvaluator(grid, reward, 0, new SplittableRandom(0));

  @Test
  void uniformPolicy_terminalDistribution_isComputedByHand() {
    // index = 3x + y. Uniform over allowed actions: at [0,0] three actions, so P(exit) = 1/3.
    double[] p = evaluator.terminalDistribution(new UniformEstimator(6, 3));
    assertThat(p[0]).isCloseTo(1.0 / 3, within(1e-12));
    // [1,0]: reached with 1/3; three actions there.
    assertThat(p[3]).isCloseTo(1.0 / 9, within(1e-12));
    // [2,0]: from [1,0] by +x (1/3 * 1/3); there +x is masked, so two actions and P(exit) = 1/2.
    assertThat(p[6]).isCloseTo(1.0 / 18, within(1e-12));
    // [1,1]: from [1,0] and [0,1] (1/3 each) by one of their three actions: 2/9 reach it, exit 1/3.
    assertThat(p[4]).isCloseTo(2.0 / 27, within(1e-12));
    // [2,2] only allows exit.
    assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void target_isTheNormalisedReward() {
    double[] target = evaluator.targetDistribution();
    double z = 0;
    for (int x = 0; x < 3; x++) {
      for (int y = 0; y < 3; y++) {
        z += 1 + x + 2 * y;
      }
    }
    assertThat(evaluator.logZTrue()).isCloseTo(Math.log(z), within(1e-12));
    assertThat(target[3 * 2 + 1]).isCloseTo((1 + 2 + 2) / z, within(1e-12));
    assertThat(evaluator.modeCount()).isEqualTo(1); // [2,2] has the largest reward, 7
  }

  @Test
  void aModeThreshold_makesEveryStateWhoseRewardReachesItAMode_whateverTheTarget() {
    ExactEvaluator byThreshold = new ExactEvaluator(grid, reward, 0, OptionalDouble.of(Math.log(5)),
        new SplittableRandom(0));
    assertThat(byThreshold.modeCount()).isEqualTo(4); // R = 1 + x + 2y >= 5 at [0,2], [1,2], [2,1], [2,2]
    assertThat(byThreshold.towards(Optional.of(new UniformEstimator(6, 3)), 2.0).modeCount()).isEqualTo(4);
    assertThat(evaluator.towards(Optional.empty(), 2.0).modeCount()).isEqualTo(1);
  }

  @Test
  void towards_aPrior_targetsThePriorTimesTheTemperedReward() {
    // reward 1 + x + 2y on the 3x3 grid; uniform prior; target proportional to p_uniform(x) R(x)^2
    double[] prior = evaluator.terminalDistribution(new UniformEstimator(6, 3));
    ExactEvaluator posterior = evaluator.towards(Optional.of(new UniformEstimator(6, 3)), 2.0);
    double z = 0;
    double[] weights = new double[9];
    for (int x = 0; x < 3; x++) {
      for (int y = 0; y < 3; y++) {
        weights[3 * x + y] = prior[3 * x + y] * Math.pow(1 + x + 2 * y, 2);
        z += weights[3 * x + y];
      }
    }
    assertThat(posterior.logZTrue()).isCloseTo(Math.log(z), within(1e-12));
    double[] target = posterior.targetDistribution();
    for (int s = 0; s < 9; s++) {
      assertThat(target[s]).as("state %d", s).isCloseTo(weights[s] / z, within(1e-12));
    }
    double max = Arrays.stream(weights).max().orElseThrow();
    assertThat(posterior.modeCount()).as("states of maximal target probability")
        .isEqualTo((int) Arrays.stream(weights).filter(w -> w >= max * (1 - 1e-9)).count());
    assertThat(evaluator.targetDistribution()).as("the original evaluator is unchanged")
        .containsExactly(new ExactEvaluator(grid, reward, 0, new SplittableRandom(0)).targetDistribution());
  }

  @Test
  void towards_noPrior_targetsTheTemperedReward() {
    ExactEvaluator tempered = evaluator.towards(Optional.empty(), 0.5);
    double z = 0;
    for (int x = 0; x < 3; x++) {
      for (int y = 0; y < 3; y++) {
        z += Math.sqrt(1 + x + 2 * y);
      }
    }
    assertThat(tempered.logZTrue()).isCloseTo(Math.log(z), within(1e-12));
    assertThat(tempered.targetDistribution()[3 * 2 + 1]).isCloseTo(Math.sqrt(5) / z, within(1e-12));
    assertThat(evaluator.towards(Optional.empty(), 1.0).targetDistribution())
        .containsExactly(evaluator.targetDistribution(), within(1e-15));
  }

  @Test
  void divergences_ofKnownDistributions() {
    double[] p = {0.5, 0.5, 0};
    double[] q = {0.25, 0.25, 0.5};
    assertThat(Divergences.l1(p, q)).isCloseTo(1.0, within(1e-12));
    assertThat(Divergences.kl(p, q)).isCloseTo(Math.log(2), within(1e-12));
    assertThat(Divergences.kl(q, p)).isInfinite();
    double m1 = 0.375;
    double expectedJsd = 0.5 * (2 * 0.5 * Math.log(0.5 / m1)) + 0.5 * (2 * 0.25 * Math.log(0.25 / m1) + 0.5 * Math.log(2));
    assertThat(Divergences.jsd(p, q)).isCloseTo(expectedJsd, within(1e-12));
    assertThat(Divergences.jsd(p, p)).isZero();
  }

  @Test
  void sampledL1_convergesToTheExactL1OfTheSamePolicy() {
    TinyGrid grid4 = new TinyGrid(4);
    RewardFunction reward4 = new EnvironmentRewardProvider().create(null, grid4);
    ExactEvaluator evaluator4 = new ExactEvaluator(grid4, reward4, 0, new SplittableRandom(0));
    UniformEstimator uniform = new UniformEstimator(8, 3);
    var model = new org.gfn4j.core.model.GFlowNet(grid4, reward4, uniform, new UniformEstimator(8, 2), 0);
    double exact = Divergences.l1(evaluator4.terminalDistribution(uniform), evaluator4.targetDistribution());
    double sampled = evaluator4.sampledL1(model, 200_000, new SplittableRandom(1));
    assertThat(exact).isGreaterThan(0.3);
    // 16 states, 200,000 samples: the histogram's own L1 noise is about 0.01
    assertThat(sampled).isCloseTo(exact, within(0.02));
  }
}
