package org.gfn4j.losses.db;

import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.losses.common.ObjectiveParameters;

/**
 * Provides {@link DetailedBalance} as objective {@code "db"}, with parameters {@code residual},
 * {@code linex_alpha}, {@code log_reward_clip_min} and {@code forward_looking}.
 */
public final class DetailedBalanceProvider implements ObjectiveProvider {
  private static final List<ParameterSpec> PARAMETERS =
      ObjectiveParameters.withShared(ObjectiveParameters.FORWARD_LOOKING);

  @Override
  public String name() {
    return "db";
  }

  @Override
  public String description() {
    return "detailed balance (Bengio et al. 2023): learned state flows, penalised per-transition flow residual";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  @Override
  public Objective create(Parameters parameters) {
    return new DetailedBalance(ResidualPenalty.from(parameters), LogRewardClip.from(parameters),
        parameters.getBoolean(ObjectiveParameters.FORWARD_LOOKING.name()));
  }
}
