package org.gfn4j.losses.common;

import java.util.ArrayList;
import java.util.List;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.param.ParameterSpec;

/** The options every built-in objective declares. */
public final class ObjectiveParameters {
  /** Whether each state's log-reward is added to its learned flow (objectives with state flows). */
  public static final ParameterSpec FORWARD_LOOKING = ParameterSpec.flag("forward_looking", false,
      "add each state's log-reward to its learned log-flow (forward-looking GFlowNets, Pan et al. 2023)");

  private ObjectiveParameters() {}

  /**
   * {@code residual}, {@code linex_alpha} and {@code log_reward_clip_min} ({@link ResidualPenalty#PARAMETERS},
   * {@link LogRewardClip#PARAMETER}), followed by {@code specific}.
   */
  public static List<ParameterSpec> withShared(ParameterSpec... specific) {
    List<ParameterSpec> list = new ArrayList<>();
    list.add(ResidualPenalty.KIND_PARAMETER);
    list.add(ResidualPenalty.ALPHA_PARAMETER);
    list.add(LogRewardClip.PARAMETER);
    list.addAll(List.of(specific));
    return List.copyOf(list);
  }
}
