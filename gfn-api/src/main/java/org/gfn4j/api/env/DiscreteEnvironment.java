package org.gfn4j.api.env;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A discrete environment: integer state vectors, a fixed number of actions of which the last is "exit".
 *
 * <p>Conventions (those of torchgfn): forward action {@code a < exitAction()} moves to a child state; the exit
 * action ends the trajectory, making the current state the terminal object. There are {@code actionCount() - 1}
 * backward actions, and backward action {@code a} undoes forward action {@code a} (the identity mapping of
 * {@link StepEnvironment#backwardActions}). A state with no allowed backward action is an initial state. Rewards
 * are given in log space; a reward of 0 is a log-reward of {@code -inf}. The policy heads are masked categoricals
 * over the forward and backward masks ({@link MaskedCategorical}).
 *
 * <p>Extend {@link AbstractDiscreteEnvironment}, which implements the batching and the validation, rather than
 * implementing this interface directly.
 */
public interface DiscreteEnvironment extends StepEnvironment<DiscreteStates, Actions> {
  /** Length of each state's integer vector. */
  int stateDim();

  /** Number of forward actions, the exit action included. */
  int actionCount();

  /** Index of the exit action: {@code actionCount() - 1}. */
  default int exitAction() {
    return actionCount() - 1;
  }

  /** Number of backward actions: {@code actionCount() - 1}. */
  default int backwardActionCount() {
    return actionCount() - 1;
  }

  /** Wraps raw values ({@code rows * stateDim()} ints, row-major) as states of this environment. */
  DiscreteStates states(int rows, int[] values);

  /** Fills {@code out} ({@code rows * actionCount()}) with which forward actions each state allows. */
  void fillForwardMasks(DiscreteStates states, boolean[] out);

  /** Fills {@code out} ({@code rows * (actionCount() - 1)}) with which backward actions each state allows. */
  void fillBackwardMasks(DiscreteStates states, boolean[] out);

  /**
   * Applies one non-exit forward action per row.
   *
   * @throws IllegalArgumentException naming the row, the state and the action if an action is masked, is the
   *     exit action or is out of range
   */
  DiscreteStates step(DiscreteStates states, Actions actions);

  /**
   * Applies one backward action per row, undoing the forward action with the same index.
   *
   * @throws IllegalArgumentException naming the row, the state and the action if an action is masked or out of
   *     range
   */
  DiscreteStates backwardStep(DiscreteStates states, Actions actions);

  /** The log-reward of each state, taken as a terminal object (finite or {@code -inf}, never NaN). */
  double[] logReward(DiscreteStates terminalStates);

  /** Writes the features of each state into {@code out} ({@code rows * encodingDim()}, row-major). */
  void encode(DiscreteStates states, float[] out);

  /**
   * Draws terminal objects uniformly at random over all of them, without rolling a policy out, where the
   * environment knows how; empty (the default) where it does not. Evaluations use it for a held-out set that covers
   * the whole space (the sampled metrics' correlation of log R and log p), and otherwise fall back to the terminal
   * states of a uniform-action policy, which on a large space stay near the initial state.
   *
   * @param n how many to draw, {@code >= 0}
   * @param random the only source of randomness: the same generator state gives the same states
   * @return {@code n} states of this environment, each of which allows the exit action, carrying no conditions; or
   *     empty
   */
  default Optional<DiscreteStates> sampleTerminalStates(int n, RandomGenerator random) {
    return Optional.empty();
  }

  /** The masked categorical over {@link DiscreteStates#forwardMasks()}, exit last. */
  @Override
  default PolicyHead<DiscreteStates, Actions> forwardHead() {
    return MaskedCategorical.forward(this);
  }

  /** The masked categorical over {@link DiscreteStates#backwardMasks()}. */
  @Override
  default PolicyHead<DiscreteStates, Actions> backwardHead() {
    return MaskedCategorical.backward(this);
  }
}
