package org.gfn4j.losses.mdb;

import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.losses.common.ObjectiveParameters;

/**
 * Provides {@link ModifiedDetailedBalance} as objective {@code "mdb"}, with parameters {@code residual},
 * {@code linex_alpha} and {@code log_reward_clip_min}.
 */
public final class ModifiedDetailedBalanceProvider implements ObjectiveProvider {
  private static final List<ParameterSpec> PARAMETERS = ObjectiveParameters.withShared();

  @Override
  public String name() {
    return "mdb";
  }

  @Override
  public String description() {
    return "modified detailed balance (Deleu et al. 2022): every state terminal, no learned flow";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  @Override
  public Objective create(Parameters parameters) {
    return new ModifiedDetailedBalance(ResidualPenalty.from(parameters), LogRewardClip.from(parameters));
  }
}
