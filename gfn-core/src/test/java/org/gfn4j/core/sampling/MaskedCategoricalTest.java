package org.gfn4j.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.MaskedCategorical;
import org.gfn4j.core.fixtures.TinyGrid;
import org.junit.jupiter.api.Test;

class MaskedCategoricalTest {
  private final TinyGrid grid = new TinyGrid(3);
  /** Row 0: [2, 0] (x at the edge: action 0 masked); row 1: [0, 0] (everything allowed). */
  private final DiscreteStates states = grid.states(2, new int[] {2, 0, 0, 0});
  private final Masks masks = states.forwardMasks();
  private final double[] logits = {5.0, 1.0, 2.0, 0.5, -1.0, 1.5};

  @Test
  void logProbabilities_normaliseOverAllowedActions() {
    double[] out = new double[3];
    MaskedCategorical.logProbabilities(logits, masks, 0, 1.0, out);
    assertThat(out[0]).isEqualTo(Double.NEGATIVE_INFINITY);
    double norm = Math.log(Math.exp(1.0) + Math.exp(2.0));
    assertThat(out[1]).isCloseTo(1.0 - norm, within(1e-12));
    assertThat(out[2]).isCloseTo(2.0 - norm, within(1e-12));
    MaskedCategorical.logProbabilities(logits, masks, 1, 2.0, out);
    double tempered = Math.log(Math.exp(0.25) + Math.exp(-0.5) + Math.exp(0.75));
    assertThat(out[1]).isCloseTo(-0.5 - tempered, within(1e-12));
  }

  @Test
  void gradient_matchesFiniteDifferences_andIsZeroAtMaskedActions() {
    double[] gradient = new double[6];
    double[] out = new double[3];
    MaskedCategorical.logProbabilities(logits, masks, 1, 1.0, out);
    MaskedCategorical.addLogProbabilityGradient(out, 0, masks, 1, 2, 0.7, gradient);
    MaskedCategorical.logProbabilities(logits, masks, 0, 1.0, out);
    MaskedCategorical.addLogProbabilityGradient(out, 0, masks, 0, 1, -1.3, gradient);
    assertThat(gradient[0]).isZero();
    double h = 1e-6;
    for (int j = 0; j < 6; j++) {
      double[] plus = logits.clone();
      double[] minus = logits.clone();
      plus[j] += h;
      minus[j] -= h;
      double numeric = (objective(plus) - objective(minus)) / (2 * h);
      assertThat(gradient[j]).as("logit %d", j).isCloseTo(numeric, within(1e-7));
    }
  }

  /** 0.7 log p(2 | row 1) - 1.3 log p(1 | row 0). */
  private double objective(double[] l) {
    double[] out = new double[3];
    MaskedCategorical.logProbabilities(l, masks, 1, 1.0, out);
    double value = 0.7 * out[2];
    MaskedCategorical.logProbabilities(l, masks, 0, 1.0, out);
    return value - 1.3 * out[1];
  }

  @Test
  void sample_followsTheMixtureOfPolicyAndUniform() {
    SplittableRandom random = new SplittableRandom(11);
    double[] scratch = new double[3];
    int n = 200_000;
    int[] counts = new int[3];
    Exploration exploration = new Exploration(0.3, 1.0);
    for (int i = 0; i < n; i++) {
      counts[MaskedCategorical.sample(logits, masks, 0, exploration, random, scratch)]++;
    }
    double p1 = Math.exp(1.0) / (Math.exp(1.0) + Math.exp(2.0));
    assertThat(counts[0]).isZero();
    assertThat(counts[1] / (double) n).isCloseTo(0.7 * p1 + 0.3 / 2, within(0.005));
    for (int i = 0; i < n; i++) {
      counts[MaskedCategorical.sample(logits, masks, 1, new Exploration(1.0, 1.0), random, scratch)]++;
    }
    assertThat(counts[0] / (double) n).isCloseTo(1.0 / 3, within(0.005));
  }

  @Test
  void sample_dividesLogitsByTheTemperature() {
    SplittableRandom random = new SplittableRandom(12);
    double[] scratch = new double[3];
    int n = 200_000;
    int[] counts = new int[3];
    for (int i = 0; i < n; i++) {
      counts[MaskedCategorical.sample(logits, masks, 1, new Exploration(0, 2.0), random, scratch)]++;
    }
    double norm = Math.exp(0.25) + Math.exp(-0.5) + Math.exp(0.75);
    assertThat(counts[0] / (double) n).isCloseTo(Math.exp(0.25) / norm, within(0.005));
    assertThat(counts[2] / (double) n).isCloseTo(Math.exp(0.75) / norm, within(0.005));
  }

  @Test
  void head_exitBiasLowersTheExitLogit_andReturnsTheLogProbabilityOfWhatItSampled() {
    // TinyGrid has 3 actions, exit last; row 1 ([0, 0]) allows all three
    MaskedCategorical head = MaskedCategorical.forward(grid);
    DiscreteStates many = states.select(java.util.stream.IntStream.range(0, 100_000).map(i -> 1).toArray());
    double[] outputs = new double[many.size() * 3];
    for (int r = 0; r < many.size(); r++) {
      System.arraycopy(logits, 3, outputs, 3 * r, 3);
    }
    var sampled = head.sample(many, outputs, new Exploration(0, 1.0, 1.5), new SplittableRandom(13));
    double norm = Math.exp(0.5) + Math.exp(-1.0) + Math.exp(1.5 - 1.5);
    int exits = 0;
    for (int r = 0; r < many.size(); r++) {
      int action = sampled.actions().get(r);
      assertThat(sampled.actions().isExit(r)).isEqualTo(action == 2);
      exits += action == 2 ? 1 : 0;
      double biased = action == 2 ? 0.0 : logits[3 + action];
      assertThat(sampled.logProbabilities()[r]).isCloseTo(biased - Math.log(norm), within(1e-12));
    }
    assertThat(exits / (double) many.size()).isCloseTo(1 / norm, within(0.005));
    // without exploration, the head's log-probability is the policy's, and it equals logProbabilities
    var onPolicy = head.sample(many.select(new int[] {0, 1, 2}), java.util.Arrays.copyOf(outputs, 9),
        Exploration.NONE, new SplittableRandom(14));
    double[] recomputed = head.logProbabilities(many.select(new int[] {0, 1, 2}), java.util.Arrays.copyOf(outputs, 9),
        onPolicy.actions()).values();
    assertThat(onPolicy.logProbabilities()).containsExactly(recomputed, within(1e-15));
  }
}
