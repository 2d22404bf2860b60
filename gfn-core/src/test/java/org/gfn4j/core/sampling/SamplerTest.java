package org.gfn4j.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.States;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {
  private final TinyGrid grid = new TinyGrid(4);
  private final RewardFunction reward = new EnvironmentRewardProvider().create(null, grid);
  private final Mlp policy = new Mlp(new int[] {8, 16, 3}, Activation.RELU, DataType.FLOAT, new SplittableRandom(2));

  @Test
  void trajectories_areValidPathsFromTheInitialState() {
    Trajectories batch = Sampler.of(grid, policy, reward).sample(50, new Exploration(0.2, 1.5),
        new SplittableRandom(1));
    assertThat(batch.count()).isEqualTo(50);
    DiscreteStates states = batch.discreteStates();
    for (int i = 0; i < batch.count(); i++) {
      assertThat(states.isInitial(batch.start(i))).isTrue();
      for (int t = batch.start(i); t < batch.end(i) - 1; t++) {
        DiscreteStates next = grid.step(states.select(new int[] {t}), Actions.of(batch.action(t)));
        assertThat(next.sameState(0, states, t + 1)).as("transition %d", t).isTrue();
      }
      assertThat(batch.logReward(i)).isEqualTo(grid.logReward(((DiscreteStates) batch.terminalStates()))[i]);
    }
  }

  @Test
  void sameSeed_sameTrajectories_otherSeed_otherTrajectories() {
    Sampler sampler = Sampler.of(grid, policy, reward);
    Trajectories a = sampler.sample(30, Exploration.NONE, new SplittableRandom(9));
    Trajectories b = sampler.sample(30, Exploration.NONE, new SplittableRandom(9));
    Trajectories c = sampler.sample(30, Exploration.NONE, new SplittableRandom(10));
    assertThat(((Actions) a.actions()).indices()).containsExactly(((Actions) b.actions()).indices());
    assertThat(a.discreteStates().toArray()).containsExactly(b.discreteStates().toArray());
    assertThat(((Actions) a.actions()).indices()).isNotEqualTo(((Actions) c.actions()).indices());
  }

  @Test
  void terminalFrequencies_matchTheExactDistribution() {
    UniformEstimator uniform = new UniformEstimator(8, 3);
    ExactEvaluator exact = new ExactEvaluator(grid, reward, 0, new SplittableRandom(0));
    double[] expected = exact.terminalDistribution(uniform);
    int n = 40_000;
    double[] frequencies = new double[grid.stateCount()];
    DiscreteStates terminals = (DiscreteStates) Sampler.of(grid, uniform, reward).sample(n, Exploration.NONE,
        new SplittableRandom(4)).terminalStates();
    for (int i = 0; i < n; i++) {
      frequencies[grid.indexOf(terminals, i)] += 1.0 / n;
    }
    for (int s = 0; s < expected.length; s++) {
      assertThat(frequencies[s]).as("state %d", s).isCloseTo(expected[s], within(0.01));
    }
  }

  @Test
  void rejectsRewardsThatAreNaN_namingTheState() {
    RewardFunction broken = new RewardFunction() {
      @Override
      public double[] logReward(States states) {
        double[] values = new double[states.size()];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
      }

      @Override
      public String describe() {
        return "broken";
      }
    };
    assertThatThrownBy(() -> Sampler.of(grid, policy, broken).sample(2, Exploration.NONE, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reward 'broken' gave log-reward NaN for state [");
  }

  @Test
  void rejectsAPolicyOfTheWrongShape() {
    assertThatThrownBy(() -> Sampler.of(grid, new UniformEstimator(8, 4), reward))
        .hasMessageContaining("needs 8 -> 3");
  }
}
