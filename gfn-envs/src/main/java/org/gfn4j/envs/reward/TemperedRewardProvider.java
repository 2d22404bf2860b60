package org.gfn4j.envs.reward;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.api.reward.RewardProvider;

/**
 * Provides the tempered reward {@code R'(x) = R(x)^beta}, that is {@code log R'(x) = beta * log R(x)}, where
 * {@code R} is the environment's own reward; registered as {@code "tempered"}. {@code beta > 1} sharpens the
 * modes, {@code beta < 1} flattens them.
 */
public final class TemperedRewardProvider implements RewardProvider {
  /** The provider name. */
  public static final String NAME = "tempered";
  /** Key of the exponent beta. */
  public static final String BETA = "beta";

  private static final double MAX_BETA = 1000;

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.realAbove(BETA, 1.0, 0, MAX_BETA, "exponent beta applied to the environment's reward"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the environment's own reward raised to a power beta (inverse temperature)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /** Builds {@code R^beta} over {@code environment}'s reward ({@code beta} in {@code (0, 1000]}, validated). */
  @Override
  public RewardFunction create(Parameters parameters, StepEnvironment<?, ?> environment) {
    requireNonNull(parameters, "parameters is null");
    requireNonNull(environment, "environment is null");
    return new TemperedReward(environment, parameters.getDouble(BETA));
  }

  /** {@code beta * log R(x)}; thread-safe when the environment's {@code logReward} is, as the SPI requires. */
  private static final class TemperedReward implements RewardFunction {
    private final StepEnvironment<?, ?> environment;
    private final double beta;

    TemperedReward(StepEnvironment<?, ?> environment, double beta) {
      this.environment = environment;
      this.beta = beta;
    }

    @Override
    public double[] logReward(States terminalStates) {
      double[] logReward = environment.logRewardOf(terminalStates);
      double[] tempered = new double[logReward.length];
      for (int i = 0; i < logReward.length; i++) {
        tempered[i] = beta * logReward[i];
      }
      return tempered;
    }

    @Override
    public String describe() {
      return environment.name() + " reward ^ " + beta;
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
