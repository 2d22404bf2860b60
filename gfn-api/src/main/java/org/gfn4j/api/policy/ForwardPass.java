package org.gfn4j.api.policy;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one estimator forward pass, keeping what the backward pass needs.
 *
 * <p>The output array is owned by the pass; callers may read it but must not modify it before
 * {@link #backward} has run.
 */
public interface ForwardPass {
  /** The estimator output, {@code [rows, outputDim]}. */
  INDArray output();

  /**
   * Back-propagates {@code outputGradient} (dLoss/dOutput, {@code [rows, outputDim]}) and adds the parameter
   * gradients to the estimator's {@link Estimator#gradients()}.
   */
  void backward(INDArray outputGradient);
}
