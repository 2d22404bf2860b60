package org.gfn4j.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.sampling.BackwardSampler;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
  private final TinyGrid grid = new TinyGrid(4);

  /** One trajectory per x: x increments of the first coordinate then exit; log-reward log(1 + x). */
  private Trajectories straightLines(int... xs) {
    Trajectories all = null;
    for (int x : xs) {
      int[] values = new int[2 * (x + 1)];
      int[] actions = new int[x + 1];
      for (int k = 0; k <= x; k++) {
        values[2 * k] = k;
        actions[k] = k < x ? 0 : grid.exitAction();
      }
      Trajectories one = new Trajectories(grid.states(x + 1, values), actions, new int[] {0, x + 1},
          new double[] {Math.log(1 + x)});
      all = all == null ? one : Trajectories.concat(all, one);
    }
    return all;
  }

  private static int[] terminalXs(OffPolicyBatch batch) {
    DiscreteStates terminals = ((DiscreteStates) batch.trajectories().terminalStates());
    int[] xs = new int[terminals.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = terminals.get(i, 0);
    }
    return xs;
  }

  @Test
  void uniform_keepsTheNewest_andReplaysWholeTrajectories() {
    TrajectoryReplayBuffer buffer = new TrajectoryReplayBuffer(2, grid, false, false);
    buffer.add(straightLines(3, 1));
    buffer.add(straightLines(2));
    assertThat(buffer.size()).isEqualTo(2);
    OffPolicyBatch replayed = buffer.sample(200, new SplittableRandom(1));
    assertThat(terminalXs(replayed)).containsOnly(1, 2);
    Trajectories trajectories = replayed.trajectories();
    for (int i = 0; i < trajectories.count(); i++) {
      assertThat(trajectories.length(i)).isEqualTo(((DiscreteStates) trajectories.terminalStates()).get(i, 0) + 1);
      assertThat(trajectories.logReward(i)).isEqualTo(Math.log(1 + ((DiscreteStates) trajectories.terminalStates()).get(i, 0)));
    }
  }

  @Test
  void prioritized_keepsTheHighestRewards() {
    TrajectoryReplayBuffer buffer = new TrajectoryReplayBuffer(2, grid, true, false);
    buffer.add(straightLines(1, 3, 0, 2));
    assertThat(terminalXs(buffer.sample(100, new SplittableRandom(2)))).containsOnly(3, 2);
  }

  @Test
  void proportional_drawsInProportionToReward() {
    TrajectoryReplayBuffer buffer = new TrajectoryReplayBuffer(10, grid, false, true);
    buffer.add(straightLines(0, 1, 3));
    int n = 60_000;
    int[] counts = new int[4];
    for (int x : terminalXs(buffer.sample(n, new SplittableRandom(3)))) {
      counts[x]++;
    }
    // rewards 1, 2 and 4
    assertThat(counts[0] / (double) n).isCloseTo(1.0 / 7, within(0.01));
    assertThat(counts[1] / (double) n).isCloseTo(2.0 / 7, within(0.01));
    assertThat(counts[3] / (double) n).isCloseTo(4.0 / 7, within(0.01));
  }

  @Test
  void emptyBuffer_cannotBeSampled() {
    assertThatThrownBy(() -> new TrajectoryReplayBuffer(3, grid, false, false).sample(1, new SplittableRandom(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> new TrajectoryReplayBuffer(0, grid, false, false)).hasMessageContaining("positive");
  }

  @Test
  void terminalStateBuffer_resamplesValidTrajectoriesBackwardsToTheStoredObjects() {
    BackwardSampler backward = new BackwardSampler(grid, new UniformEstimator(8, 2));
    TerminalStateBuffer buffer = new TerminalStateBuffer(5, grid, backward);
    buffer.add(straightLines(3));
    Trajectories replayed = buffer.sample(4, new SplittableRandom(4)).trajectories();
    assertThat(replayed.count()).isEqualTo(4);
    for (int i = 0; i < replayed.count(); i++) {
      assertThat(replayed.discreteStates().isInitial(replayed.start(i))).isTrue();
      assertThat(((DiscreteStates) replayed.terminalStates()).row(i)).containsExactly(3, 0);
      assertThat(replayed.logReward(i)).isEqualTo(Math.log(4));
    }
  }

  @Test
  void backwardSampler_withUniformPb_splitsPathsEvenly_andEveryStepIsValid() {
    BackwardSampler backward = new BackwardSampler(grid, new UniformEstimator(8, 2));
    int n = 20_000;
    int[] values = new int[2 * n];
    for (int i = 0; i < n; i++) {
      values[2 * i] = 1;
      values[2 * i + 1] = 1;
    }
    Trajectories trajectories = backward.sample(grid.states(n, values), new double[n], new SplittableRandom(5));
    int viaX = 0;
    for (int i = 0; i < n; i++) {
      assertThat(trajectories.length(i)).isEqualTo(3);
      for (int t = trajectories.start(i); t < trajectories.end(i) - 1; t++) {
        DiscreteStates next = grid.step(trajectories.discreteStates().select(new int[] {t}), Actions.of(trajectories.action(t)));
        assertThat(next.sameState(0, trajectories.discreteStates(), t + 1)).isTrue();
      }
      viaX += trajectories.action(trajectories.start(i)) == 0 ? 1 : 0;
    }
    // [1,1] has two parents, each chosen with probability 1/2 by the uniform backward policy
    assertThat(viaX / (double) n).isCloseTo(0.5, within(0.015));
  }

  @Test
  void bufferKinds_parseFromTheWordsUsersType() {
    assertThat(ReplayConfig.Kind.of("prioritized-proportional")).isEqualTo(ReplayConfig.Kind.PRIORITIZED_PROPORTIONAL);
    assertThat(ReplayConfig.Kind.of("Terminal")).isEqualTo(ReplayConfig.Kind.TERMINAL);
    assertThatThrownBy(() -> ReplayConfig.Kind.of("lifo"))
        .hasMessage("unknown buffer kind 'lifo'; accepted: uniform, prioritized, proportional, "
            + "prioritized-proportional, terminal");
  }
}
