package org.gfn4j.api.env;

import java.util.OptionalDouble;

/**
 * A discrete environment small enough to list every state, which allows exact evaluation: the learned terminal
 * distribution by dynamic programming over the state graph, compared with the normalised reward.
 */
public interface Enumerable {
  /** Number of states (initial and terminal ones included). */
  int stateCount();

  /** Every state, row {@code i} being the state with index {@code i}. */
  DiscreteStates allStates();

  /** The canonical index of state {@code row} of {@code states}, in {@code [0, stateCount())}. */
  int indexOf(DiscreteStates states, int row);

  /** The log partition function of the environment's own reward in closed form, when one is known. */
  default OptionalDouble closedFormLogPartition() {
    return OptionalDouble.empty();
  }
}
