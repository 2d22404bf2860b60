package org.gfn4j.testkit;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;

/**
 * Hand-built batches of trajectories for tests: each trajectory is written as its sequence of non-exit actions.
 *
 * <pre>{@code
 * // [0] -> [1] -> exit, [0] -> exit, [0] -> [2] -> [3] -> exit, with the environment's own rewards
 * Trajectories batch = TrajectoryBatches.replay(chain, null,
 *     new int[] {PLUS_ONE}, new int[] {}, new int[] {PLUS_TWO, PLUS_ONE});
 * }</pre>
 */
public final class TrajectoryBatches {
  private TrajectoryBatches() {}

  /**
   * Replays each action sequence from the initial state with {@link DiscreteEnvironment#step} and ends it with the
   * exit action.
   *
   * @param env the environment whose rules apply
   * @param logRewards one log-reward per trajectory, or {@code null} to score the terminal states with
   *     {@link DiscreteEnvironment#logReward}
   * @param actionSequences the non-exit actions of each trajectory (an empty sequence exits at once)
   * @return the trajectories, transition {@code t} of trajectory {@code i} at row {@code start(i) + t}
   * @throws IllegalArgumentException if an action is not allowed (as {@code step} reports it), the exit is not
   *     allowed at a sequence's last state, or {@code logRewards} has the wrong length
   */
  public static Trajectories replay(DiscreteEnvironment env, double[] logRewards, int[]... actionSequences) {
    requireNonNull(env, "env is null");
    requireNonNull(actionSequences, "actionSequences is null");
    if (logRewards != null && logRewards.length != actionSequences.length) {
      throw new IllegalArgumentException(logRewards.length + " log-rewards for " + actionSequences.length
          + " trajectories");
    }
    int dim = env.stateDim();
    int exit = env.exitAction();
    int[] offsets = new int[actionSequences.length + 1];
    for (int i = 0; i < actionSequences.length; i++) {
      offsets[i + 1] = offsets[i] + requireNonNull(actionSequences[i], "action sequence " + i + " is null").length
          + 1;
    }
    int[] values = new int[offsets[actionSequences.length] * dim];
    int[] actions = new int[offsets[actionSequences.length]];
    int[] terminalValues = new int[actionSequences.length * dim];
    for (int i = 0; i < actionSequences.length; i++) {
      DiscreteStates state = env.initialStates(1);
      int row = offsets[i];
      for (int action : actionSequences[i]) {
        System.arraycopy(state.row(0), 0, values, row * dim, dim);
        actions[row++] = action;
        state = env.step(state, Actions.of(action));
      }
      if (!state.forwardMasks().isAllowed(0, exit)) {
        throw new IllegalArgumentException("trajectory " + i + " " + Arrays.toString(actionSequences[i])
            + " ends in state " + state.format(0) + ", where the exit action " + exit + " is masked");
      }
      System.arraycopy(state.row(0), 0, values, row * dim, dim);
      System.arraycopy(state.row(0), 0, terminalValues, i * dim, dim);
      actions[row] = exit;
    }
    double[] rewards = logRewards != null
        ? logRewards.clone()
        : env.logReward(env.states(actionSequences.length, terminalValues));
    return new Trajectories(env.states(actions.length, values), actions, offsets, rewards);
  }
}
