package org.gfn4j.api.env;

import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import org.gfn4j.api.param.Parameters;

/**
 * What every environment has: its name, parameters, state encoding and conditions. The batched rules (initial
 * states, steps, rewards, policy heads) are in {@link StepEnvironment}, which every environment implements
 * through one of its kinds, {@link DiscreteEnvironment} or {@link ContinuousEnvironment}. Implementations are
 * stateless and work on batches; being stateless, they are safe to call from several threads at once, which the
 * trainer does (it computes the backward policy's inputs on a second thread while the forward policy's are
 * computed on the first).
 */
public interface Environment {
  /** The provider name this environment was created by ({@code "hypergrid"}). */
  String name();

  /** The validated parameters it was created with (recorded as provenance). */
  Parameters parameters();

  /** Width of the float feature vector {@link StepEnvironment#encode} writes for each state. */
  int encodingDim();

  /** Name of the state encoding ({@code "khot"}, {@code "onehot"}, {@code "identity"}), recorded in exports. */
  String encoding();

  /**
   * Width of the condition vector each state and trajectory carries; 0 (the default) for an unconditional
   * environment. A conditional GFlowNet's estimators read {@code [encoding, condition]}.
   */
  default int conditionDim() {
    return 0;
  }

  /**
   * The log-reward from which a terminal object counts as a mode, for the modes found by evaluations that cannot
   * enumerate the states; empty (the default) when the environment declares none.
   */
  default OptionalDouble modeLogRewardThreshold() {
    return OptionalDouble.empty();
  }

  /**
   * Draws one condition per trajectory for training ({@code n x conditionDim()}).
   *
   * @param random the only source of randomness
   */
  default Conditions sampleConditions(int n, RandomGenerator random) {
    if (conditionDim() == 0) {
      return Conditions.none(n);
    }
    throw new UnsupportedOperationException("environment '" + name() + "' takes conditions of width "
        + conditionDim() + " but does not say how to draw them; override sampleConditions");
  }
}
