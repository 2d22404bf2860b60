package org.gfn4j.losses.zvar;

import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.losses.common.ObjectiveParameters;

/**
 * Provides {@link LogPartitionVariance} as objective {@code "zvar"}, with parameters {@code residual},
 * {@code linex_alpha} and {@code log_reward_clip_min}.
 */
public final class LogPartitionVarianceProvider implements ObjectiveProvider {
  private static final List<ParameterSpec> PARAMETERS = ObjectiveParameters.withShared();

  @Override
  public String name() {
    return "zvar";
  }

  @Override
  public String description() {
    return "log-partition variance (Zhang et al. 2023, VarGrad): variance of per-trajectory log Z estimates";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  @Override
  public Objective create(Parameters parameters) {
    return new LogPartitionVariance(ResidualPenalty.from(parameters), LogRewardClip.from(parameters));
  }
}
