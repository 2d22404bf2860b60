package org.gfn4j.api.reward;

import org.gfn4j.api.env.DiscreteStates;

/** Scores terminal objects: the log-reward a GFlowNet is trained to sample in proportion to. */
public interface RewardFunction {
  /**
   * The log-reward of each terminal state: finite or {@code -inf} (reward 0), never NaN or {@code +inf}.
   * Implementations must be safe to call from several threads.
   */
  double[] logReward(DiscreteStates terminalStates);

  /** A short description for logs and provenance ({@code "hypergrid reward"}). */
  String describe();
}
