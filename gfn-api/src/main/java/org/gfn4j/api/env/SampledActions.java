package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;


/**
 * Actions drawn by a {@link PolicyHead}, with the log-probability of each under the distribution sampled from.
 *
 * @param actions one action per row
 * @param logProbabilities one value per row; owned by this value
 * @param <A> the kind of action batch
 */
public record SampledActions<A extends ActionBatch>(A actions, double[] logProbabilities) {
  public SampledActions {
    requireNonNull(actions, "actions is null");
    requireNonNull(logProbabilities, "logProbabilities is null");
    if (logProbabilities.length != actions.size()) {
      throw new IllegalArgumentException(logProbabilities.length + " log-probabilities for " + actions.size()
          + " actions");
    }
  }
}
