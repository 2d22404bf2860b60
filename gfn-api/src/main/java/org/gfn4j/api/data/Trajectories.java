package org.gfn4j.api.data;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.ActionBatch;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Environment;
import org.gfn4j.api.env.States;

/**
 * A batch of complete forward trajectories of any kind of state and action, stored trajectory-major.
 *
 * <p>Transition {@code t} takes action {@code t} of {@link #actions()} from state row {@code t} of
 * {@link #states()}. Trajectory {@code i} owns transitions {@code start(i) .. end(i) - 1}; its last transition is
 * an exit (flagged in its action), so its terminal object is the state of its last transition
 * ({@link #terminalRow(int)}), and the state after a non-exit transition {@code t} is row {@code t + 1}. Every
 * trajectory starts at an initial state, and each state carries its trajectory's condition.
 */
public final class Trajectories {
  private final States states;
  private final ActionBatch actions;
  private final int[] offsets;
  private final double[] logRewards;

  /**
   * @param states every state an action was taken from, trajectory by trajectory
   * @param actions the action taken at each of those states (an exit last in each trajectory, and only there)
   * @param offsets {@code count + 1} increasing offsets into {@code states}: trajectory {@code i} is
   *     {@code [offsets[i], offsets[i + 1])}
   * @param logRewards log-reward of each trajectory's terminal object
   */
  public Trajectories(States states, ActionBatch actions, int[] offsets, double[] logRewards) {
    this.states = requireNonNull(states, "states is null");
    this.actions = requireNonNull(actions, "actions is null");
    this.offsets = requireNonNull(offsets, "offsets is null");
    this.logRewards = requireNonNull(logRewards, "logRewards is null");
    int count = offsets.length - 1;
    if (count < 0 || offsets[0] != 0 || offsets[count] != states.size() || actions.size() != states.size()) {
      throw new IllegalArgumentException("offsets must run from 0 to " + states.size() + " with one action per state");
    }
    if (logRewards.length != count) {
      throw new IllegalArgumentException(logRewards.length + " log-rewards for " + count + " trajectories");
    }
    for (int i = 0; i < count; i++) {
      if (offsets[i + 1] <= offsets[i]) {
        throw new IllegalArgumentException("trajectory " + i + " is empty");
      }
      int last = offsets[i + 1] - 1;
      if (!actions.isExit(last)) {
        throw new IllegalArgumentException("trajectory " + i + " does not end with an exit (its last action is "
            + actions.format(last) + ")");
      }
      for (int t = offsets[i]; t < last; t++) {
        if (actions.isExit(t)) {
          throw new IllegalArgumentException("trajectory " + i + " exits at transition " + t
              + ", before its last transition " + last);
        }
      }
    }
  }

  /**
   * Discrete trajectories from action indices, the environment's exit action marking the exits.
   *
   * @param actions the action index taken at each state (the exit action last in each trajectory)
   */
  public Trajectories(DiscreteStates states, int[] actions, int[] offsets, double[] logRewards) {
    this(requireNonNull(states, "states is null"), Actions.withExit(requireNonNull(actions, "actions is null"),
        states.environment().exitAction()),
        offsets, logRewards);
  }

  /** Number of trajectories. */
  public int count() {
    return offsets.length - 1;
  }

  /** Number of transitions over all trajectories, exits included. */
  public int transitionCount() {
    return actions.size();
  }

  /** The state each transition starts from. */
  public States states() {
    return states;
  }

  /**
   * The states as a discrete batch.
   *
   * @throws IllegalStateException if the environment is not discrete
   */
  public DiscreteStates discreteStates() {
    if (!(states instanceof DiscreteStates discrete)) {
      throw new IllegalStateException("trajectories of environment '" + states.environment().name()
          + "' have " + states.getClass().getSimpleName() + ", not discrete states");
    }
    return discrete;
  }

  /** The action of every transition. */
  public ActionBatch actions() {
    return actions;
  }

  /**
   * The action index of transition {@code t}.
   *
   * @throws IllegalStateException if the actions are not indices
   */
  public int action(int t) {
    if (!(actions instanceof Actions indices)) {
      throw new IllegalStateException("trajectories of environment '" + states.environment().name()
          + "' have vector actions, not action indices");
    }
    return indices.get(t);
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
    return actions.isExit(t);
  }

  /** The row of {@link #states()} holding trajectory {@code i}'s terminal object. */
  public int terminalRow(int i) {
    return offsets[i + 1] - 1;
  }

  /** The rows of the terminal objects, one per trajectory. */
  public int[] terminalRows() {
    int[] rows = new int[count()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = terminalRow(i);
    }
    return rows;
  }

  /** The terminal objects, one per trajectory. */
  public States terminalStates() {
    return states.select(terminalRows());
  }

  /** The condition of each trajectory (width 0 when unconditional). */
  public Conditions conditions() {
    return states.conditions().select(terminalRows());
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
    double[] newLogRewards = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      for (int t = start(i), r = newOffsets[k]; t < end(i); t++, r++) {
        rows[r] = t;
      }
      newLogRewards[k] = logRewards[i];
    }
    return new Trajectories(states.select(rows), actions.select(rows), newOffsets, newLogRewards);
  }

  /** The trajectories of {@code first} followed by those of {@code second} (same environment). */
  public static Trajectories concat(Trajectories first, Trajectories second) {
    return concat(List.of(first, second));
  }

  /** The trajectories of every part, in order (at least one part; all of the same environment). */
  public static Trajectories concat(List<Trajectories> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    Environment environment = parts.get(0).states.environment();
    int count = 0;
    for (Trajectories part : parts) {
      if (part.states.environment() != environment) {
        throw new IllegalArgumentException("cannot concatenate trajectories of environments '" + environment.name()
            + "' and '" + part.states.environment().name() + "'");
      }
      count += part.count();
    }
    int[] newOffsets = new int[count + 1];
    double[] newLogRewards = new double[count];
    int t = 0;
    int i = 0;
    for (Trajectories part : parts) {
      for (int k = 0; k < part.count(); k++) {
        newOffsets[i + k + 1] = t + part.offsets[k + 1];
        newLogRewards[i + k] = part.logRewards[k];
      }
      t += part.transitionCount();
      i += part.count();
    }
    return new Trajectories(States.concat(parts.stream().map(part -> part.states).toList()),
        ActionBatch.concat(parts.stream().map(part -> part.actions).toList()), newOffsets, newLogRewards);
  }
}
