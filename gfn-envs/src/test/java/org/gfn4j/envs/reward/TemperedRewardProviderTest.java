package org.gfn4j.envs.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.ServiceLoader;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.api.reward.RewardProvider;
import org.gfn4j.envs.hypergrid.HyperGrid;
import org.junit.jupiter.api.Test;

class TemperedRewardProviderTest {
  private static final String OWNER = "reward 'tempered'";
  private final TemperedRewardProvider provider = new TemperedRewardProvider();
  private final HyperGrid grid = HyperGrid.of(Map.of("r0", "0"));

  private RewardFunction tempered(String beta) {
    return provider.create(Parameters.parse(OWNER, provider.parameters(), Map.of("beta", beta)), grid);
  }

  @Test
  void logReward_isBetaTimesEnvironmentLogReward() {
    DiscreteStates states = grid.states(3, new int[] {1, 1, 0, 0, 3, 4});

    double[] logReward = tempered("2").logReward(states);

    assertThat(logReward[0]).isCloseTo(2 * Math.log(2.5), within(1e-12));
    assertThat(logReward[1]).isCloseTo(2 * Math.log(0.5), within(1e-12));
    assertThat(logReward[2]).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void logReward_withDefaultBetaIsTheEnvironmentReward() {
    RewardFunction reward = provider.create(Parameters.defaults(OWNER, provider.parameters()), grid);
    DiscreteStates all = grid.allStates();

    assertThat(reward.logReward(all)).containsExactly(grid.logReward(all));
  }

  @Test
  void describe_namesEnvironmentAndBeta() {
    assertThat(tempered("2").describe()).isEqualTo("hypergrid reward ^ 2.0");
  }

  @Test
  void create_rejectsBetaOutsideOpenRange() {
    assertThatThrownBy(() -> tempered("0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta=0").hasMessageContaining("(0, 1000]");
    assertThatThrownBy(() -> tempered("1001"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta=1001");
  }

  @Test
  void serviceLoader_findsTemperedReward() {
    assertThat(ServiceLoader.load(RewardProvider.class).stream().map(p -> p.get().name()))
        .contains("tempered");
  }
}
