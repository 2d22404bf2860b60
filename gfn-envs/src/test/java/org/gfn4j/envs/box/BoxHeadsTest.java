package org.gfn4j.envs.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Beta;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;
import org.junit.jupiter.api.Test;

class BoxHeadsTest {
  private static final int K = 3;
  private final Box box = Box.of(Map.of("n_components", Integer.toString(K)));
  private final double delta = box.delta();

  private ContinuousStates states(boolean[] initial, double... values) {
    return new ContinuousStates(box, initial.length, values.clone(), initial.clone(), Conditions.none(initial.length));
  }

  private static double[] randomOutputs(int rows, int width, double scale, SplittableRandom random) {
    double[] outputs = new double[rows * width];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = scale * random.nextGaussian();
    }
    return outputs;
  }

  /** s0 rows, forced-exit rows and free rows for the forward head. */
  private ContinuousStates forwardStates(SplittableRandom random, int rows) {
    double[] values = new double[rows * 2];
    boolean[] initial = new boolean[rows];
    for (int row = 0; row < rows; row++) {
      switch (row % 4) {
        case 0 -> initial[row] = true;
        case 1 -> {
          values[2 * row] = 1 - delta + random.nextDouble() * delta;
          values[2 * row + 1] = random.nextDouble();
        }
        default -> {
          values[2 * row] = random.nextDouble() * (1 - delta) * 0.999;
          values[2 * row + 1] = random.nextDouble() * (1 - delta) * 0.999;
        }
      }
    }
    return states(initial, values);
  }

  /** forced-BTS rows and free rows for the backward head. */
  private ContinuousStates backwardStates(SplittableRandom random, int rows) {
    double[] values = new double[rows * 2];
    for (int row = 0; row < rows; row++) {
      if (row % 3 == 0) {
        values[2 * row] = random.nextDouble() * delta;
        values[2 * row + 1] = random.nextDouble();
      } else {
        values[2 * row] = delta + 1e-3 + random.nextDouble() * (1 - delta - 1e-3);
        values[2 * row + 1] = delta + 1e-3 + random.nextDouble() * (1 - delta - 1e-3);
      }
    }
    return states(new boolean[rows], values);
  }

  private void checkGradient(PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates states,
      SplittableRandom random) {
    int rows = states.size();
    int width = head.outputDim();
    for (int repeat = 0; repeat < 3; repeat++) {
      double[] outputs = randomOutputs(rows, width, 1.5, random);
      VectorActions actions = head.sample(states, outputs, Exploration.NONE, random).actions();
      double[] upstream = new double[rows];
      for (int row = 0; row < rows; row++) {
        upstream[row] = 0.5 + random.nextDouble();
      }
      double[] gradient = new double[rows * width];
      head.logProbabilities(states, outputs, actions).addGradient(upstream, gradient);
      double h = 1e-5;
      for (int j = 0; j < outputs.length; j++) {
        double saved = outputs[j];
        outputs[j] = saved + h;
        double plus = head.logProbabilities(states, outputs, actions).values()[j / width];
        outputs[j] = saved - h;
        double minus = head.logProbabilities(states, outputs, actions).values()[j / width];
        outputs[j] = saved;
        double numeric = upstream[j / width] * (plus - minus) / (2 * h);
        assertThat(gradient[j]).as("output %d of row %d at %s", j % width, j / width, states.format(j / width))
            .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
      }
    }
  }

  @Test
  void forwardGradientMatchesFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(11);
    checkGradient(box.forwardHead(), forwardStates(random, 16), random);
  }

  @Test
  void backwardGradientMatchesFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(12);
    checkGradient(box.backwardHead(), backwardStates(random, 12), random);
  }

  @Test
  void sampledLogProbabilitiesEqualLogProbabilitiesOnPolicy() {
    SplittableRandom random = new SplittableRandom(13);
    for (PolicyHead<ContinuousStates, VectorActions> head : Arrays.asList(box.forwardHead(), box.backwardHead())) {
      ContinuousStates states = head == box.forwardHead() ? forwardStates(random, 64) : backwardStates(random, 64);
      double[] outputs = randomOutputs(64, head.outputDim(), 2.0, random);
      SampledActions<VectorActions> sampled = head.sample(states, outputs, Exploration.NONE, random);
      double[] values = head.logProbabilities(states, outputs, sampled.actions()).values();
      assertThat(sampled.logProbabilities()).containsExactly(values);
      for (int row = 0; row < 64; row++) {
        assertThat(values[row]).isFinite();
        if (head == box.forwardHead() && row % 4 == 1) {
          assertThat(sampled.actions().isExit(row)).isTrue();
          assertThat(values[row]).isZero();
        }
        if (head == box.forwardHead() && row % 4 == 0) {
          assertThat(sampled.actions().isExit(row)).isFalse();
        }
        if (head == box.backwardHead() && row % 3 == 0) {
          assertThat(sampled.actions().row(row)).containsExactly(states.row(row));
          assertThat(values[row]).isZero();
        }
      }
    }
  }

  /** Mixture CDF of coordinate d with mixture logits divided by temperature. */
  private static double mixtureCdf(double[] outputs, int d, double temperature, double r) {
    double[] weights = new double[K];
    double sum = 0;
    for (int k = 0; k < K; k++) {
      weights[k] = Math.exp(outputs[1 + d * K + k] / temperature);
      sum += weights[k];
    }
    double cdf = 0;
    for (int k = 0; k < K; k++) {
      double a = 0.1 + 99.9 * BetaMixtureKernel.sigmoid(outputs[1 + 2 * K + d * K + k]);
      double b = 0.1 + 99.9 * BetaMixtureKernel.sigmoid(outputs[1 + 4 * K + d * K + k]);
      cdf += weights[k] / sum * Beta.regularizedBeta(r, a, b);
    }
    return cdf;
  }

  private static double mixtureDensity(double[] outputs, int d, double temperature, double r) {
    double[] weights = new double[K];
    double sum = 0;
    for (int k = 0; k < K; k++) {
      weights[k] = Math.exp(outputs[1 + d * K + k] / temperature);
      sum += weights[k];
    }
    double density = 0;
    for (int k = 0; k < K; k++) {
      double a = 0.1 + 99.9 * BetaMixtureKernel.sigmoid(outputs[1 + 2 * K + d * K + k]);
      double b = 0.1 + 99.9 * BetaMixtureKernel.sigmoid(outputs[1 + 4 * K + d * K + k]);
      density += weights[k] / sum * Math.exp((a - 1) * Math.log(r) + (b - 1) * Math.log1p(-r) - Beta.logBeta(a, b));
    }
    return density;
  }

  private static double ksStatistic(double[] samples, DoubleUnaryOperator cdf) {
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double statistic = 0;
    for (int i = 0; i < n; i++) {
      if (sorted[i] < 1e-6 || sorted[i] > 1 - 1e-6) {
        continue; // r is clamped to [1e-10, 1 - 1e-10] and rounded there: compare the continuous part only
      }
      double f = cdf.applyAsDouble(sorted[i]);
      statistic = Math.max(statistic, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
    }
    return statistic;
  }

  /** Samples n rows at one state with one output row; checks stop frequency and each coordinate's KS statistic. */
  private void checkSampler(PolicyHead<ContinuousStates, VectorActions> head, double[] state, boolean initial,
      double[] row, Exploration exploration, long seed) {
    int n = 20_000;
    boolean[] flags = new boolean[n];
    Arrays.fill(flags, initial);
    double[] values = new double[2 * n];
    double[] outputs = new double[n * row.length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(state, 0, values, 2 * i, 2);
      System.arraycopy(row, 0, outputs, i * row.length, row.length);
    }
    ContinuousStates states = states(flags, values);
    SampledActions<VectorActions> sampled = head.sample(states, outputs, exploration, new SplittableRandom(seed));
    boolean forward = head == box.forwardHead();
    double[] lo = new double[2];
    double[] range = new double[2];
    for (int d = 0; d < 2; d++) {
      lo[d] = initial ? 0 : delta;
      range[d] = initial ? 1 : forward ? 1 - state[d] - delta : state[d] - delta;
    }
    double t = exploration.temperature();
    double eps = exploration.epsilon();
    double stopPolicy = initial ? 0 : BetaMixtureKernel.sigmoid((row[0] - exploration.exitBias()) / t);
    double stopExpected = initial ? 0 : (1 - eps) * stopPolicy + eps / 2;
    int stops = 0;
    int moves = 0;
    double[][] r = new double[2][n];
    for (int i = 0; i < n; i++) {
      boolean stop = forward ? sampled.actions().isExit(i)
          : sampled.actions().get(i, 0) == state[0] && sampled.actions().get(i, 1) == state[1];
      if (stop) {
        stops++;
        assertThat(sampled.logProbabilities()[i]).isCloseTo(Math.log(stopExpected), within(1e-12));
      } else {
        double density = 1;
        double uniform = 1;
        for (int d = 0; d < 2; d++) {
          r[d][moves] = (sampled.actions().get(i, d) - lo[d]) / range[d];
          density *= mixtureDensity(row, d, t, r[d][moves]) / range[d];
          uniform /= range[d];
        }
        double expected = initial ? (1 - eps) * density + eps * uniform
            : (1 - eps) * (1 - stopPolicy) * density + eps / 2 * uniform;
        if (i < 200) {
          assertThat(sampled.logProbabilities()[i]).isCloseTo(Math.log(expected), within(1e-8));
        }
        moves++;
      }
    }
    double sd = Math.sqrt(stopExpected * (1 - stopExpected) / n);
    assertThat((double) stops / n).isCloseTo(stopExpected, within(4 * sd + 1e-12));
    double policyMove = initial ? 1 - eps : (1 - eps) * (1 - stopPolicy);
    double uniformMove = initial ? eps : eps / 2;
    for (int d = 0; d < 2; d++) {
      int coordinate = d;
      double statistic = ksStatistic(Arrays.copyOf(r[d], moves),
          x -> (policyMove * mixtureCdf(row, coordinate, t, x) + uniformMove * x) / (policyMove + uniformMove));
      assertThat(statistic * Math.sqrt(moves)).as("KS statistic of coordinate %d", d).isLessThan(1.95);
    }
  }

  @Test
  void forwardSamplerFollowsItsDensity() {
    SplittableRandom random = new SplittableRandom(21);
    int width = box.forwardHead().outputDim();
    double[] row = randomOutputs(1, width, 1.5, random);
    row[0] = 0.3;
    checkSampler(box.forwardHead(), new double[] {0.2, 0.45}, false, row, Exploration.NONE, 1);
    checkSampler(box.forwardHead(), new double[] {0, 0}, true, row, Exploration.NONE, 2);
    Exploration explore = new Exploration(0.3, 2.0, 1.0);
    checkSampler(box.forwardHead(), new double[] {0.2, 0.45}, false, row, explore, 3);
    checkSampler(box.forwardHead(), new double[] {0, 0}, true, row, explore, 4);
  }

  @Test
  void backwardSamplerFollowsItsDensity() {
    SplittableRandom random = new SplittableRandom(22);
    int width = box.backwardHead().outputDim();
    double[] row = randomOutputs(1, width, 1.5, random);
    row[0] = -0.4;
    checkSampler(box.backwardHead(), new double[] {0.7, 0.35}, false, row, Exploration.NONE, 5);
    checkSampler(box.backwardHead(), new double[] {0.7, 0.35}, false, row, new Exploration(0.5, 0.5, -1.0), 6);
  }

  @Test
  void smallConcentrationsSampleCorrectly() {
    double[] row = new double[box.forwardHead().outputDim()];
    Arrays.fill(row, 1 + 2 * K, row.length, -30);
    checkSampler(box.forwardHead(), new double[] {0.3, 0.1}, false, row, Exploration.NONE, 7);
  }

  @Test
  void rejectsBadOutputsAndActionsOutsideTheSupport() {
    PolicyHead<ContinuousStates, VectorActions> head = box.forwardHead();
    ContinuousStates s = states(new boolean[] {true, false}, 0, 0, 0.5, 0.2);
    double[] outputs = new double[2 * head.outputDim()];
    outputs[head.outputDim() + 3] = Double.NaN;
    assertThatThrownBy(() -> head.sample(s, outputs, Exploration.NONE, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 of 2")
        .hasMessageContaining("[0.5, 0.2]").hasMessageContaining("NaN");
    double[] fine = new double[2 * head.outputDim()];
    VectorActions exitAtS0 = new VectorActions(2, new double[4], new boolean[] {true, false});
    assertThatThrownBy(() -> head.logProbabilities(s, fine, exitAtS0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 of 2")
        .hasMessageContaining("forbidden");
    VectorActions outside = new VectorActions(2, new double[] {0.5, 0.5, 0.05, 0.3}, new boolean[2]);
    assertThatThrownBy(() -> head.logProbabilities(s, fine, outside))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 of 2")
        .hasMessageContaining("outside the support");
    ContinuousStates near = states(new boolean[] {false}, 0.6, 0.05);
    assertThatThrownBy(() -> box.backwardHead().logProbabilities(near, new double[head.outputDim()],
        VectorActions.of(2, 0.3, 0.05))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not back-to-source");
    assertThatThrownBy(() -> box.backwardHead().logProbabilities(box.initialStates(1),
        new double[head.outputDim()], VectorActions.of(2, 0, 0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s0 has no backward action");
  }

  @Test
  void logProbabilitiesExposeGradientLayout() {
    LogProbabilities lp = box.forwardHead().logProbabilities(states(new boolean[] {false}, 0.5, 0.5),
        new double[box.forwardHead().outputDim()], new VectorActions(2, new double[2], new boolean[] {true}));
    assertThat(lp.values()[0]).isCloseTo(Math.log(0.5), within(1e-15));
    double[] gradient = new double[box.forwardHead().outputDim()];
    lp.addGradient(new double[] {2}, gradient);
    assertThat(gradient[0]).isCloseTo(1.0, within(1e-15));
  }
}
