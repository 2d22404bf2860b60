package org.gfn4j.core.sampling;

import org.gfn4j.api.env.States;
import org.gfn4j.api.reward.RewardFunction;

/** Validation of log-rewards returned by a {@link RewardFunction}. */
public final class RewardChecks {
  private RewardChecks() {}

  /**
   * Checks one log-reward per state, none NaN or {@code +inf} (a reward that is NaN, negative or infinite).
   *
   * @throws IllegalArgumentException naming the reward, the state and the value
   */
  public static void check(double[] logRewards, States states, RewardFunction reward) {
    if (logRewards.length != states.size()) {
      throw new IllegalArgumentException("reward '" + reward.describe() + "' returned " + logRewards.length
          + " log-rewards for " + states.size() + " states");
    }
    for (int row = 0; row < logRewards.length; row++) {
      double value = logRewards[row];
      if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("reward '" + reward.describe() + "' gave log-reward " + value
            + " for state " + states.format(row) + " (row " + row + "); expected a finite value or -inf (reward 0)"
            + " from a reward that is finite and non-negative");
      }
    }
  }
}
