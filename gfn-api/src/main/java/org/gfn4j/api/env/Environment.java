package org.gfn4j.api.env;

import org.gfn4j.api.param.Parameters;

/**
 * An environment: the states a GFlowNet builds objects in, the moves between them and the reward of finished
 * objects. Implementations are stateless and work on batches; {@link DiscreteEnvironment} is the discrete kind.
 * Being stateless, they are safe to call from several threads at once, which the trainer does (it computes the
 * backward policy's inputs on a second thread while the forward policy's are computed on the first).
 */
public interface Environment {
  /** The provider name this environment was created by ({@code "hypergrid"}). */
  String name();

  /** The validated parameters it was created with (recorded as provenance). */
  Parameters parameters();

  /** Width of the float feature vector {@link DiscreteEnvironment#encode} writes for each state. */
  int encodingDim();

  /** Name of the state encoding ({@code "khot"}, {@code "onehot"}, {@code "identity"}), recorded in exports. */
  String encoding();
}
