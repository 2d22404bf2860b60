package org.gfn4j.api.env;

import java.util.List;

/**
 * A batch of states of one environment, the contract trajectories, samplers and objectives are written against.
 * A batch has a kind: {@link DiscreteStates} (integer vectors with cached masks) or {@link ContinuousStates}
 * (real vectors); a ragged graph kind is to follow. Every row carries its condition ({@link #conditions()}, of
 * width 0 for an unconditional environment). Batches are immutable values; they are not thread-safe while a
 * kind caches derived data (masks) lazily.
 */
public sealed interface States permits DiscreteStates, ContinuousStates {
  /** The environment these states belong to. */
  StepEnvironment<?, ?> environment();

  /** Number of states in the batch. */
  int size();

  /** Whether state {@code row} is an initial state (a trajectory starts there; it has no parent). */
  boolean isInitial(int row);

  /** The condition of each row ({@link Conditions#width()} 0 when the environment is unconditional). */
  Conditions conditions();

  /** The states at the given rows, in that order (a row may repeat), conditions and cached data included. */
  States select(int[] rows);

  /** The same states with other conditions (one row per state). */
  States withConditions(Conditions conditions);

  /** Whether row {@code a} of this batch and row {@code b} of {@code other} hold the same state and condition. */
  boolean sameState(int a, States other, int b);

  /** One state as text, {@code "[3, 1]"} or {@code "[0.25, 0.5] | c=[0.5]"}. */
  String format(int row);

  /**
   * The rows of every batch in order: all of one kind and one environment, at least one batch.
   *
   * @throws IllegalArgumentException if the list is empty or mixes kinds or environments
   */
  static States concat(List<? extends States> batches) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("no state batches to concatenate");
    }
    States first = batches.get(0);
    for (States batch : batches) {
      if (batch.environment() != first.environment() || batch.getClass() != first.getClass()) {
        throw new IllegalArgumentException("cannot concatenate states of environment '" + first.environment().name()
            + "' (" + first.getClass().getSimpleName() + ") and '" + batch.environment().name() + "' ("
            + batch.getClass().getSimpleName() + ")");
      }
    }
    if (first instanceof DiscreteStates) {
      return DiscreteStates.concat(batches.stream().map(DiscreteStates.class::cast).toList());
    }
    return ContinuousStates.concat(batches.stream().map(ContinuousStates.class::cast).toList());
  }
}
