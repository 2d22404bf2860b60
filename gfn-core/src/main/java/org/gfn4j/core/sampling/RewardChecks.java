package org.gfn4j.core.sampling;

import org.gfn4j.api.env.States;
import org.gfn4j.api.reward.RewardFunction;

/** Validation of log-rewards returned by a {@link RewardFunction}. */
public final class RewardChecks {
  private RewardChecks() {}

  /** A reward that gave a NaN or {@code +inf} log-reward, naming the state; in training, also the iteration. */
  public static final class InvalidRewardException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int iteration;

    /** An invalid reward outside the training loop, with the given one-line message. */
    public InvalidRewardException(String message) {
      this(message, 0, null);
    }

    private InvalidRewardException(String message, int iteration, Throwable cause) {
      super(message, cause);
      this.iteration = iteration;
    }

    /** The 1-based training iteration at which the reward failed, or 0 when not known. */
    public int iteration() {
      return iteration;
    }

    /** The same failure, its message naming the training iteration. */
    public InvalidRewardException atIteration(int iteration) {
      return new InvalidRewardException("at training iteration " + iteration + ": " + getMessage(), iteration, this);
    }
  }

  /**
   * Checks one log-reward per state, none NaN or {@code +inf} (a reward that is NaN, negative or infinite).
   *
   * @throws InvalidRewardException naming the reward, the state and the value
   */
  public static void check(double[] logRewards, States states, RewardFunction reward) {
    if (logRewards.length != states.size()) {
      throw new InvalidRewardException("reward '" + reward.describe() + "' returned " + logRewards.length
          + " log-rewards for " + states.size() + " states");
    }
    for (int row = 0; row < logRewards.length; row++) {
      double value = logRewards[row];
      if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
        throw new InvalidRewardException("reward '" + reward.describe() + "' gave log-reward " + value
            + " for state " + states.format(row) + " (row " + row + "); expected a finite value or -inf (reward 0)"
            + " from a reward that is finite and non-negative");
      }
    }
  }
}
