package org.gfn4j.api.env;

/**
 * The log-probability of one action per row under a {@link PolicyHead}, and its gradient with respect to the raw
 * outputs the head read. Computed once per batch; it may keep what the gradient needs (the row's softmax, say).
 */
public interface LogProbabilities {
  /** One log-probability per row (read-only). */
  double[] values();

  /**
   * Adds {@code sum over rows of upstream[row] * d values[row] / d outputs[row, j]} to {@code outputGradient}
   * ({@code rows * outputDim()}, row-major).
   */
  void addGradient(double[] upstream, double[] outputGradient);
}
