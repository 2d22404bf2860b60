package org.gfn4j.api.objective;

import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Optional lower clipping of log-rewards inside an objective: {@code max(log R, min)}. With the default
 * {@code -inf} nothing is clipped.
 *
 * @param min the smallest log-reward an objective sees
 */
public record LogRewardClip(double min) {
  /** Parameter giving {@link #min}. */
  public static final ParameterSpec PARAMETER = ParameterSpec.real("log_reward_clip_min",
      Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
      "clip log-rewards below this value (-inf: no clipping)");

  public LogRewardClip {
    if (Double.isNaN(min)) {
      throw new IllegalArgumentException("log_reward_clip_min is NaN");
    }
  }

  /** The clip selected by {@link #PARAMETER} in an objective's parameters. */
  public static LogRewardClip from(Parameters parameters) {
    return new LogRewardClip(parameters.getDouble(PARAMETER.name()));
  }

  /** The clipped log-reward. */
  public double apply(double logReward) {
    return Math.max(logReward, min);
  }
}
