package org.gfn4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.gfn4j.core.sampling.Sampler;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The metrics that need no enumeration, checked where enumeration is possible: on a 3x3 TinyGrid with a random
 * MLP forward policy and a uniform backward policy, against the exact terminal distribution.
 */
class SampledMetricsEvaluatorTest {
  private final TinyGrid grid = new TinyGrid(3);
  private final RewardFunction reward = new EnvironmentRewardProvider().create(null, grid);
  private final GFlowNet model = new GFlowNet(grid, reward,
      new Mlp(new int[] {6, 16, 3}, Activation.RELU, DataType.FLOAT, new RandomStream(3)),
      new UniformEstimator(6, 2), 0);
  private final ExactEvaluator exact = new ExactEvaluator(grid, reward, 0, new RandomStream(1));

  @Test
  void trajectoryLogPf_isWhatTheSamplerRecorded_andLogPbOfAUniformPb_countsTheParents() {
    TrainingBatch batch = Sampler.of(grid, model.forwardPolicy(), reward).sampleBatch(50, Exploration.NONE,
        new RandomStream(5));
    Trajectories trajectories = batch.trajectories();
    TrajectoryLogProbabilities logProbs = TrajectoryLogProbabilities.of(model, trajectories);
    double[] recorded = batch.recordedLogPf();
    DiscreteStates states = trajectories.discreteStates();
    for (int i = 0; i < trajectories.count(); i++) {
      double sampled = 0; // the sampler records log PF per transition
      for (int t = trajectories.start(i); t < trajectories.end(i); t++) {
        sampled += recorded[t];
      }
      assertThat(logProbs.logPf()[i]).isCloseTo(sampled, within(1e-5));
      double expected = 0; // each state after a step has one parent per non-zero coordinate
      for (int t = trajectories.start(i) + 1; t < trajectories.end(i); t++) {
        expected -= Math.log((states.get(t, 0) > 0 ? 1 : 0) + (states.get(t, 1) > 0 ? 1 : 0));
      }
      assertThat(logProbs.logPb()[i]).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void rewardMean_bounds_andCorrelation_agreeWithTheExactDistribution() {
    SampledMetricsEvaluator sampled = new SampledMetricsEvaluator(grid, model, 20_000, 5, 9, 64,
        new RandomStream(8));
    Evaluation e = sampled.evaluate(model);
    double[] learned = exact.terminalDistribution(model.forwardPolicy());
    DiscreteStates all = grid.allStates();
    double[] logRewards = grid.logReward(all);
    double rewardMean = 0;
    for (int s = 0; s < learned.length; s++) {
      rewardMean += learned[s] * Math.exp(logRewards[s]);
    }
    assertThat(e.get(SampledMetricsEvaluator.REWARD_MEAN)).isCloseTo(rewardMean, within(0.03 * rewardMean));
    assertThat(e.get(SampledMetricsEvaluator.REWARD_TOPK)).isCloseTo(7, within(1e-9)); // R(2, 2) = 1 + 2 + 4
    double logZ = exact.logZTrue();
    assertThat(e.get(SampledMetricsEvaluator.ELBO)).isLessThan(logZ - 0.01);
    assertThat(e.get(SampledMetricsEvaluator.EUBO)).isGreaterThan(logZ + 0.01);
    assertThat(e.get(Evaluation.MODES_FOUND)).isNaN(); // TinyGrid declares no mode threshold

    // the held-out set's importance-sampled log p against the exact one, by the correlation each gives
    double[] heldOutLogP = new double[sampled.heldOutSize()];
    for (int i = 0; i < heldOutLogP.length; i++) {
      heldOutLogP[i] = Math.log(learned[grid.indexOf(sampled.heldOut(), i)]);
    }
    double exactCorrelation = SampledMetricsEvaluator.pearson(sampled.heldOutLogRewards(), heldOutLogP);
    assertThat(e.get(SampledMetricsEvaluator.LOGP_LOGR_CORR)).isCloseTo(exactCorrelation, within(0.02));
  }

  @Test
  void aRestoredEvaluator_continuesWithTheSameEvaluations() throws IOException {
    SampledMetricsEvaluator first = new SampledMetricsEvaluator(grid, model, 64, new RandomStream(4));
    first.evaluate(model);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    first.writeState(new DataOutputStream(bytes));
    Evaluation expected = first.evaluate(model);
    SampledMetricsEvaluator second = new SampledMetricsEvaluator(grid, model, 64, new RandomStream(4));
    second.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(second.evaluate(model)).isEqualTo(expected);
  }

  @Test
  void helpers_computeWhatTheySay() {
    assertThat(SampledMetricsEvaluator.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6})).isCloseTo(1,
        within(1e-12));
    assertThat(SampledMetricsEvaluator.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isCloseTo(-1,
        within(1e-12));
    assertThat(SampledMetricsEvaluator.pearson(new double[] {1, 1}, new double[] {1, 2})).isNaN();
    // weights e^0 and e^1 on values 0 and 1: (0 * 1 + 1 * e) / (1 + e)
    assertThat(SampledMetricsEvaluator.selfNormalisedMean(new double[] {0, 1})).isCloseTo(Math.E / (1 + Math.E),
        within(1e-12));
  }
}
