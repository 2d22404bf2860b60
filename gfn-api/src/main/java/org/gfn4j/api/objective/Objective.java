package org.gfn4j.api.objective;

import java.util.Set;

/**
 * A GFlowNet training objective as a pure, differentiable function of estimator outputs. It owns no networks:
 * the trainer computes the declared {@link Term}s, calls {@link #evaluate}, and back-propagates the returned
 * gradients through the estimators.
 */
public interface Objective {
  /** The estimator outputs this objective reads; the trainer computes exactly these. */
  Set<Term> inputs();

  /** The loss on a batch and its gradient with respect to each declared input. */
  ObjectiveResult evaluate(ObjectiveInput input);

  /**
   * The exponent {@code beta} of the reward in the distribution this objective trains the sampler towards,
   * proportional to {@code R(x)^beta} (times the frozen prior's terminal distribution for an objective that reads
   * {@link Term#PRIOR_LOG_PF}); evaluation compares with that distribution. 1 unless the objective tempers the
   * reward itself.
   */
  default double rewardExponent() {
    return 1;
  }
}
