package org.gfn4j.envs.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class LineTest {
  /** {@code log(1 / (0.5 * sqrt(2 pi)))}, the log-density of N(0, 0.5^2) at its mean. */
  private static final double LOG_PEAK = -0.2257913526447274;

  private static final Line LINE = Line.of(Map.of());

  // ---- parameters --------------------------------------------------------------------------------------------

  @Test
  void defaultsAreThoseOfTrainLine() {
    assertThat(LINE.name()).isEqualTo("line");
    assertThat(LINE.mus()).containsExactly(2, 5);
    assertThat(LINE.sigmas()).containsExactly(0.5, 0.5);
    assertThat(LINE.initValue()).isZero();
    assertThat(LINE.nSd()).isEqualTo(4.5);
    assertThat(LINE.nSteps()).isEqualTo(5);
    assertThat(LINE.stateDim()).isEqualTo(2);
    assertThat(LINE.actionDim()).isEqualTo(1);
    assertThat(LINE.encodingDim()).isEqualTo(2);
    assertThat(LINE.conditionDim()).isZero();
    assertThat(LINE.domainLow()).containsExactly(-0.25);
    assertThat(LINE.domainHigh()).containsExactly(7.25);
    assertThat(LINE.logPartition()).isCloseTo(Math.log(2), within(1e-15));
    assertThat(LINE.forwardHead().outputDim()).isEqualTo(2);
    assertThat(LINE.backwardHead().outputDim()).isEqualTo(2);
    LineProvider provider = new LineProvider();
    assertThat(provider.name()).isEqualTo("line");
    assertThat(provider.create(Parameters.defaults(LineProvider.OWNER, provider.parameters())).mus())
        .containsExactly(2, 5);
  }

  @Test
  void invalidParametersAreRejectedWithTheKey() {
    assertThatThrownBy(() -> Line.of(Map.of("mus", "2,x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mus=2,x");
    assertThatThrownBy(() -> Line.of(Map.of("mus", "2,5,8"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mus has 3 values but sigmas has 2");
    assertThatThrownBy(() -> Line.of(Map.of("sigmas", "0.5,0"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sigmas value 0.0 (index 1) must be positive");
    assertThatThrownBy(() -> Line.of(Map.of("init_value", "-1"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("init_value=-1.0 must lie strictly inside the domain (-0.25, 7.25)");
    assertThatThrownBy(() -> Line.of(Map.of("policy_std_min", "2"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy_std_min=2.0 must be below policy_std_max=1.0");
    assertThatThrownBy(() -> Line.of(Map.of("mus", ""))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected finite numbers separated by commas");
    assertThat(Line.of(Map.of("mus", " 1, 2 ,3", "sigmas", "1,1,2", "init_value", "1")).mus())
        .containsExactly(1, 2, 3);
  }

  // ---- reward and target -------------------------------------------------------------------------------------

  @Test
  void logRewardIsTheLogOfTheSumOfTheDensities() {
    double[] logReward = LINE.logReward(LINE.states(2, 5, 3.5, 5, 0, 0, 1000, 3));
    // x = 2: z = 0 and z = -6 -> peak * (1 + e^-18)
    assertThat(logReward[0]).isCloseTo(LOG_PEAK + Math.log1p(Math.exp(-18)), within(1e-14));
    // x = 3.5: z = 3 and z = -3 -> 2 * peak * e^-4.5
    assertThat(logReward[1]).isCloseTo(-4.032644172084782, within(1e-12));
    assertThat(logReward[1]).isCloseTo(Math.log(2) + LOG_PEAK - 4.5, within(1e-12));
    // x = 0: z = -4 and z = -10 -> peak * (e^-8 + e^-50)
    assertThat(logReward[2]).isCloseTo(LOG_PEAK - 8 + Math.log1p(Math.exp(-42)), within(1e-12));
    // far away: finite, dominated by the mode at 5 (z = 1990)
    assertThat(logReward[3]).isCloseTo(LOG_PEAK - 0.5 * 1990 * 1990, within(1e-6));
  }

  @Test
  void exactMomentsOfTheDefaultMixture() {
    // mean = (2 + 5) / 2; E[x^2] = ((0.25 + 4) + (0.25 + 25)) / 2 = 14.75; variance = 14.75 - 3.5^2
    assertThat(LINE.targetMean()).isEqualTo(3.5);
    assertThat(LINE.targetVariance()).isCloseTo(2.5, within(1e-15));
    Line unequal = Line.of(Map.of("mus", "0,1,5", "sigmas", "1,2,0.5", "init_value", "1"));
    // mean 2; variance = ((1 + 4) + (4 + 1) + (0.25 + 9)) / 3
    assertThat(unequal.targetMean()).isCloseTo(2, within(1e-15));
    assertThat(unequal.targetVariance()).isCloseTo(19.25 / 3, within(1e-14));
  }

  @Test
  void targetSamplesHaveTheExactMoments() {
    for (Line line : new Line[] {LINE, Line.of(Map.of("mus", "0,1,5", "sigmas", "1,2,0.5", "init_value", "1"))}) {
      int n = 20_000;
      double[] samples = line.sampleTarget(n, new SplittableRandom(7));
      double mean = 0;
      for (double x : samples) {
        mean += x / n;
      }
      double variance = 0;
      double fourth = 0;
      for (double x : samples) {
        double d = x - mean;
        variance += d * d / (n - 1);
        fourth += d * d * d * d / n;
      }
      double meanError = Math.sqrt(line.targetVariance() / n);
      double varianceError = Math.sqrt((fourth - variance * variance) / n);
      assertThat(mean).isCloseTo(line.targetMean(), within(4 * meanError));
      assertThat(variance).isCloseTo(line.targetVariance(), within(4 * varianceError));
    }
  }

  @Test
  void pointsAreTheXCoordinate() {
    double[] points = new double[2];
    LINE.points(LINE.states(1.5, 5, -3, 5), points);
    assertThat(points).containsExactly(1.5, -3);
    float[] features = new float[4];
    LINE.encode(LINE.states(1.5, 5, 0, 0), features);
    assertThat(features).containsExactly(1.5f, 5f, 0f, 0f);
  }

  // ---- steps -------------------------------------------------------------------------------------------------

  @Test
  void stepMovesXAndCountsSteps() {
    ContinuousStates s0 = LINE.initialStates(2);
    assertThat(s0.isInitial(0)).isTrue();
    assertThat(s0.row(1)).containsExactly(0, 0);
    ContinuousStates s1 = LINE.step(s0, VectorActions.of(1, 0.75, -0.25));
    assertThat(s1.row(0)).containsExactly(0.75, 1);
    assertThat(s1.row(1)).containsExactly(-0.25, 1);
    assertThat(s1.isInitial(0)).isFalse();
    ContinuousStates s2 = LINE.step(s1, VectorActions.of(1, 1, 2));
    assertThat(s2.row(0)).containsExactly(1.75, 2);
    assertThat(s2.row(1)).containsExactly(1.75, 2);
  }

  @Test
  void backwardStepUndoesStep() {
    SplittableRandom random = new SplittableRandom(3);
    ContinuousStates states = LINE.initialStates(16);
    for (int t = 0; t < LINE.nSteps(); t++) {
      double[] a = new double[16];
      for (int row = 0; row < a.length; row++) {
        a[row] = 3 * random.nextGaussian();
      }
      VectorActions forward = VectorActions.of(1, a);
      ContinuousStates next = LINE.step(states, forward);
      ContinuousStates back = LINE.backwardStep(next, LINE.backwardActions(states, forward, next));
      for (int row = 0; row < 16; row++) {
        assertThat(back.isInitial(row)).isEqualTo(states.isInitial(row));
        assertThat(back.get(row, 1)).isEqualTo(states.get(row, 1));
        assertThat(back.get(row, 0)).isCloseTo(states.get(row, 0), within(1e-12));
        if (t == 0) {
          assertThat(back.sameState(row, states, row)).isTrue();
        }
      }
      states = next;
    }
  }

  @Test
  void invalidForwardActionsAreRejectedWithRowAndValues() {
    ContinuousStates states = LINE.states(0.5, 1, 2.1, 5, 1, 2);
    assertThatThrownBy(() -> LINE.step(states, VectorActions.of(1, 0.1, 0.3, 0.2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("forward action [0.3] at step 5 of 5 for state [2.1, 5.0] in environment 'line' (row 1 of 3): "
            + "only the exit is allowed");
    ContinuousStates early = LINE.states(0.5, 1, 0.7, 3, 1, 2);
    assertThatThrownBy(() -> LINE.step(early, VectorActions.of(1, 0.1, 0.3, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forward action [NaN] at step 2 of 5 for state [1.0, 2.0]")
        .hasMessageContaining("(row 2 of 3): a finite step");
    VectorActions exit = new VectorActions(1, new double[1], new boolean[] {true});
    assertThatThrownBy(() -> LINE.step(LINE.initialStates(1), exit))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forward action exit at step 0 of 5 for state initial [0.0, 0.0]")
        .hasMessageContaining("the exit ends the trajectory and is not a step");
  }

  @Test
  void invalidBackwardActionsAreRejectedWithRowAndValues() {
    assertThatThrownBy(() -> LINE.backwardStep(LINE.states(1, 1, 0, 0), VectorActions.of(1, 1, 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward action [0.5] at step 0 of 5 for state initial [0.0, 0.0]")
        .hasMessageContaining("(row 1 of 2): the initial state has no parent");
    assertThatThrownBy(() -> LINE.backwardStep(LINE.states(1, 1), VectorActions.of(1, 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward action [0.5] at step 1 of 5 for state [1.0, 1.0]")
        .hasMessageContaining("the step back to the initial state, x - init_value = 1.0");
    ContinuousStates back = LINE.backwardStep(LINE.states(1, 1, 1, 2), VectorActions.of(1, 1, 0.5));
    assertThat(back.row(0)).containsExactly(0, 0);
    assertThat(back.isInitial(0)).isTrue();
    assertThat(back.row(1)).containsExactly(0.5, 1);
  }

  @Test
  void statesAreValidated() {
    assertThatThrownBy(() -> LINE.states(1, 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state [1.0, 6.0] (row 0)");
    assertThatThrownBy(() -> LINE.states(1, 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("integer in [0, 5]");
    assertThatThrownBy(() -> LINE.states(1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has step count 0 but is not the initial state");
  }
}
