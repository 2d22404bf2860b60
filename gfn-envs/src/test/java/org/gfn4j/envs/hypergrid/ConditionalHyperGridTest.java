package org.gfn4j.envs.hypergrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class ConditionalHyperGridTest {
  private final ConditionalHyperGridProvider provider = new ConditionalHyperGridProvider();
  private final HyperGrid grid = provider.create(Parameters.parse("environment 'conditional-hypergrid'",
      provider.parameters(), Map.of("ndim", "2", "height", "8")));
  private final HyperGrid original = HyperGrid.of(Map.of("ndim", "2", "height", "8"));

  private double logSumExpAt(double c) {
    DiscreteStates all = grid.allStates().withConditions(Conditions.constant(64, c));
    double[] logRewards = grid.logReward(all);
    double max = java.util.Arrays.stream(logRewards).max().orElseThrow();
    double sum = 0;
    for (double value : logRewards) {
      sum += Math.exp(value - max);
    }
    return max + Math.log(sum);
  }

  @Test
  void reward_isUniformAtZero_theOriginalAtOne_andTheMixtureBetween() {
    DiscreteStates all = grid.allStates();
    double[] originalLogRewards = original.logReward(original.allStates());
    double[] atZero = grid.logReward(all.withConditions(Conditions.constant(64, 0.0)));
    double[] atOne = grid.logReward(all.withConditions(Conditions.constant(64, 1.0)));
    double[] atThird = grid.logReward(all.withConditions(Conditions.constant(64, 1.0 / 3)));
    for (int s = 0; s < 64; s++) {
      assertThat(atZero[s]).isCloseTo(Math.log(2.6), within(1e-12));
      assertThat(atOne[s]).isCloseTo(originalLogRewards[s], within(1e-12));
      assertThat(atThird[s]).isCloseTo(Math.log(2.6 * 2 / 3 + Math.exp(originalLogRewards[s]) / 3), within(1e-12));
    }
  }

  @Test
  void logPartition_ofEachCondition_matchesTheEnumeration() {
    for (double c : new double[] {0, 0.25, 0.5, 0.75, 1}) {
      assertThat(grid.logPartition(c)).as("c = %s", c).isCloseTo(logSumExpAt(c), within(1e-12));
    }
    assertThat(grid.closedFormLogPartition()).isEmpty();
    assertThat(grid.logPartition(1)).isCloseTo(original.closedFormLogPartition().getAsDouble(), within(1e-12));
  }

  @Test
  void conditions_areOneWide_uniformInTheUnitInterval_andCarriedByEveryStep() {
    Conditions conditions = grid.sampleConditions(2000, new SplittableRandom(3));
    assertThat(conditions.width()).isEqualTo(1);
    double mean = 0;
    for (int i = 0; i < 2000; i++) {
      assertThat(conditions.get(i, 0)).isBetween(0.0, 1.0);
      mean += conditions.get(i, 0) / 2000;
    }
    assertThat(mean).isCloseTo(0.5, within(0.03));
    DiscreteStates initial = grid.initialStates(3, Conditions.of(3, 1, new double[] {0.1, 0.2, 0.3}));
    DiscreteStates next = grid.step(initial, org.gfn4j.api.env.Actions.of(0, 1, 0));
    assertThat(next.conditions().toArray()).containsExactly(0.1, 0.2, 0.3);
    assertThat(next.format(1)).isEqualTo("[0, 1] | c=[0.2]");
  }

  @Test
  void rewardWithoutACondition_orOutsideTheUnitInterval_orOfTheWrongWidth_isRejectedClearly() {
    assertThatThrownBy(() -> grid.logReward(grid.initialStates(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'conditional-hypergrid' is conditional (conditions of width 1), but these states "
            + "carry no condition; give each state its condition (States.withConditions)");
    assertThatThrownBy(() -> grid.logReward(grid.initialStates(2, Conditions.of(2, 1, new double[] {0.5, 1.5}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'conditional-hypergrid': condition 1.5 of state [0, 0] | c=[1.5] (row 1) is "
            + "outside [0, 1]");
    assertThatThrownBy(() -> grid.initialStates(2, Conditions.of(2, 2, new double[] {0.5, 0.5, 0.5, 0.5})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'conditional-hypergrid' takes conditions of width 1, got width 2");
  }
}
