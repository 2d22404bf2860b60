package org.gfn4j.losses.tb;

import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.losses.common.ObjectiveParameters;

/**
 * Provides {@link TrajectoryBalance} as objective {@code "tb"}, with parameters {@code residual},
 * {@code linex_alpha} and {@code log_reward_clip_min}.
 */
public final class TrajectoryBalanceProvider implements ObjectiveProvider {
  private static final List<ParameterSpec> PARAMETERS = ObjectiveParameters.withShared();

  @Override
  public String name() {
    return "tb";
  }

  @Override
  public String description() {
    return "trajectory balance (Malkin et al. 2022): learned log Z, penalised per-trajectory flow residual";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  @Override
  public Objective create(Parameters parameters) {
    return new TrajectoryBalance(ResidualPenalty.from(parameters), LogRewardClip.from(parameters));
  }
}
