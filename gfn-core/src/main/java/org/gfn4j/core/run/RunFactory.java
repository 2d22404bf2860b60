package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Optional;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.env.Environment;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.plugin.Provider;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.api.reward.RewardProvider;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.train.GFlowNet;
import org.gfn4j.core.train.Seeds;

/**
 * Builds runs from {@link RunSpec}s: looks each plugin up by name, validates its options, and wires the
 * environment, reward, policies, log Z, objective and (for enumerable environments) the exact evaluator. Every
 * configuration error surfaces here, before training starts.
 */
public final class RunFactory {
  private final PluginRegistry registry;

  /** A factory over the given plugins. */
  @Inject
  public RunFactory(PluginRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  /** The plugins this factory resolves names against. */
  public PluginRegistry registry() {
    return registry;
  }

  /**
   * Builds a run with freshly initialised parameters.
   *
   * @throws IllegalArgumentException for an unknown plugin, an invalid option or an invalid combination
   */
  public TrainingRun create(RunSpec spec) {
    EnvironmentProvider environmentProvider = registry.environment(spec.environment().name());
    Environment created = environmentProvider.create(parameters("environment", environmentProvider,
        spec.environment()));
    if (!(created instanceof DiscreteEnvironment environment)) {
      throw new IllegalArgumentException("environment '" + spec.environment().name()
          + "' is not discrete; this trainer samples discrete environments only");
    }
    RewardProvider rewardProvider = registry.reward(spec.reward().name());
    RewardFunction reward = rewardProvider.create(parameters("reward", rewardProvider, spec.reward()), environment);
    ObjectiveProvider objectiveProvider = registry.objective(spec.objective().name());
    Objective objective = objectiveProvider.create(parameters("objective", objectiveProvider, spec.objective()));
    long seed = spec.training().seed();
    Estimator forward = estimator(spec.forwardPolicy(), new EstimatorShape(environment.encodingDim(),
        environment.actionCount(), "pf"), seed, Seeds.FORWARD_POLICY);
    Estimator backward = estimator(spec.backwardPolicy(), new EstimatorShape(environment.encodingDim(),
        environment.actionCount() - 1, "pb"), seed, Seeds.BACKWARD_POLICY);
    GFlowNet model = new GFlowNet(environment, reward, forward, backward, 0.0);
    Optional<ExactEvaluator> evaluator = environment instanceof Enumerable enumerable
        && enumerable.stateCount() <= ExactEvaluator.MAX_STATES
        ? Optional.of(new ExactEvaluator(environment, reward, spec.sampledL1Samples(),
            Seeds.stream(seed, Seeds.EVALUATION)))
        : Optional.empty();
    return new TrainingRun(spec, model, objective, evaluator);
  }

  private Estimator estimator(PluginChoice choice, EstimatorShape shape, long seed, int stream) {
    PolicyProvider provider = registry.policy(choice.name());
    return provider.create(parameters("policy", provider, choice), shape, Seeds.stream(seed, stream));
  }

  private static Parameters parameters(String kind, Provider provider, PluginChoice choice) {
    return Parameters.parse(kind + " '" + provider.name() + "'", provider.parameters(), choice.options());
  }
}
