package org.gfn4j.core.sampling;

import org.gfn4j.api.env.States;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.core.backend.WorkspaceScope;
import org.gfn4j.core.nn.Predictor;

/**
 * Inference of an estimator on a batch of states: their features ({@link Features}), a prediction inside a
 * workspace, the outputs on plain arrays.
 */
public final class PolicyOutputs {
  private PolicyOutputs() {}

  /**
   * The estimator's outputs for every state ({@code states.size() * outputDim()}, row-major).
   *
   * @param workspace the ND4J workspace the prediction's temporary arrays live in
   */
  public static double[] of(Estimator estimator, States states, String workspace) {
    return of(estimator::predict, states, workspace);
  }

  /** The predictor's outputs for every state, as {@link #of(Estimator, States, String)}. */
  public static double[] of(Predictor predictor, States states, String workspace) {
    int rows = states.size();
    float[] features = Features.of(states);
    try (WorkspaceScope scope = WorkspaceScope.open(workspace, rows)) {
      return predictor.predict(features, rows);
    }
  }
}
