package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.random.RandomGenerator;
import org.gfn4j.api.param.Parameters;

/**
 * Base class for discrete environments: a plugin writes the per-state rules ({@link #forwardMask},
 * {@link #applyForward}, ...) on plain arrays, and this class batches them and rejects invalid actions with a
 * message that names the row, the state and the action.
 */
public abstract class AbstractDiscreteEnvironment implements DiscreteEnvironment {
  private final String name;
  private final Parameters parameters;
  private final int stateDim;
  private final int actionCount;

  /**
   * @param name provider name
   * @param parameters the validated parameters
   * @param stateDim length of a state vector
   * @param actionCount forward actions including exit (at least 2)
   */
  protected AbstractDiscreteEnvironment(String name, Parameters parameters, int stateDim, int actionCount) {
    this.name = requireNonNull(name, "name is null");
    this.parameters = requireNonNull(parameters, "parameters is null");
    if (stateDim < 1 || actionCount < 2) {
      throw new IllegalArgumentException(
          "environment '" + name + "' needs stateDim >= 1 and actionCount >= 2, got " + stateDim + ", " + actionCount);
    }
    this.stateDim = stateDim;
    this.actionCount = actionCount;
  }

  /** Writes the initial state into {@code values[offset .. offset + stateDim)}. */
  protected abstract void initialState(int[] values, int offset);

  /** Writes which forward actions the state at {@code values[offset]} allows into {@code out[outOffset ..]}. */
  protected abstract void forwardMask(int[] values, int offset, boolean[] out, int outOffset);

  /** Writes which backward actions the state at {@code values[offset]} allows into {@code out[outOffset ..]}. */
  protected abstract void backwardMask(int[] values, int offset, boolean[] out, int outOffset);

  /** Applies an allowed non-exit forward action to the state at {@code values[offset]}, in place. */
  protected abstract void applyForward(int[] values, int offset, int action);

  /** Applies an allowed backward action to the state at {@code values[offset]}, in place. */
  protected abstract void applyBackward(int[] values, int offset, int action);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Parameters parameters() {
    return parameters;
  }

  @Override
  public final int stateDim() {
    return stateDim;
  }

  @Override
  public final int actionCount() {
    return actionCount;
  }

  @Override
  public final DiscreteStates initialStates(int n, Conditions conditions) {
    int[] values = new int[n * stateDim];
    for (int row = 0; row < n; row++) {
      initialState(values, row * stateDim);
    }
    return new DiscreteStates(this, n, values, conditions);
  }

  @Override
  public final DiscreteStates states(int rows, int[] values) {
    return new DiscreteStates(this, rows, values);
  }

  /**
   * {@code n} states whose every value is drawn by {@code random.nextInt(bound)}, row by row, position by position:
   * {@link #sampleTerminalStates} for an environment whose terminal states are all the vectors of
   * {@link #stateDim()} values in {@code 0 .. bound - 1}.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  protected final DiscreteStates uniformStates(int n, int bound, RandomGenerator random) {
    if (n < 0) {
      throw new IllegalArgumentException("environment '" + name() + "': cannot draw " + n + " terminal states");
    }
    int[] values = new int[Math.multiplyExact(n, stateDim)];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(bound);
    }
    return states(n, values);
  }

  @Override
  public final void fillForwardMasks(DiscreteStates states, boolean[] out) {
    int[] values = states.values();
    for (int row = 0; row < states.size(); row++) {
      forwardMask(values, row * stateDim, out, row * actionCount);
    }
  }

  @Override
  public final void fillBackwardMasks(DiscreteStates states, boolean[] out) {
    int[] values = states.values();
    for (int row = 0; row < states.size(); row++) {
      backwardMask(values, row * stateDim, out, row * (actionCount - 1));
    }
  }

  @Override
  public final DiscreteStates step(DiscreteStates states, Actions actions) {
    checkBatch(states, actions);
    Masks masks = states.forwardMasks();
    int[] next = states.values().clone();
    for (int row = 0; row < states.size(); row++) {
      int action = actions.get(row);
      if (action == exitAction()) {
        throw new IllegalArgumentException(describe(states, row, "exit action " + action
            + " cannot be stepped (it ends the trajectory)"));
      }
      checkAllowed(states, masks, row, action, "action");
      applyForward(next, row * stateDim, action);
    }
    return new DiscreteStates(this, states.size(), next, states.conditions());
  }

  @Override
  public final DiscreteStates backwardStep(DiscreteStates states, Actions actions) {
    checkBatch(states, actions);
    Masks masks = states.backwardMasks();
    int[] previous = states.values().clone();
    for (int row = 0; row < states.size(); row++) {
      int action = actions.get(row);
      checkAllowed(states, masks, row, action, "backward action");
      applyBackward(previous, row * stateDim, action);
    }
    return new DiscreteStates(this, states.size(), previous, states.conditions());
  }

  private void checkBatch(DiscreteStates states, Actions actions) {
    if (states.environment() != this) {
      throw new IllegalArgumentException(
          "states of environment '" + states.environment().name() + "' passed to environment '" + name + "'");
    }
    if (states.size() != actions.size()) {
      throw new IllegalArgumentException("environment '" + name + "': " + states.size() + " states but "
          + actions.size() + " actions");
    }
  }

  private void checkAllowed(DiscreteStates states, Masks masks, int row, int action, String what) {
    if (action < 0 || action >= masks.width()) {
      throw new IllegalArgumentException(describe(states, row,
          what + " " + action + " is out of range [0, " + (masks.width() - 1) + "]"));
    }
    if (!masks.isAllowed(row, action)) {
      throw new IllegalArgumentException(describe(states, row, what + " " + action + " is masked"));
    }
  }

  private String describe(DiscreteStates states, int row, String problem) {
    return problem + " for state " + states.format(row) + " in environment '" + name + "' (row " + row + " of "
        + states.size() + ")";
  }
}
