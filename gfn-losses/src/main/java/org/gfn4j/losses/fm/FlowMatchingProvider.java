package org.gfn4j.losses.fm;

import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.losses.common.ObjectiveParameters;

/**
 * Provides {@link FlowMatching} as objective {@code "fm"}, with parameters {@code residual}, {@code linex_alpha},
 * {@code log_reward_clip_min} and {@code alpha} (weight of reward matching, default 1).
 */
public final class FlowMatchingProvider implements ObjectiveProvider {
  /** The weight of the reward-matching mean. */
  public static final ParameterSpec ALPHA = ParameterSpec.real("alpha", 1.0, 0, 1000,
      "weight of the reward-matching term F(x -> sink) = R(x)");

  private static final List<ParameterSpec> PARAMETERS = ObjectiveParameters.withShared(ALPHA);

  @Override
  public String name() {
    return "fm";
  }

  @Override
  public String description() {
    return "flow matching (Bengio et al. 2021): the forward estimator outputs log edge flows; in-flow = out-flow";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  @Override
  public Objective create(Parameters parameters) {
    return new FlowMatching(ResidualPenalty.from(parameters), LogRewardClip.from(parameters),
        parameters.getDouble(ALPHA.name()));
  }
}
