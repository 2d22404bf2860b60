package org.gfn4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfn4j.api.env.ChainEnvironment.EXIT;
import static org.gfn4j.api.env.ChainEnvironment.PLUS_ONE;
import static org.gfn4j.api.env.ChainEnvironment.PLUS_TWO;

import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.ChainEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.junit.jupiter.api.Test;

class TrajectoriesTest {
  private final ChainEnvironment env = new ChainEnvironment();
  /** Trajectory 0: [0] -> [1] -> exit; trajectory 1: [0] -> exit; trajectory 2: [0] -> [2] -> [3] -> exit. */
  private final DiscreteStates states = env.states(6, new int[] {0, 1, 0, 0, 2, 3});
  private final int[] actions = {PLUS_ONE, EXIT, EXIT, PLUS_TWO, PLUS_ONE, EXIT};
  private final int[] offsets = {0, 2, 3, 6};
  private final double[] logRewards = {0.0, Double.NEGATIVE_INFINITY, Math.log(3)};

  @Test
  void accessors_describeTheBatch() {
    Trajectories trajectories = new Trajectories(states, actions, offsets, logRewards);

    assertThat(trajectories.count()).isEqualTo(3);
    assertThat(trajectories.transitionCount()).isEqualTo(6);
    assertThat(trajectories.discreteStates()).isSameAs(states);
    assertThat(trajectories.action(3)).isEqualTo(PLUS_TWO);
    assertThat(((Actions) trajectories.actions()).indices()).containsExactly(actions);
    assertThat(trajectories.start(2)).isEqualTo(3);
    assertThat(trajectories.end(2)).isEqualTo(6);
    assertThat(trajectories.length(0)).isEqualTo(2);
    assertThat(trajectories.length(1)).isEqualTo(1);
    assertThat(trajectories.length(2)).isEqualTo(3);
    assertThat(trajectories.logReward(2)).isEqualTo(Math.log(3));
    assertThat(trajectories.logRewards()).containsExactly(logRewards);
  }

  @Test
  void isExit_marksTheLastTransitionOfEachTrajectory() {
    Trajectories trajectories = new Trajectories(states, actions, offsets, logRewards);

    boolean[] exits = new boolean[6];
    for (int t = 0; t < exits.length; t++) {
      exits[t] = trajectories.isExit(t);
    }

    assertThat(exits).containsExactly(false, true, true, false, false, true);
  }

  @Test
  void terminalRow_andTerminalStates_pointAtTheStateOfTheExit() {
    Trajectories trajectories = new Trajectories(states, actions, offsets, logRewards);

    assertThat(trajectories.terminalRow(0)).isEqualTo(1);
    assertThat(trajectories.terminalRow(1)).isEqualTo(2);
    assertThat(trajectories.terminalRow(2)).isEqualTo(5);
    DiscreteStates terminal = (DiscreteStates) ((DiscreteStates) trajectories.terminalStates());
    assertThat(terminal.toArray()).containsExactly(1, 0, 3);
    assertThat(terminal.format(2)).isEqualTo("[3]");
  }

  @Test
  void copies_doNotExposeInternalArrays() {
    Trajectories trajectories = new Trajectories(states, actions, offsets, logRewards);

    trajectories.logRewards()[0] = 42;

    assertThat(trajectories.action(0)).isEqualTo(PLUS_ONE);
    assertThat(trajectories.logReward(0)).isEqualTo(0.0);
  }

  @Test
  void emptyBatch_isAllowed() {
    Trajectories trajectories = new Trajectories(env.states(0, new int[0]), new int[0], new int[] {0}, new double[0]);

    assertThat(trajectories.count()).isZero();
    assertThat(trajectories.transitionCount()).isZero();
  }

  @Test
  void constructor_rejectsOffsetsNotStartingAtZero() {
    assertThatThrownBy(() -> new Trajectories(states, actions, new int[] {1, 2, 3, 6}, logRewards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offsets must run from 0 to 6 with one action per state");
  }

  @Test
  void constructor_rejectsOffsetsNotCoveringTheStates() {
    assertThatThrownBy(() -> new Trajectories(states, actions, new int[] {0, 2, 3, 5}, logRewards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offsets must run from 0 to 6 with one action per state");
    assertThatThrownBy(() -> new Trajectories(states, actions, new int[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offsets must run from 0 to 6 with one action per state");
  }

  @Test
  void constructor_rejectsActionCountDifferentFromStateCount() {
    int[] fewer = {PLUS_ONE, EXIT, EXIT, PLUS_TWO, EXIT};

    assertThatThrownBy(() -> new Trajectories(states, fewer, offsets, logRewards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offsets must run from 0 to 6 with one action per state");
  }

  @Test
  void constructor_rejectsWrongRewardCount() {
    assertThatThrownBy(() -> new Trajectories(states, actions, offsets, new double[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 log-rewards for 3 trajectories");
  }

  @Test
  void constructor_rejectsEmptyTrajectory() {
    assertThatThrownBy(() -> new Trajectories(states, actions, new int[] {0, 2, 2, 6}, logRewards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trajectory 1 is empty");
  }

  @Test
  void constructor_rejectsTrajectoryNotEndingWithExit() {
    int[] noExit = {PLUS_ONE, EXIT, EXIT, PLUS_TWO, PLUS_ONE, PLUS_ONE};

    assertThatThrownBy(() -> new Trajectories(states, noExit, offsets, logRewards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trajectory 2 does not end with an exit (its last action is 0)");
  }

  @Test
  void constructor_rejectsExitBeforeTheEndOfATrajectory() {
    // trajectory 2 would exit at [0] and then continue from [2]
    int[] earlyExit = {PLUS_ONE, EXIT, EXIT, EXIT, PLUS_ONE, EXIT};

    assertThatThrownBy(() -> new Trajectories(states, earlyExit, offsets, logRewards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trajectory 2 exits at transition 3, before its last transition 5");
  }

  @Test
  void constructor_rejectsNulls() {
    assertThatThrownBy(() -> new Trajectories(null, actions, offsets, logRewards))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("states is null");
    assertThatThrownBy(() -> new Trajectories(states, actions, offsets, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("logRewards is null");
  }

  @Test
  void select_andConcat_keepWholeTrajectoriesInOrder() {
    Trajectories trajectories = new Trajectories(states, actions, offsets, logRewards);
    Trajectories selected = trajectories.select(new int[] {2, 0, 2});
    assertThat(selected.count()).isEqualTo(3);
    assertThat(((Actions) selected.actions()).indices())
        .containsExactly(PLUS_TWO, PLUS_ONE, EXIT, PLUS_ONE, EXIT, PLUS_TWO, PLUS_ONE, EXIT);
    assertThat(selected.discreteStates().toArray()).containsExactly(0, 2, 3, 0, 1, 0, 2, 3);
    assertThat(selected.logRewards()).containsExactly(Math.log(3), 0.0, Math.log(3));
    Trajectories joined = Trajectories.concat(trajectories.select(new int[] {1}), selected);
    assertThat(joined.count()).isEqualTo(4);
    assertThat(joined.start(1)).isEqualTo(1);
    assertThat(((DiscreteStates) ((DiscreteStates) joined.terminalStates())).toArray()).containsExactly(0, 3, 1, 3);
    assertThat(joined.logReward(0)).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
