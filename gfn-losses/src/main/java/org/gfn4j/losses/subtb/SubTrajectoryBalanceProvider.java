package org.gfn4j.losses.subtb;

import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.losses.common.ObjectiveParameters;

/**
 * Provides {@link SubTrajectoryBalance} as objective {@code "subtb"}, with parameters {@code residual},
 * {@code linex_alpha}, {@code log_reward_clip_min}, {@code lambda} (positive, default 0.9), {@code weighting}
 * (default {@code geometric_within}) and {@code forward_looking}.
 */
public final class SubTrajectoryBalanceProvider implements ObjectiveProvider {
  /** The geometric weight base, in {@code (0, 1000]}. */
  public static final ParameterSpec LAMBDA = ParameterSpec.realAbove("lambda", 0.9, 0, 1000,
      "geometric weight base of sub-trajectory lengths (geometric and geometric_within weightings)");

  /** How sub-trajectories are weighted. */
  public static final ParameterSpec WEIGHTING = ParameterSpec.choice("weighting", Weighting.GEOMETRIC_WITHIN.text(),
      "how sub-trajectories are weighted (torchgfn's SubTB weightings)", Weighting.texts().toArray(String[]::new));

  private static final List<ParameterSpec> PARAMETERS =
      ObjectiveParameters.withShared(LAMBDA, WEIGHTING, ObjectiveParameters.FORWARD_LOOKING);

  @Override
  public String name() {
    return "subtb";
  }

  @Override
  public String description() {
    return "sub-trajectory balance SubTB(lambda) (Madan et al. 2023): learned state flows, every sub-trajectory";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the objective from validated parameters.
   *
   * @throws IllegalArgumentException if {@code lambda} is 0, naming the key and the accepted range
   */
  @Override
  public Objective create(Parameters parameters) {
    return new SubTrajectoryBalance(ResidualPenalty.from(parameters), LogRewardClip.from(parameters),
        parameters.getDouble(LAMBDA.name()), Weighting.fromText(parameters.getString(WEIGHTING.name())),
        parameters.getBoolean(ObjectiveParameters.FORWARD_LOOKING.name()));
  }
}
