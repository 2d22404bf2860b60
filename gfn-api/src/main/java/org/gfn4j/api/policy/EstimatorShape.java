package org.gfn4j.api.policy;

/**
 * The input and output widths an estimator must have, and its role.
 *
 * @param inputDim width of the encoded states
 * @param outputDim width of the output (action count for a forward policy)
 * @param role what the estimator computes, for messages and checkpoints ({@code "pf"}, {@code "pb"})
 */
public record EstimatorShape(int inputDim, int outputDim, String role) {
  public EstimatorShape {
    if (inputDim < 1 || outputDim < 1) {
      throw new IllegalArgumentException("estimator '" + role + "' needs positive dimensions, got " + inputDim
          + " -> " + outputDim);
    }
  }
}
