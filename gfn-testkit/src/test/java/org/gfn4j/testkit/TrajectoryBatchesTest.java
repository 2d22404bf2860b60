package org.gfn4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.testkit.fixtures.ChainEnvironment;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfn4j.testkit.fixtures.ChainEnvironment.EXIT;
import static org.gfn4j.testkit.fixtures.ChainEnvironment.PLUS_ONE;
import static org.gfn4j.testkit.fixtures.ChainEnvironment.PLUS_TWO;

class TrajectoryBatchesTest {
  private final ChainEnvironment chain = new ChainEnvironment();

  @Test
  void replay_laysOutStatesActionsAndOffsets() {
    Trajectories batch = TrajectoryBatches.replay(chain, new double[] {0.5, -1, 2},
        new int[] {PLUS_ONE}, new int[] {}, new int[] {PLUS_TWO, PLUS_ONE});

    assertThat(batch.count()).isEqualTo(3);
    assertThat(batch.discreteStates().toArray()).containsExactly(0, 1, 0, 0, 2, 3);
    assertThat(((org.gfn4j.api.env.Actions) batch.actions()).indices()).containsExactly(PLUS_ONE, EXIT, EXIT, PLUS_TWO, PLUS_ONE, EXIT);
    assertThat(new int[] {batch.start(0), batch.start(1), batch.start(2), batch.end(2)}).containsExactly(0, 2, 3, 6);
    assertThat(batch.logRewards()).containsExactly(0.5, -1, 2);
  }

  @Test
  void replay_withoutLogRewards_scoresTerminalStatesWithTheEnvironment() {
    Trajectories batch = TrajectoryBatches.replay(chain, null, new int[] {PLUS_ONE, PLUS_ONE}, new int[] {PLUS_TWO});

    assertThat(batch.logRewards()).containsExactly(Math.log(2), Math.log(2));
  }

  @Test
  void replay_rejectsMaskedActionNamingTheState() {
    assertThatThrownBy(() -> TrajectoryBatches.replay(chain, null, new int[] {PLUS_TWO, PLUS_TWO}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action 1 is masked for state [2]");
  }

  @Test
  void replay_rejectsWrongNumberOfLogRewards() {
    assertThatThrownBy(() -> TrajectoryBatches.replay(chain, new double[] {1}, new int[] {}, new int[] {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 log-rewards for 2 trajectories");
  }
}
