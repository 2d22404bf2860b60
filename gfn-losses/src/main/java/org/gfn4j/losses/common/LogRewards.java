package org.gfn4j.losses.common;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;

/**
 * Clipped log-rewards, checked before an objective uses them: NaN and {@code +inf} always fail, and so does
 * {@code -inf} after clipping (a zero reward cannot be balanced in log space), with a message naming the
 * objective, the trajectory or state, and {@code log_reward_clip_min}.
 */
public final class LogRewards {
  private LogRewards() {}

  /**
   * The clipped log-reward of trajectory {@code i}'s terminal object.
   *
   * @param objective the objective's name, for messages ({@code "detailed balance"})
   * @throws IllegalArgumentException naming the trajectory and its terminal state if the clipped value is not
   *     finite
   */
  public static double terminal(String objective, Trajectories trajectories, int i, LogRewardClip clip) {
    double raw = trajectories.logReward(i);
    double clipped = clip.apply(raw);
    if (Double.isFinite(clipped)) {
      return clipped;
    }
    String state = trajectories.states().format(trajectories.terminalRow(i));
    throw invalid(objective + ": trajectory " + i + " ending in state " + state, raw, clipped, clip);
  }

  /**
   * The clipped log-reward of the state of row {@code row}, from a
   * {@link org.gfn4j.api.objective.Term#STATE_LOG_REWARD} array.
   *
   * @param objective the objective's name, for messages
   * @throws IllegalArgumentException naming the state, its row and trajectory if the clipped value is not finite
   */
  public static double state(String objective, Trajectories trajectories, double[] stateLogRewards, int row,
      LogRewardClip clip) {
    double raw = stateLogRewards[row];
    double clipped = clip.apply(raw);
    if (Double.isFinite(clipped)) {
      return clipped;
    }
    String where = objective + ": state " + trajectories.states().format(row) + " (row " + row + ", in trajectory "
        + trajectoryOf(trajectories, row) + ")";
    throw invalid(where, raw, clipped, clip);
  }

  private static IllegalArgumentException invalid(String subject, double raw, double clipped, LogRewardClip clip) {
    String problem = subject + " has log-reward " + raw
        + (Double.compare(raw, clipped) == 0 ? "" : " (" + clipped + " after clipping at log_reward_clip_min="
            + clip.min() + ")");
    if (clipped == Double.NEGATIVE_INFINITY) {
      return new IllegalArgumentException(problem + "; a zero reward cannot be balanced: set log_reward_clip_min "
          + "(for example -100) to clip log-rewards from below");
    }
    return new IllegalArgumentException(problem + "; log-rewards must be finite");
  }

  private static int trajectoryOf(Trajectories trajectories, int row) {
    int low = 0;
    int high = trajectories.count() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (trajectories.start(middle) <= row) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }
}
