package org.gfn4j.losses.rtb;

import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.losses.common.ObjectiveParameters;

/**
 * Provides {@link RelativeTrajectoryBalance} as objective {@code "rtb"}, with parameters {@code residual} (default
 * {@code squared} like every gfn4j objective; torchgfn's RTB defaults to {@code half_squared}, which halves the
 * loss and its gradient), {@code linex_alpha}, {@code log_reward_clip_min} and
 * {@code beta} (positive, default 1). The trainer supplies the frozen prior's log-probabilities.
 */
public final class RelativeTrajectoryBalanceProvider implements ObjectiveProvider {
  /** The reward exponent, in {@code (0, 1000]}. */
  public static final ParameterSpec BETA = ParameterSpec.realAbove("beta", 1.0, 0, 1000,
      "reward exponent: the posterior is proportional to prior x R^beta");

  private static final List<ParameterSpec> PARAMETERS = ObjectiveParameters.withShared(BETA);

  @Override
  public String name() {
    return "rtb";
  }

  @Override
  public String description() {
    return "relative trajectory balance (Venkatraman et al. 2024): fine-tune towards a frozen prior times R^beta";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the objective from validated parameters.
   *
   * @throws IllegalArgumentException if {@code beta} is 0, naming the key and the accepted range
   */
  @Override
  public Objective create(Parameters parameters) {
    return new RelativeTrajectoryBalance(ResidualPenalty.from(parameters), LogRewardClip.from(parameters),
        parameters.getDouble(BETA.name()));
  }
}
