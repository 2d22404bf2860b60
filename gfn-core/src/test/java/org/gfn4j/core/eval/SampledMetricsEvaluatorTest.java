package org.gfn4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
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
      heldOutLogP[i] = Math.log(learned[grid.indexOf(sampled.heldOut().orElseThrow(), i)]);
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

  /** Trajectories from the origin to each point, +x moves first, then +y, then the exit. */
  private static Trajectories paths(TinyGrid grid, int[]... points) {
    List<Integer> values = new ArrayList<>();
    List<Integer> actions = new ArrayList<>();
    int[] offsets = new int[points.length + 1];
    for (int i = 0; i < points.length; i++) {
      int[] at = {0, 0};
      for (int d = 0; d < 2; d++) {
        while (at[d] < points[i][d]) {
          values.add(at[0]);
          values.add(at[1]);
          actions.add(d);
          at[d]++;
        }
      }
      values.add(at[0]);
      values.add(at[1]);
      actions.add(grid.exitAction());
      offsets[i + 1] = actions.size();
    }
    DiscreteStates states = grid.states(actions.size(), values.stream().mapToInt(Integer::intValue).toArray());
    int[] terminalRows = new int[points.length];
    for (int i = 0; i < points.length; i++) {
      terminalRows[i] = offsets[i + 1] - 1;
    }
    return new Trajectories(states, actions.stream().mapToInt(Integer::intValue).toArray(), offsets,
        grid.logReward(states.select(terminalRows)));
  }

  /** The modes an evaluator has found, as its state lists them (sorted). */
  private static List<List<Integer>> modesFound(SampledMetricsEvaluator evaluator) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    evaluator.writeState(new DataOutputStream(bytes));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    List<List<Integer>> modes = new ArrayList<>();
    for (int count = in.readInt(), i = 0; i < count; i++) {
      List<Integer> mode = new ArrayList<>();
      for (int width = in.readInt(), d = 0; d < width; d++) {
        mode.add(in.readInt());
      }
      modes.add(mode);
    }
    return modes;
  }

  @Test
  void modesFound_countsTheDistinctStatesWhoseRewardReachesTheGivenThreshold() throws IOException {
    SampledMetricsEvaluator sampled = new SampledMetricsEvaluator(grid, model, 32, OptionalDouble.of(Math.log(5)),
        new RandomStream(2));
    assertThat(sampled.modeLogRewardThreshold()).hasValue(Math.log(5));
    // R = 1 + x + 2y: 7, 5, 7, 4, 3, 5, 1; three distinct states reach 5
    sampled.observe(paths(grid, new int[] {2, 2}, new int[] {0, 2}, new int[] {2, 2}, new int[] {1, 1},
        new int[] {2, 0}, new int[] {2, 1}, new int[] {0, 0}));
    assertThat(modesFound(sampled)).containsExactly(List.of(0, 2), List.of(2, 1), List.of(2, 2));

    Evaluation e = sampled.evaluate(model); // the fresh samples may add (1, 2), R = 6, and nothing below 5
    List<List<Integer>> modes = modesFound(sampled);
    assertThat(modes).contains(List.of(0, 2), List.of(2, 1), List.of(2, 2))
        .allSatisfy(mode -> assertThat(1 + mode.get(0) + 2 * mode.get(1)).isGreaterThanOrEqualTo(5));
    assertThat(e.get(Evaluation.MODES_FOUND)).isEqualTo(modes.size());

    SampledMetricsEvaluator declared = new SampledMetricsEvaluator(grid, model, 32, new RandomStream(2));
    assertThat(declared.modeLogRewardThreshold()).isEmpty(); // TinyGrid declares none: modes_found is NaN
  }

  @Test
  void heldOut_isDrawnByTheEnvironmentsHook_whenItHasOne_andByAUniformRolloutOtherwise() {
    TinyGrid drawing = TinyGrid.drawingTerminalStates(3);
    RewardFunction drawingReward = new EnvironmentRewardProvider().create(null, drawing);
    GFlowNet drawingModel = new GFlowNet(drawing, drawingReward,
        new Mlp(new int[] {6, 16, 3}, Activation.RELU, DataType.FLOAT, new RandomStream(3)),
        new UniformEstimator(6, 2), 0);
    SampledMetricsEvaluator sampled = new SampledMetricsEvaluator(drawing, drawingModel, 16, 5, 40, 64,
        new RandomStream(9));
    DiscreteStates expected = drawing.sampleTerminalStates(40, new RandomStream(9)).orElseThrow();
    assertThat(sampled.heldOut().orElseThrow().toArray()).isEqualTo(expected.toArray());
    assertThat(sampled.heldOutLogRewards()).isEqualTo(drawing.logReward(expected));
    assertThat(new SampledMetricsEvaluator(drawing, drawingModel, 16, 5, 40, 64, new RandomStream(9)).heldOut()
        .orElseThrow().toArray()).as("same seed, same set").isEqualTo(expected.toArray());

    // the correlation over the drawn set agrees with the one the exact log p gives
    ExactEvaluator drawingExact = new ExactEvaluator(drawing, drawingReward, 0, new RandomStream(1));
    double[] learned = drawingExact.terminalDistribution(drawingModel.forwardPolicy());
    double[] heldOutLogP = new double[expected.size()];
    for (int i = 0; i < heldOutLogP.length; i++) {
      heldOutLogP[i] = Math.log(learned[drawing.indexOf(expected, i)]);
    }
    assertThat(sampled.evaluate(drawingModel).get(SampledMetricsEvaluator.LOGP_LOGR_CORR))
        .isCloseTo(SampledMetricsEvaluator.pearson(drawing.logReward(expected), heldOutLogP), within(0.02));

    // without the hook: the terminal states of a uniform-action rollout from the same stream
    SampledMetricsEvaluator rolledOut = new SampledMetricsEvaluator(grid, model, 16, 5, 40, 64, new RandomStream(9));
    Trajectories rollout = Sampler.of(grid, new UniformEstimator(6, 3), reward).sample(40, Exploration.NONE,
        new RandomStream(9));
    assertThat(rolledOut.heldOut().orElseThrow().toArray())
        .isEqualTo(((DiscreteStates) rollout.terminalStates()).toArray());
  }

  @Test
  void trajectoryLogProbabilities_inSeveralPasses_areThoseOfOnePass() {
    Trajectories batch = Sampler.of(grid, model.forwardPolicy(), reward).sample(40, Exploration.NONE,
        new RandomStream(6));
    TrajectoryLogProbabilities whole = TrajectoryLogProbabilities.of(model, batch);
    TrajectoryLogProbabilities parts = TrajectoryLogProbabilities.of(model, batch, 6 * 7); // 7 states a pass
    assertThat(parts.logPf()).containsExactly(whole.logPf(), within(1e-6));
    assertThat(parts.logPb()).containsExactly(whole.logPb(), within(1e-12));
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
