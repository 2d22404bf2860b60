package org.gfn4j.core.reward;

import java.util.List;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.api.reward.RewardProvider;

/** Provides reward "env": the environment's own reward, the default of every run. */
public final class EnvironmentRewardProvider implements RewardProvider {
  /** The name of this provider. */
  public static final String NAME = "env";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the environment's own reward (default)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of();
  }

  @Override
  public RewardFunction create(Parameters parameters, StepEnvironment<?, ?> environment) {
    return new RewardFunction() {
      @Override
      public double[] logReward(States terminalStates) {
        return environment.logRewardOf(terminalStates);
      }

      @Override
      public String describe() {
        return environment.name() + " reward";
      }
    };
  }
}
