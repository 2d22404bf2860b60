package org.gfn4j.core.sampling;

import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.core.backend.WorkspaceScope;

/** Inference of an estimator on a batch of states: encode them, predict inside a workspace, return plain arrays. */
public final class PolicyOutputs {
  private PolicyOutputs() {}

  /**
   * The estimator's outputs for every state ({@code states.size() * outputDim()}, row-major).
   *
   * @param workspace the ND4J workspace the prediction's temporary arrays live in
   */
  public static double[] of(Estimator estimator, DiscreteStates states, String workspace) {
    int rows = states.size();
    float[] features = new float[rows * states.environment().encodingDim()];
    states.environment().encode(states, features);
    try (WorkspaceScope scope = WorkspaceScope.open(workspace, rows)) {
      return estimator.predict(features, rows);
    }
  }
}
