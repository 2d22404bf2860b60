package org.gfn4j.api.reward;

import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.plugin.Provider;

/**
 * Service-provider interface for rewards that replace or transform an environment's own reward (a proxy model,
 * a tempered reward). Register an implementation in {@code META-INF/services/org.gfn4j.api.reward.RewardProvider}.
 */
public interface RewardProvider extends Provider {
  /** Builds the reward for {@code environment} from validated parameters. */
  RewardFunction create(Parameters parameters, StepEnvironment<?, ?> environment);
}
