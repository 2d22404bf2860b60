package org.gfn4j.api.reward;

import org.gfn4j.api.env.States;

/** Scores terminal objects: the log-reward a GFlowNet is trained to sample in proportion to. */
public interface RewardFunction {
  /**
   * The log-reward of each terminal state (under its condition, for a conditional environment): finite or
   * {@code -inf} (reward 0), never NaN or {@code +inf}. Implementations must be safe to call from several threads.
   */
  double[] logReward(States terminalStates);

  /** A short description for logs and provenance ({@code "hypergrid reward"}). */
  String describe();
}
