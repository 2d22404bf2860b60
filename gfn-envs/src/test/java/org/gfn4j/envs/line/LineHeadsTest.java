package org.gfn4j.envs.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;
import org.junit.jupiter.api.Test;

class LineHeadsTest {
  private static final Line LINE = Line.of(Map.of());
  private static final double H = 1e-6;

  private static double[] randomOutputs(int rows, SplittableRandom random) {
    double[] outputs = new double[2 * rows];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = 2 * random.nextGaussian();
    }
    return outputs;
  }

  /** States at random x and step counts in [1, n_steps - 1]. */
  private static ContinuousStates middleStates(int rows, SplittableRandom random) {
    double[] values = new double[2 * rows];
    for (int row = 0; row < rows; row++) {
      values[2 * row] = 3 * random.nextGaussian();
      values[2 * row + 1] = 1 + random.nextInt(LINE.nSteps() - 1);
    }
    return LINE.states(values);
  }

  private static void checkGradient(PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates states,
      double[] outputs, VectorActions actions, SplittableRandom random) {
    double[] upstream = new double[states.size()];
    for (int row = 0; row < upstream.length; row++) {
      upstream[row] = random.nextGaussian();
    }
    double[] analytic = new double[outputs.length];
    head.logProbabilities(states, outputs, actions).addGradient(upstream, analytic);
    for (int i = 0; i < outputs.length; i++) {
      double[] plus = outputs.clone();
      double[] minus = outputs.clone();
      plus[i] += H;
      minus[i] -= H;
      double[] up = head.logProbabilities(states, plus, actions).values();
      double[] down = head.logProbabilities(states, minus, actions).values();
      double numeric = 0;
      for (int row = 0; row < upstream.length; row++) {
        numeric += upstream[row] * (up[row] - down[row]) / (2 * H);
      }
      assertThat(analytic[i]).as("%s gradient of output %d", head.name(), i)
          .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(11);
    for (PolicyHead<ContinuousStates, VectorActions> head : List.of(LINE.forwardHead(), LINE.backwardHead())) {
      for (int trial = 0; trial < 5; trial++) {
        ContinuousStates states = middleStates(12, random);
        double[] outputs = randomOutputs(12, random);
        VectorActions actions = head.sample(states, outputs, new Exploration(0.5, 1.5), random).actions();
        checkGradient(head, states, outputs, actions, random);
      }
    }
  }

  @Test
  void forcedMovesHaveLogProbabilityZeroAndNoGradient() {
    SplittableRandom random = new SplittableRandom(5);
    // forward: the exit at step 5 is forced; backward: the step from step 1 to s0 is forced
    ContinuousStates states = LINE.states(2.5, 5, 1.25, 1, 0.5, 3);
    double[] outputs = randomOutputs(3, random);
    SampledActions<VectorActions> forward = LINE.forwardHead().sample(states, outputs, Exploration.NONE, random);
    assertThat(forward.actions().isExit(0)).isTrue();
    assertThat(forward.actions().isExit(1)).isFalse();
    assertThat(forward.logProbabilities()[0]).isZero();
    SampledActions<VectorActions> backward = LINE.backwardHead().sample(states, outputs, Exploration.NONE, random);
    assertThat(backward.actions().get(1, 0)).isEqualTo(1.25);
    assertThat(backward.logProbabilities()[1]).isZero();
    assertThat(LINE.backwardStep(states.select(new int[] {1}), backward.actions().select(new int[] {1})).row(0))
        .containsExactly(0, 0);
    LogProbabilities fwd = LINE.forwardHead().logProbabilities(states, outputs, forward.actions());
    LogProbabilities bwd = LINE.backwardHead().logProbabilities(states, outputs, backward.actions());
    assertThat(fwd.values()[0]).isZero();
    assertThat(bwd.values()[1]).isZero();
    double[] gradient = new double[6];
    fwd.addGradient(new double[] {1, 0, 0}, gradient);
    bwd.addGradient(new double[] {0, 1, 0}, gradient);
    assertThat(gradient).containsOnly(0);
    checkGradient(LINE.forwardHead(), states, outputs, forward.actions(), random);
    checkGradient(LINE.backwardHead(), states, outputs, backward.actions(), random);
  }

  @Test
  void sampledLogProbabilitiesAreThoseOfTheActions() {
    SplittableRandom random = new SplittableRandom(17);
    for (PolicyHead<ContinuousStates, VectorActions> head : List.of(LINE.forwardHead(), LINE.backwardHead())) {
      ContinuousStates states = middleStates(64, random);
      double[] outputs = randomOutputs(64, random);
      SampledActions<VectorActions> sampled = head.sample(states, outputs, Exploration.NONE, random);
      double[] values = head.logProbabilities(states, outputs, sampled.actions()).values();
      for (int row = 0; row < 64; row++) {
        assertThat(sampled.logProbabilities()[row]).isCloseTo(values[row], within(1e-12));
        if (head == LINE.backwardHead() && states.get(row, 1) == 1) {
          assertThat(values[row]).isZero();
          continue;
        }
        GaussianStepHead gaussian = (GaussianStepHead) head;
        double expected = new NormalDistribution(outputs[2 * row], gaussian.std(outputs[2 * row + 1]))
            .logDensity(sampled.actions().get(row, 0));
        assertThat(values[row]).isCloseTo(expected, within(1e-10));
      }
    }
  }

  @Test
  void samplesFollowTheDensityUnderEachExploration() {
    int n = 4000;
    double mean = 0.7;
    double raw = -0.4;
    double[] outputs = new double[2 * n];
    double[] values = new double[2 * n];
    for (int row = 0; row < n; row++) {
      outputs[2 * row] = mean;
      outputs[2 * row + 1] = raw;
      values[2 * row] = 1.5;
      values[2 * row + 1] = 2;
    }
    ContinuousStates states = LINE.states(values);
    GaussianStepHead forward = (GaussianStepHead) LINE.forwardHead();
    double std = forward.std(raw);
    assertThat(std).isCloseTo(0.1 + 0.9 / (1 + Math.exp(0.4)), within(1e-15));
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    SplittableRandom random = new SplittableRandom(23);
    for (PolicyHead<ContinuousStates, VectorActions> head : List.of(LINE.forwardHead(), LINE.backwardHead())) {
      for (Exploration exploration : List.of(Exploration.NONE, new Exploration(0.5, 2), new Exploration(1, 1, 3))) {
        double explored = exploration.temperature() * std + exploration.epsilon() * 2.0;
        SampledActions<VectorActions> sampled = head.sample(states, outputs, exploration, random);
        NormalDistribution density = new NormalDistribution(mean, explored);
        double[] steps = sampled.actions().values();
        assertThat(ks.kolmogorovSmirnovTest(density, steps)).as("%s %s", head.name(), exploration)
            .isGreaterThan(1e-3);
        for (int row = 0; row < 50; row++) {
          assertThat(sampled.logProbabilities()[row]).isCloseTo(density.logDensity(steps[row]), within(1e-10));
        }
      }
    }
  }

  @Test
  void invalidOutputsAndActionsAreRejectedWithTheRow() {
    ContinuousStates states = LINE.states(1, 2, 2, 3);
    double[] bad = {0, 0, Double.NaN, 0};
    assertThatThrownBy(() -> LINE.forwardHead().sample(states, bad, Exploration.NONE, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 of 2 for state [2.0, 3.0] give no valid Gaussian");
    double[] nanStd = {0, Double.NaN, 0, 0};
    assertThatThrownBy(() -> LINE.backwardHead().logProbabilities(states, nanStd, VectorActions.of(1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0 of 2 for state [1.0, 2.0] give no valid Gaussian");
    VectorActions exits = new VectorActions(1, new double[2], new boolean[] {false, true});
    assertThatThrownBy(() -> LINE.forwardHead().logProbabilities(states, new double[4], exits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forward action exit at step 3 of 5 for state [2.0, 3.0]")
        .hasMessageContaining("the exit is only allowed at step 5");
    ContinuousStates last = LINE.states(1, 5);
    assertThatThrownBy(() -> LINE.forwardHead().logProbabilities(last, new double[2], VectorActions.of(1, 0.2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(row 0 of 1): only the exit is allowed");
    assertThatThrownBy(() -> LINE.backwardHead().sample(LINE.initialStates(1), new double[2], Exploration.NONE,
        new SplittableRandom(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is the initial state, which has no backward move");
  }

  @Test
  void randomRolloutForwardToTheExitAndBackToTheInitialState() {
    SplittableRandom random = new SplittableRandom(29);
    int n = 32;
    ContinuousStates states = LINE.initialStates(n);
    List<ContinuousStates> visited = new ArrayList<>(List.of(states));
    double[] logPf = new double[n];
    int moves = 0;
    while (true) {
      double[] outputs = randomOutputs(n, random);
      SampledActions<VectorActions> sampled = LINE.forwardHead().sample(states, outputs, new Exploration(0.3, 1),
          random);
      if (sampled.actions().exitCount() > 0) {
        assertThat(sampled.actions().exitCount()).isEqualTo(n);
        assertThat(sampled.logProbabilities()).containsOnly(0);
        break;
      }
      for (int row = 0; row < n; row++) {
        logPf[row] += sampled.logProbabilities()[row];
      }
      states = LINE.step(states, sampled.actions());
      visited.add(states);
      moves++;
    }
    assertThat(moves).isEqualTo(LINE.nSteps());
    for (int row = 0; row < n; row++) {
      assertThat(states.get(row, 1)).isEqualTo(5);
      assertThat(logPf[row]).isFinite();
    }
    assertThat(Arrays.stream(LINE.logReward(states)).allMatch(Double::isFinite)).isTrue();
    // back with the backward head: Gaussian steps, then the forced step to s0
    ContinuousStates back = states;
    for (int t = LINE.nSteps(); t >= 1; t--) {
      double[] outputs = randomOutputs(n, random);
      SampledActions<VectorActions> sampled = LINE.backwardHead().sample(back, outputs, Exploration.NONE, random);
      double[] check = LINE.backwardHead().logProbabilities(back, outputs, sampled.actions()).values();
      for (int row = 0; row < n; row++) {
        assertThat(sampled.logProbabilities()[row]).isCloseTo(check[row], within(1e-12));
        if (t == 1) {
          assertThat(check[row]).isZero();
        }
      }
      back = LINE.backwardStep(back, sampled.actions());
      for (int row = 0; row < n; row++) {
        assertThat(back.get(row, 1)).isEqualTo(t - 1);
        assertThat(back.isInitial(row)).isEqualTo(t == 1);
      }
    }
    for (int row = 0; row < n; row++) {
      assertThat(back.sameState(row, LINE.initialStates(n), row)).isTrue();
    }
    assertThat(visited).hasSize(LINE.nSteps() + 1);
  }
}
