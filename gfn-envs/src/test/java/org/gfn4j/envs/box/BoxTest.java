package org.gfn4j.envs.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.param.ParameterSpec;
import org.junit.jupiter.api.Test;

class BoxTest {
  private final Box box = Box.of(Map.of("delta", "0.25"));

  private ContinuousStates states(double... values) {
    return new ContinuousStates(box, values.length / 2, values.clone(), new boolean[values.length / 2],
        Conditions.none(values.length / 2));
  }

  @Test
  void providerDeclaresTorchgfnDefaults() {
    BoxProvider provider = new BoxProvider();
    assertThat(provider.name()).isEqualTo("box");
    assertThat(provider.parameters()).extracting(ParameterSpec::name).containsExactly("delta", "r0", "r1", "r2",
        "epsilon", "n_components", "min_concentration", "max_concentration");
    Box defaults = Box.of(Map.of());
    assertThat(defaults.delta()).isEqualTo(0.1);
    assertThat(defaults.forwardHead().outputDim()).isEqualTo(13);
    assertThat(defaults.backwardHead().outputDim()).isEqualTo(13);
    assertThat(Box.of(Map.of("n_components", "5")).forwardHead().outputDim()).isEqualTo(31);
    assertThatThrownBy(() -> Box.of(Map.of("min_concentration", "5", "max_concentration", "2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min_concentration=5");
    assertThatThrownBy(() -> Box.of(Map.of("r0", "0", "r1", "0", "r2", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all zero");
  }

  @Test
  void rewardAtHandPickedPointsAndLogPartition() {
    assertThat(box.reward(0.5, 0.5)).isCloseTo(0.1, within(1e-15));
    assertThat(box.reward(0.2, 0.5)).isCloseTo(0.1, within(1e-15));
    assertThat(box.reward(0.05, 0.95)).isCloseTo(0.6, within(1e-15));
    assertThat(box.reward(0.1, 0.1)).isCloseTo(0.6, within(1e-15));
    assertThat(box.reward(0.15, 0.85)).isCloseTo(2.6, within(1e-15));
    assertThat(box.reward(0.85, 0.15)).isCloseTo(2.6, within(1e-15));
    assertThat(box.reward(0.15, 0.5)).isCloseTo(0.1, within(1e-15));
    assertThat(box.logPartition()).isCloseTo(Math.log(0.1 + 0.25 * 0.5 + 0.04 * 2.0), within(1e-15));
    double[] logReward = box.logReward(states(0.15, 0.15, 0.5, 0.5));
    assertThat(logReward[0]).isCloseTo(Math.log(2.6), within(1e-15));
    assertThat(logReward[1]).isCloseTo(Math.log(0.1), within(1e-15));
  }

  @Test
  void targetSamplerMatchesRewardOverPartition() {
    int n = 20_000;
    double[] points = box.sampleTarget(n, new SplittableRandom(7));
    int band = 0;
    int outer = 0;
    for (int i = 0; i < n; i++) {
      double r = box.reward(points[2 * i], points[2 * i + 1]);
      assertThat(points[2 * i]).isBetween(0.0, 1.0);
      if (r > 2) {
        band++;
      } else if (r > 0.5) {
        outer++;
      }
    }
    double z = 0.1 + 0.25 * 0.5 + 0.04 * 2.0;
    double bandExpected = 0.04 * 2.6 / z;
    double outerExpected = (0.25 - 0.04) * 0.6 / z;
    assertThat((double) band / n).isCloseTo(bandExpected, within(4 * Math.sqrt(bandExpected * (1 - bandExpected) / n)));
    assertThat((double) outer / n).isCloseTo(outerExpected,
        within(4 * Math.sqrt(outerExpected * (1 - outerExpected) / n)));
    assertThat(box.pointDim()).isEqualTo(2);
    assertThat(box.domainLow()).containsExactly(0, 0);
    assertThat(box.domainHigh()).containsExactly(1, 1);
  }

  @Test
  void encodesCenteredCoordinatesAndPoints() {
    float[] out = new float[4];
    box.encode(states(0.25, 1.0, 0.5, 0.0), out);
    assertThat(out).containsExactly(-0.5f, 1f, 0f, -1f);
    double[] points = new double[4];
    box.points(states(0.25, 1.0, 0.5, 0.0), points);
    assertThat(points).containsExactly(0.25, 1.0, 0.5, 0.0);
  }

  @Test
  void stepsStayInTheSquareAndRoundTrip() {
    SplittableRandom random = new SplittableRandom(3);
    ContinuousStates s0 = box.initialStates(4);
    assertThat(s0.isInitial(0)).isTrue();
    VectorActions first = VectorActions.of(2, 0.3, 0.9, 1.0, 0.0, 0.05, 0.6, 0.7, 0.7);
    ContinuousStates next = box.step(s0, first);
    assertThat(next.isInitial(0)).isFalse();
    assertThat(next.row(1)).containsExactly(1.0, 0.0);
    VectorActions bts = box.backwardActions(s0, first, next);
    ContinuousStates back = box.backwardStep(next, bts);
    for (int row = 0; row < 4; row++) {
      assertThat(back.sameState(row, s0, row)).isTrue();
    }
    for (int trial = 0; trial < 200; trial++) {
      double[] values = new double[2];
      double[] action = new double[2];
      for (int d = 0; d < 2; d++) {
        values[d] = random.nextDouble() * 0.749;
        action[d] = 0.25 + random.nextDouble() * (0.75 - values[d]);
      }
      ContinuousStates s = states(values);
      VectorActions a = VectorActions.of(2, action);
      ContinuousStates stepped = box.step(s, a);
      assertThat(stepped.get(0, 0)).isBetween(0.25, 1.0);
      assertThat(stepped.get(0, 1)).isBetween(0.25, 1.0);
      ContinuousStates parent = box.backwardStep(stepped, box.backwardActions(s, a, stepped));
      assertThat(parent.isInitial(0)).isFalse();
      assertThat(parent.get(0, 0)).isCloseTo(values[0], within(1e-12));
      assertThat(parent.get(0, 1)).isCloseTo(values[1], within(1e-12));
    }
  }

  @Test
  void rejectsInvalidForwardActionsNamingRowStateAndValues() {
    ContinuousStates s = states(0.5, 0.2, 0.1, 0.1, 0.8, 0.1);
    assertThatThrownBy(() -> box.step(s, VectorActions.of(2, 0.25, 0.25, 0.1, 0.3, 0.25, 0.25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 of 3").hasMessageContaining("[0.1, 0.3]")
        .hasMessageContaining("[0.1, 0.1]").hasMessageContaining("below delta 0.25 at coordinate 0");
    assertThatThrownBy(() -> box.step(s, VectorActions.of(2, 0.6, 0.25, 0.3, 0.3, 0.3, 0.3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0 of 3").hasMessageContaining("past 1 at coordinate 0");
    assertThatThrownBy(() -> box.step(states(0.8, 0.1), VectorActions.of(2, 0.25, 0.25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit is forced").hasMessageContaining("[0.8, 0.1]");
    assertThatThrownBy(() -> box.step(box.initialStates(2), VectorActions.of(2, 0.5, 0.5, 1.2, 0.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 of 2")
        .hasMessageContaining("initial [0.0, 0.0]").hasMessageContaining("[1.2, 0.5]");
    VectorActions exit = new VectorActions(2, new double[2], new boolean[] {true});
    assertThatThrownBy(() -> box.step(states(0.5, 0.5), exit))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exit");
    assertThatThrownBy(() -> box.step(states(0.5, 0.5), VectorActions.of(2, Double.NaN, 0.3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }

  @Test
  void rejectsInvalidBackwardActions() {
    assertThatThrownBy(() -> box.backwardStep(box.initialStates(1), VectorActions.of(2, 0.0, 0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no parent");
    ContinuousStates s = states(0.6, 0.7, 0.4, 0.9);
    assertThatThrownBy(() -> box.backwardStep(s, VectorActions.of(2, 0.3, 0.3, 0.1, 0.3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 of 2")
        .hasMessageContaining("[0.1, 0.3]").hasMessageContaining("less than delta 0.25 at coordinate 0");
    assertThatThrownBy(() -> box.backwardStep(s, VectorActions.of(2, 0.7, 0.3, 0.3, 0.3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 of 2")
        .hasMessageContaining("below 0 at coordinate 0");
    ContinuousStates parents = box.backwardStep(s, VectorActions.of(2, 0.6, 0.7, 0.3, 0.3));
    assertThat(parents.isInitial(0)).isTrue();
    assertThat(parents.row(0)).containsExactly(0.0, 0.0);
    assertThat(parents.isInitial(1)).isFalse();
    assertThat(parents.get(1, 0)).isCloseTo(0.1, within(1e-15));
  }
}
