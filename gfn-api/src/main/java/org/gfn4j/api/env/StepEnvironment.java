package org.gfn4j.api.env;


/**
 * The batched rules of an environment, of one kind of states {@code S} and actions {@code A}: initial states,
 * forward and backward steps, the forward-to-backward action mapping, rewards, the encoding, and the policy heads
 * that turn an estimator's outputs into distributions over its actions. Samplers, trajectories and the trainer
 * are written once against this contract.
 *
 * <p>Forward actions either move to a child state or are the exit, flagged per row, which ends the trajectory and
 * makes the current state the terminal object. Backward actions form a space of their own (the one
 * {@link #backwardHead()} samples from); {@link #backwardActions} maps a forward action to the backward action that
 * undoes it (identity by default). Rewards are in log space; a reward of 0 is a log-reward of {@code -inf}.
 *
 * @param <S> the kind of state batch
 * @param <A> the kind of action batch
 */
public interface StepEnvironment<S extends States, A extends ActionBatch> extends Environment {
  /** A batch of {@code n} copies of the initial state, unconditioned (an unconditional environment). */
  default S initialStates(int n) {
    return initialStates(n, Conditions.none(n));
  }

  /**
   * A batch of initial states, row {@code i} with condition row {@code i}.
   *
   * @throws IllegalArgumentException if the conditions' width is not {@link #conditionDim()}
   */
  S initialStates(int n, Conditions conditions);

  /**
   * Applies one non-exit forward action per row; each row keeps its condition.
   *
   * @throws IllegalArgumentException naming the row, the state and the action if an action is invalid there or is
   *     an exit
   */
  S step(S states, A actions);

  /**
   * Applies one backward action per row, to a parent state; each row keeps its condition.
   *
   * @throws IllegalArgumentException naming the row, the state and the action if an action is invalid there
   */
  S backwardStep(S states, A actions);

  /**
   * The backward actions that undo non-exit {@code forward} actions taken at {@code states} (which led to
   * {@code next}): the identity unless the backward action space differs from the forward one.
   */
  default A backwardActions(S states, A forward, S next) {
    return forward;
  }

  /** The log-reward of each state taken as a terminal object (finite or {@code -inf}, never NaN). */
  double[] logReward(S terminalStates);

  /** Writes the features of each state into {@code out} ({@code rows * encodingDim()}, row-major). */
  void encode(S states, float[] out);

  /** The head that turns a forward estimator's outputs into a distribution over forward actions (exit included). */
  PolicyHead<S, A> forwardHead();

  /** The head that turns a backward estimator's outputs into a distribution over backward actions. */
  PolicyHead<S, A> backwardHead();

  /**
   * {@code states} as this environment's kind.
   *
   * @throws IllegalArgumentException if they belong to another environment
   */
  @SuppressWarnings("unchecked")
  default S own(States states) {
    if (states.environment() != this) {
      throw new IllegalArgumentException("states of environment '" + states.environment().name()
          + "' passed to environment '" + name() + "'");
    }
    return (S) states;
  }

  /** {@link #logReward} of states given as the common type (they must be this environment's). */
  default double[] logRewardOf(States terminalStates) {
    return logReward(own(terminalStates));
  }

  /** {@link #encode} of states given as the common type (they must be this environment's). */
  default void encodeOf(States states, float[] out) {
    encode(own(states), out);
  }
}
