package org.gfn4j.api.env;

import java.util.List;
import java.util.Map;
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

  /** Names of the metrics {@link #distributionMetrics} adds to an exact evaluation, in order; none by default. */
  default List<String> distributionMetricNames() {
    return List.of();
  }

  /**
   * Metrics of a distribution over the states that an exact evaluation reports beside its own, such as a structure
   * learner's edge-marginal errors; none by default.
   *
   * @param distribution the probability of each state, entry {@code i} for the state of index {@code i} (0 where
   *     a state cannot be a terminal object); the learned sampler's, as the exact evaluation computes it
   * @return a value for each of {@link #distributionMetricNames} (NaN where one does not apply)
   */
  default Map<String, Double> distributionMetrics(double[] distribution) {
    return Map.of();
  }

  /** The log partition function of the environment's own reward in closed form, when one is known. */
  default OptionalDouble closedFormLogPartition() {
    return OptionalDouble.empty();
  }
}
