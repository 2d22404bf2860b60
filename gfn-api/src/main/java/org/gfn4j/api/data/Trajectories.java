package org.gfn4j.api.data;

import static java.util.Objects.requireNonNull;

import org.gfn4j.api.env.DiscreteStates;

/**
 * A batch of complete forward trajectories, stored trajectory-major.
 *
 * <p>Transition {@code t} takes action {@code action(t)} from state row {@code t} of {@link #states()}.
 * Trajectory {@code i} owns transitions {@code start(i) .. end(i) - 1}; its last transition is the exit
 * action, so its terminal object is the state of its last transition ({@link #terminalRow(int)}), and the state
 * after a non-exit transition {@code t} is row {@code t + 1}. Every trajectory starts at an initial state.
 */
public final class Trajectories {
  private final DiscreteStates states;
  private final int[] actions;
  private final int[] offsets;
  private final double[] logRewards;

  /**
   * @param states every state an action was taken from, trajectory by trajectory
   * @param actions the action taken at each of those states (the exit action last in each trajectory)
   * @param offsets {@code count + 1} increasing offsets into {@code states}: trajectory {@code i} is
   *     {@code [offsets[i], offsets[i + 1])}
   * @param logRewards log-reward of each trajectory's terminal object
   */
  public Trajectories(DiscreteStates states, int[] actions, int[] offsets, double[] logRewards) {
    this.states = requireNonNull(states, "states is null");
    this.actions = requireNonNull(actions, "actions is null");
    this.offsets = requireNonNull(offsets, "offsets is null");
    this.logRewards = requireNonNull(logRewards, "logRewards is null");
    int count = offsets.length - 1;
    if (count < 0 || offsets[0] != 0 || offsets[count] != states.size() || actions.length != states.size()) {
      throw new IllegalArgumentException("offsets must run from 0 to " + states.size() + " with one action per state");
    }
    if (logRewards.length != count) {
      throw new IllegalArgumentException(logRewards.length + " log-rewards for " + count + " trajectories");
    }
    int exit = states.environment().exitAction();
    for (int i = 0; i < count; i++) {
      if (offsets[i + 1] <= offsets[i]) {
        throw new IllegalArgumentException("trajectory " + i + " is empty");
      }
      if (actions[offsets[i + 1] - 1] != exit) {
        throw new IllegalArgumentException("trajectory " + i + " does not end with the exit action " + exit);
      }
      for (int t = offsets[i]; t < offsets[i + 1] - 1; t++) {
        if (actions[t] == exit) {
          throw new IllegalArgumentException("trajectory " + i + " takes the exit action " + exit + " at transition "
              + t + ", before its last transition " + (offsets[i + 1] - 1));
        }
      }
    }
  }

  /** Number of trajectories. */
  public int count() {
    return offsets.length - 1;
  }

  /** Number of transitions over all trajectories, exits included. */
  public int transitionCount() {
    return actions.length;
  }

  /** The state each transition starts from. */
  public DiscreteStates states() {
    return states;
  }

  /** The action of transition {@code t}. */
  public int action(int t) {
    return actions[t];
  }

  /** A copy of every transition's action. */
  public int[] actions() {
    return actions.clone();
  }

  /** First transition of trajectory {@code i}. */
  public int start(int i) {
    return offsets[i];
  }

  /** One past the last transition of trajectory {@code i}. */
  public int end(int i) {
    return offsets[i + 1];
  }

  /** Number of transitions of trajectory {@code i}, the exit included. */
  public int length(int i) {
    return offsets[i + 1] - offsets[i];
  }

  /** Whether transition {@code t} is an exit (the last of its trajectory). */
  public boolean isExit(int t) {
    return actions[t] == states.environment().exitAction();
  }

  /** The row of {@link #states()} holding trajectory {@code i}'s terminal object. */
  public int terminalRow(int i) {
    return offsets[i + 1] - 1;
  }

  /** The terminal objects, one per trajectory. */
  public DiscreteStates terminalStates() {
    int[] rows = new int[count()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = terminalRow(i);
    }
    return states.select(rows);
  }

  /** Log-reward of trajectory {@code i}'s terminal object. */
  public double logReward(int i) {
    return logRewards[i];
  }

  /** A copy of all log-rewards. */
  public double[] logRewards() {
    return logRewards.clone();
  }

  /** The trajectories at the given indices, in that order (an index may repeat). */
  public Trajectories select(int[] indices) {
    int[] newOffsets = new int[indices.length + 1];
    for (int k = 0; k < indices.length; k++) {
      newOffsets[k + 1] = newOffsets[k] + length(indices[k]);
    }
    int[] rows = new int[newOffsets[indices.length]];
    int[] newActions = new int[rows.length];
    double[] newLogRewards = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      for (int t = start(i), r = newOffsets[k]; t < end(i); t++, r++) {
        rows[r] = t;
        newActions[r] = actions[t];
      }
      newLogRewards[k] = logRewards[i];
    }
    return new Trajectories(states.select(rows), newActions, newOffsets, newLogRewards);
  }

  /** The trajectories of {@code first} followed by those of {@code second} (same environment). */
  public static Trajectories concat(Trajectories first, Trajectories second) {
    return concat(java.util.List.of(first, second));
  }

  /** The trajectories of every part, in order (at least one part; all of the same environment). */
  public static Trajectories concat(java.util.List<Trajectories> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    var environment = parts.get(0).states.environment();
    int transitions = 0;
    int count = 0;
    for (Trajectories part : parts) {
      if (part.states.environment() != environment) {
        throw new IllegalArgumentException("cannot concatenate trajectories of environments '" + environment.name()
            + "' and '" + part.states.environment().name() + "'");
      }
      transitions += part.transitionCount();
      count += part.count();
    }
    int dim = environment.stateDim();
    int[] values = new int[transitions * dim];
    int[] newActions = new int[transitions];
    int[] newOffsets = new int[count + 1];
    double[] newLogRewards = new double[count];
    int t = 0;
    int i = 0;
    for (Trajectories part : parts) {
      System.arraycopy(part.states.toArray(), 0, values, t * dim, part.transitionCount() * dim);
      System.arraycopy(part.actions, 0, newActions, t, part.transitionCount());
      for (int k = 0; k < part.count(); k++) {
        newOffsets[i + k + 1] = t + part.offsets[k + 1];
        newLogRewards[i + k] = part.logRewards[k];
      }
      t += part.transitionCount();
      i += part.count();
    }
    return new Trajectories(environment.states(transitions, values), newActions, newOffsets, newLogRewards);
  }
}
